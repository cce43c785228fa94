"""The pledge form on a phone (375 px): choosing "Monatlich unterstützen" sets the reward choice and the gift part
aside (campaign.js), "Einmalig" brings them back with the reward chosen before. Without JavaScript both stay and the
server refuses a monthly pledge with a reward."""

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.browser


def _fits(page):
    return page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth")


def _phone(make_page, **options):
    page, watcher = make_page("phone", **options)
    page.set_viewport_size({"width": 375, "height": 812})
    return page, watcher


def test_monthly_hides_reward_and_gift_and_once_brings_them_back(make_page, live_site):
    page, _watcher = _phone(make_page)
    page.goto(live_site.data["campaign"])
    rewards = page.locator("fieldset:has(input[name=reward])")
    gift = page.locator("[data-gift-details]")
    assert rewards.is_visible() and gift.is_visible()
    voucher = page.locator("input[name=reward][data-min-cents]:not([disabled])").first
    voucher_id = voucher.get_attribute("id")
    page.locator(f"label[for={voucher_id}]").click()
    page.locator("[data-gift-details] summary").click()
    page.locator("#id_gift").check()

    page.locator("label[for=id_frequency_1]").click()
    assert not rewards.is_visible() and not gift.is_visible()
    assert page.locator("#id_reward_none").is_checked() and not page.locator("#id_gift").is_checked()
    assert page.locator("#id_reward_none").is_disabled() and page.locator("#id_gift").is_disabled()
    assert _fits(page), "the form fits 375 px with the parts set aside"
    screenshot(page, "monthly-form-without-reward-de", "375")

    page.locator("label[for=id_frequency_0]").click()
    assert rewards.is_visible() and gift.is_visible()
    assert page.locator(f"#{voucher_id}").is_checked(), "the reward chosen before comes back"
    assert not page.locator("#id_gift").is_disabled()
    assert _fits(page)


def test_monthly_form_sends_no_reward_or_gift(make_page, live_site):
    """A reward chosen, then monthly: the post carries neither (the fields are disabled), so the checkout starts."""
    page, _watcher = _phone(make_page)
    page.goto("/en" + live_site.data["campaign"])
    voucher = page.locator("input[name=reward][data-min-cents]:not([disabled])").first
    page.locator(f"label[for={voucher.get_attribute('id')}]").click()
    page.locator("label[for=id_frequency_1]").click()
    page.fill("#id_name", "Paula Pate")
    page.fill("#id_email", "pate-form@example.org")
    page.locator("#id_accept_terms").check()
    page.locator("form[data-pledge-form] button[type=submit]").click()
    page.wait_for_url("**/testzahlung/**")
    assert page.locator("[data-demo-monthly]").is_visible()


def test_without_javascript_the_server_still_refuses_a_reward(make_page, live_site):
    page, watcher = _phone(make_page, java_script_enabled=False)
    watcher.expected_statuses.add(400)  # the refusal answers 400 with the form
    watcher.expected_console.append(r"status of 400")
    page.goto(live_site.data["campaign"])
    assert page.locator("fieldset:has(input[name=reward])").is_visible()
    voucher = page.locator("input[name=reward][data-min-cents]:not([disabled])").first
    page.locator(f"label[for={voucher.get_attribute('id')}]").click()
    page.locator("label[for=id_frequency_1]").click()
    page.fill("#id_name", "Paula Pate")
    page.fill("#id_email", "pate-nojs@example.org")
    page.locator("#id_accept_terms").check()
    page.locator("form[data-pledge-form] button[type=submit]").click()
    page.wait_for_load_state()
    assert "ohne Dankeschön" in page.locator("#reward-error").inner_text()
    assert "/testzahlung/" not in page.url
