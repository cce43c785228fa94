"""A citizen starts a collective campaign on the site: the form (empty and with errors) and the list of their own
campaigns, at desktop and phone width, with zero axe-core violations."""

import datetime
import re

import pytest

from .conftest import assert_no_axe_violations, login, screenshot

pytestmark = pytest.mark.browser

CITIZEN = "fan@example.org"  # the verified demo citizen of fundraising.collective.demo


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_start_form_and_its_errors(make_page, live_site, viewport):
    page, watcher = make_page(viewport)
    login(page, CITIZEN, next_url="/sammelaktionen/starten/")
    assert page.url.endswith("/sammelaktionen/starten/"), f"{CITIZEN} could not log in (demo data changed?)"
    assert page.locator("h1").count() == 1
    screenshot(page, "collective-start", viewport)
    assert_no_axe_violations(page, "collective start form")

    watcher.expected_statuses.add(400)
    watcher.expected_console.append(r"status of 400")
    page.locator("main form button[value=send]").click()
    page.wait_for_load_state("networkidle")
    invalid = page.locator("main [aria-invalid=true]")
    assert invalid.count() >= 4
    for i in range(invalid.count()):
        described = invalid.nth(i).get_attribute("aria-describedby") or ""
        assert any(
            page.locator(f"#{ident}").count() and page.locator(f"#{ident}").inner_text().strip()
            for ident in described.split()
        ), f"field {invalid.nth(i).get_attribute('name')} has no linked error text"
    screenshot(page, "collective-start-errors", viewport)
    assert_no_axe_violations(page, "collective start form with errors")


def test_start_sends_a_campaign_to_the_editors(make_page, live_site):
    page, _watcher = make_page("phone")
    login(page, CITIZEN, next_url="/sammelaktionen/starten/")
    today = datetime.date.today()
    page.fill("#id_title", "Browsertest: Die Nachbarschaft hält zusammen")
    page.fill("#id_story", "Alle Läden im Viertel brauchen uns.\n\nMachen Sie mit!")
    page.fill("#id_goal_euros", "8000")
    page.fill("#id_start_date", (today + datetime.timedelta(days=10)).isoformat())
    page.fill("#id_end_date", (today + datetime.timedelta(days=50)).isoformat())
    page.locator("#id_rule_categories_0").check()
    page.locator("main form button[value=send]").click()
    page.wait_for_url(re.compile(r"/sammelaktionen/meine/$"))
    text = page.locator("main").inner_text()
    assert "Browsertest: Die Nachbarschaft hält zusammen" in text and "In Prüfung" in text
    screenshot(page, "collective-mine", "phone")
    assert_no_axe_violations(page, "own collective campaigns")
