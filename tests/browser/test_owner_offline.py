"""Issue 22, offline pledges recorded by an owner on a phone: the form behind the site setting, a refused amount,
then cash with a voucher and no email address (the owner prints the voucher from its page); the pledge counts on
the campaign and is marked offline there."""

import re

import pytest

from .conftest import PASSWORD, assert_no_axe_violations, login, screenshot

pytestmark = pytest.mark.browser

NARROW = {"width": 375, "height": 812}
ALLOW = (
    "from wagtail.models import Site; from fundraising.models import FundraisingSettings; "
    "s = FundraisingSettings.for_site(Site.objects.get(is_default_site=True)); "
    "s.owners_record_offline_pledges = {value}; s.save()"
)


@pytest.fixture
def offline_allowed(live_site):
    live_site.manage("shell", "-c", ALLOW.format(value=True))
    yield
    live_site.manage("shell", "-c", ALLOW.format(value=False))


def _fits(page, name):
    width, window = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width <= window, f"{name}: the page is {width}px wide in a {window}px window"


def test_owner_records_cash_with_a_voucher_on_a_phone(make_page, live_site, offline_allowed):
    page, watcher = make_page("phone")
    page.set_viewport_size(NARROW)
    watcher.expected_statuses.add(400)  # the refused amount: the form comes back with 400
    watcher.expected_console.append(r"status of 400")
    login(page, live_site.data["accounts"]["owner"], PASSWORD)
    pk = live_site.data["owner_business_pk"]
    page.goto(f"/mein-unternehmen/{pk}/")
    page.locator("main a[href*='/aktion/']").first.click()
    page.wait_for_load_state()
    campaign_url = page.url
    link = page.locator("main a[href$='/offline/']")
    assert link.count() == 1, "the campaign page offers the offline form once the setting is on"
    link.click()
    page.wait_for_load_state()
    _fits(page, "offline form")
    for name in ("amount", "reference", "evidence", "name", "email", "issue_voucher"):
        field = page.locator(f"form [name={name}]")
        label = field.evaluate("f => f.labels.length ? f.labels[0].textContent.trim() : ''")
        assert label, f"{name} has no visible label"
    assert page.locator("form input[name=method][type=radio]").count() == 3  # cash, transfer, grant
    assert_no_axe_violations(page, "offline form (phone)")

    # A hostile amount: refused with the form kept and the field marked.
    page.locator("form input[name=amount]").fill("-5")
    page.locator("form input[name=method][value=cash]").check()
    page.locator("form input[name=reference]").fill("Kasse 17")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("[role=alert]").count() >= 1
    assert page.locator("form input[name=amount]").get_attribute("aria-invalid") == "true"
    assert page.locator("form input[name=reference]").input_value() == "Kasse 17"
    assert_no_axe_violations(page, "offline form with an error (phone)")

    page.locator("form input[name=amount]").fill("25,50")
    page.locator("form input[name=issue_voucher]").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert re.search(r"/gutschein/[^/]+/$", page.url), f"a voucher was issued and shown: {page.url}"
    assert "25,50" in page.locator("main").inner_text()
    _fits(page, "voucher of the offline pledge")
    screenshot(page, "owner-offline-voucher", "narrow")

    page.goto(campaign_url)
    table = page.locator("main table").first
    assert "Kasse 17" in table.inner_text() or "25,50" in table.inner_text()
    row = table.locator("tbody tr", has_text="25,50").first
    assert re.search("offline|bar", row.inner_text(), re.I), "the pledge is marked as offline (cash)"
