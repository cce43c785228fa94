"""City operations in a real browser: the crisis banner (desktop and phone), the citizens' alert sign-up with its
double opt-in and one-click unsubscribe, and the claim-letter code form — axe-clean, no console errors."""

import re
import uuid

import pytest

from .conftest import assert_no_axe_violations, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_crisis_banner_on_home_and_business_pages(make_page, live_site, viewport):
    page, _watcher = make_page(viewport)
    for path in ("/", live_site.data["campaign"]):
        page.goto(path)
        banner = page.locator("aside.crisis-banner")
        assert banner.count() == 1 and banner.is_visible()
        assert "Corona-Schutzverordnung" in banner.inner_text()
        assert banner.locator("h2").get_attribute("id") == "crisis-banner-title"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], "the banner must not widen the page"
    page.goto("/")
    screenshot(page, "crisis-banner-home", viewport)
    assert_no_axe_violations(page, f"home with crisis banner ({viewport})")
    page.goto("/en/")
    assert "regulations" in page.locator("aside.crisis-banner").inner_text()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_alert_sign_up_confirm_and_unsubscribe(make_page, live_site, viewport):
    page, watcher = make_page(viewport)
    watcher.expected_statuses.add(400)
    watcher.expected_console.append(r"status of 400")
    email = f"nachbarin-{uuid.uuid4().hex[:6]}@example.org"
    page.goto("/benachrichtigungen/")
    assert page.locator("h1").inner_text() == "Benachrichtigungen per E-Mail"
    screenshot(page, "alerts-form", viewport)
    assert_no_axe_violations(page, f"alerts form ({viewport})")

    # Nothing chosen: the form says so and stays accessible.
    page.fill("#id_email", email)
    page.locator("#id_privacy").check()
    page.locator("main button[type=submit]").click()
    assert "mindestens einen Stadtbezirk" in page.locator("main").inner_text()
    assert_no_axe_violations(page, f"alerts form with errors ({viewport})")

    page.get_by_label("Hombruch").first.check()
    page.locator("main button[type=submit]").click()
    assert page.locator("h1").inner_text() == "Bitte sehen Sie in Ihr Postfach"
    link = live_site.wait_for_mail(email, r"http://127\.0\.0\.1:\d+/benachrichtigungen/bestaetigen/[^\s/]+/")
    page.goto(re.sub(r"^http://127\.0\.0\.1:\d+", "", link))
    assert_no_axe_violations(page, f"alerts confirm ({viewport})")
    page.locator("main form button[type=submit]").click()
    assert "eingeschaltet" in page.locator("main").inner_text()
    page.get_by_role("link", name="Auswahl ändern").click()
    assert_no_axe_violations(page, f"alerts manage ({viewport})")
    page.get_by_role("link", name="Alle Benachrichtigungen abbestellen").click()
    page.locator("main form button[type=submit]").click()
    assert page.locator("h1").inner_text() == "Abbestellt"
    assert_no_axe_violations(page, f"alerts unsubscribed ({viewport})")


def test_claim_letter_code_form(make_page, live_site):
    page, watcher = make_page("phone")
    watcher.expected_statuses.update({400, 404})
    watcher.expected_console.append(r"status of 40[04]")
    page.goto("/brief/")
    assert_no_axe_violations(page, "claim letter code form")
    page.fill("#id_code", "kein code")
    page.locator("main button[type=submit]").click()
    assert "kein gültiger Code" in page.locator("main").inner_text()
    assert_no_axe_violations(page, "claim letter code form with error")
    page.fill("#id_code", "7K3Q-M9XD-2PRT")
    page.locator("main button[type=submit]").click()
    assert "kennen wir nicht" in page.locator("main").inner_text()
    screenshot(page, "claim-letter-unknown", "phone")
