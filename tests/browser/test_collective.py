"""The collective campaign journey in a real browser: a citizen pledges to the club's campaign for a district's
gastronomy with a city-wide voucher, pays in the demo checkout, sees the shares grow on the campaign page and the
public report, and gets a voucher valid in every participating business."""

import re
import uuid
from urllib.parse import urlsplit

import pytest

from .conftest import assert_no_axe_violations, screenshot

pytestmark = pytest.mark.browser


def _euros(text):
    """'1.234,56 €' -> 123456 cents."""
    return int(re.sub(r"[^\d]", "", text))


@pytest.mark.parametrize("viewport", ["phone"])
def test_citizen_pledges_to_a_collective_campaign(make_page, live_site, viewport):
    data = live_site.data
    assert data.get("collective_campaign"), "the demo data has no started collective campaign"
    page, _watcher = make_page(viewport)
    page.goto(data["collective_campaign"])
    assert page.locator("h1").count() == 1
    first_share = page.locator("table tbody tr").first.locator("td.num").first
    share_before = _euros(first_share.inner_text())

    email = f"fan-{uuid.uuid4().hex[:8]}@example.org"
    page.fill("#id_custom_amount", "40")  # an own amount wins over the preset choice
    page.get_by_label(re.compile(r"Stadtgutschein 20")).check()  # a city-wide voucher worth 20 €
    page.fill("#id_name", "Fan Test")
    page.fill("#id_email", email)
    page.locator("#id_accept_terms").check()
    page.get_by_role("button", name=re.compile("Zahlung")).click()
    page.wait_for_url(re.compile(r"/testzahlung/"))
    page.get_by_role("button", name=re.compile("Bezahlen")).click()
    page.wait_for_url(re.compile(r"/unterstuetzen/danke/"))
    assert "bestätigt" in page.locator("main").inner_text()
    assert_no_axe_violations(page, "thank-you (collective)")

    # Back on the campaign page: every share grew by its part of the support money (40 € − 20 € voucher).
    page.goto(data["collective_campaign"])
    share_after = _euros(page.locator("table tbody tr").first.locator("td.num").first.inner_text())
    rows = page.locator("table tbody tr").count()
    assert share_after - share_before in (2000 // rows, 2000 // rows + 1)
    screenshot(page, "collective-after-pledge", viewport)

    # The voucher (link from the email) is city-wide.
    link = live_site.wait_for_mail(email, r"http://127\.0\.0\.1:\d+/gutschein/[\w-]+/")
    page.goto(urlsplit(link).path)
    assert "stadtweit" in page.locator("main").inner_text().lower()
    assert page.locator(".voucher-qr svg, .voucher-qr img").count() == 1
    assert_no_axe_violations(page, "city-wide voucher")

    # The public report adds up: the per-business totals' sum equals shares + vouchers used.
    page.goto(data["collective_campaign"] + "bericht/")
    assert page.locator("h1").count() == 1
    assert "Fan Test" not in page.content() and email not in page.content()
