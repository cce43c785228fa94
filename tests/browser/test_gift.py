"""The pledge form's "send as a gift" option on a phone (375 px), in German and English: it opens without
sideways scrolling, a past delivery date is refused with a readable message, and a valid gift goes on to the
(demo) checkout."""

import datetime

import pytest

from .conftest import assert_no_axe_violations, screenshot

pytestmark = pytest.mark.browser

TEXTS = {
    "de": {"summary": "Als Geschenk verschicken", "past": "nicht in der Vergangenheit", "prefix": ""},
    "en": {"summary": "Send as a gift", "past": "cannot be in the past", "prefix": "/en"},
}


@pytest.mark.parametrize("language", ["de", "en"])
def test_gift_option_on_the_pledge_form_at_375px(make_page, live_site, language):
    data = live_site.data
    assert data.get("campaign"), "the demo data has no active campaign with a voucher reward"
    texts = TEXTS[language]
    page, watcher = make_page("phone")
    page.set_viewport_size({"width": 375, "height": 812})
    watcher.expected_statuses.add(400)  # the refused past date answers 400 with the form
    watcher.expected_console.append(r"status of 400")
    page.goto(texts["prefix"] + data["campaign"])
    form = page.locator("form[data-pledge-form]")
    details = form.locator("details[data-gift-details]")
    summary = details.locator("summary")
    assert summary.inner_text().strip() == texts["summary"]
    assert not form.locator("#id_gift_recipient_email").is_visible()  # closed until asked for
    summary.click()
    assert form.locator("#id_gift_recipient_email").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # A voucher reward, the buyer, the recipient — and a date in the past (typed, as a browser without a date picker).
    voucher = form.locator("input[name=reward][data-min-cents]:not([disabled])").first
    min_cents = int(voucher.get_attribute("data-min-cents"))
    voucher.check()
    form.locator("#id_custom_amount").fill(str(max(min_cents // 100, 5) + 1))
    form.locator("#id_name").fill("Bea Browser")
    form.locator("#id_email").fill("bea.browser@example.org")
    form.locator("#id_gift").check()
    form.locator("#id_gift_recipient_name").fill("Rudi Empfänger")
    form.locator("#id_gift_recipient_email").fill("rudi.browser@example.org")
    form.locator("#id_gift_message").fill("<b>Alles Gute!</b>")
    yesterday = datetime.date.today() - datetime.timedelta(days=2)
    form.locator("#id_gift_deliver_on").evaluate(
        "(el, v) => { el.type = 'text'; el.value = v; }", yesterday.isoformat()
    )
    form.locator("#id_accept_terms").check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()

    form = page.locator("form[data-pledge-form]")
    details = form.locator("details[data-gift-details]")
    assert details.get_attribute("open") is not None  # re-opened to show the error
    error = details.locator("#id_gift_deliver_on_error")
    assert error.is_visible() and texts["past"] in error.inner_text()
    assert form.locator("#id_gift_message").input_value() == "<b>Alles Gute!</b>"  # kept, as text
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, f"pledge-gift-error-{language}", "phone375")
    assert_no_axe_violations(page, f"pledge form with the gift option ({language})")

    # Today is fine: on to the (demo) checkout.
    form.locator("#id_gift_deliver_on").evaluate(
        "(el, v) => { el.type = 'text'; el.value = v; }", datetime.date.today().isoformat()
    )
    if not form.locator("#id_accept_terms").is_checked():
        form.locator("#id_accept_terms").check()
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/testzahlung/**")
