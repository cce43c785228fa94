"""The pledge form at phone width says what a payment is (classification), shows the withdrawal information and
links the privacy policy as information (no consent checkbox for it) — readable, reachable and without axe
violations."""

import pytest

from .conftest import assert_no_axe_violations, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_pledge_form_shows_classification_withdrawal_and_privacy(make_page, live_site, viewport):
    data = live_site.data
    assert data.get("campaign"), "the demo data has no active campaign with a voucher reward"
    page, _watcher = make_page(viewport)
    page.goto(data["campaign"])
    form = page.locator("form[data-pledge-form]")
    classes = form.locator("[data-payment-class]")
    assert classes.count() >= 2  # "just support" and at least one voucher
    texts = " ".join(classes.all_inner_texts())
    assert "keine steuerlich absetzbare Spende" in texts
    assert "Mehrzweck-Gutschein" in texts or "Einzweck-Gutschein" in texts
    privacy = form.locator("[data-privacy-info]")
    assert privacy.is_visible()
    assert privacy.locator("a").count() == 1 and privacy.locator("input").count() == 0
    assert "Datenschutz" not in form.locator("label[for=id_accept_terms]").inner_text()
    details = form.locator("details[data-withdrawal-details]")
    details.locator("summary").click()
    info = details.locator("[data-withdrawal-info]")
    assert info.is_visible()
    assert "vierzehn Tagen" in info.inner_text() and "Muster-Widerrufsformular" in info.inner_text()
    box = info.bounding_box()
    width = page.viewport_size["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width  # no sideways scrolling at phone width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, "pledge-legal", viewport)
    assert_no_axe_violations(page, "pledge form with withdrawal information")
