"""Monthly support on a phone (375 px), in German and English: choose "monthly" on the pledge form, subscribe in the
demo checkout, see the manage page, simulate the next month, cancel with confirmation."""

import re
import uuid

import pytest

from .conftest import assert_no_axe_violations, screenshot

pytestmark = pytest.mark.browser

TEXTS = {
    "de": {"prefix": "", "monthly": "Monatlich unterstützen", "state": "Aktiv", "cancelled": "Gekündigt"},
    "en": {"prefix": "/en", "monthly": "Support monthly", "state": "Active", "cancelled": "Cancelled"},
}


def _fits(page):
    return page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("language", ["de", "en"])
def test_choosing_monthly_in_the_demo_checkout_on_a_phone(make_page, live_site, language):
    texts = TEXTS[language]
    page, _watcher = make_page("phone")
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(texts["prefix"] + live_site.data["campaign"])

    choice = page.locator("label[for=id_frequency_1]")
    assert texts["monthly"] in choice.inner_text()
    choice.click()
    assert page.locator("#id_frequency_1").is_checked()
    assert _fits(page), "the pledge form fits 375 px"
    email = f"pate-{uuid.uuid4().hex[:8]}@example.org"
    page.fill("#id_name", "Paula Pate")
    page.fill("#id_email", email)
    page.locator("#id_accept_terms").check()
    screenshot(page, f"monthly-form-{language}", "375")
    page.locator("form[data-pledge-form] button[type=submit]").click()

    page.wait_for_url(re.compile(r"/testzahlung/"))
    assert page.locator("[data-demo-monthly]").is_visible()
    assert _fits(page)
    screenshot(page, f"monthly-demo-checkout-{language}", "375")
    assert_no_axe_violations(page, f"monthly demo checkout {language}")
    page.locator("button[value=pay]").click()

    page.wait_for_url(re.compile(r"/patenschaft/"))
    assert page.locator("[data-subscription-state]").get_attribute("data-subscription-state") == "active"
    assert texts["state"] in page.locator("[data-state-label]").inner_text()
    assert page.locator("[data-months-paid]").inner_text().strip() == "1"
    assert _fits(page), "the manage page fits 375 px"
    screenshot(page, f"monthly-manage-{language}", "375")
    assert_no_axe_violations(page, f"monthly manage page {language}")

    page.locator("[data-demo-next-month]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-months-paid]").inner_text().strip() == "2"

    page.locator("#id_confirm").check()
    page.locator("form[data-cancel-form] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-subscription-state]").get_attribute("data-subscription-state") == "cancelled"
    assert texts["cancelled"] in page.locator("[data-state-label]").inner_text()

    # Every email carries the manage link (no account needed).
    link = live_site.wait_for_mail(email, r"http://127\.0\.0\.1:\d+(/en)?/patenschaft/[\w-]+/")
    assert link.endswith(page.url.split(live_site.url, 1)[1].split("?")[0])
