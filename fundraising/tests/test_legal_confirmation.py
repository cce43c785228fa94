"""Payment confirmation (PDF) for every paid pledge, and the owner's DATEV-friendly bookings export."""

import pytest

from django.core import mail
from django.utils import timezone

from fundraising.confirmation_pdf import confirmation_attachment, reference, rows
from fundraising.factories import PledgeFactory
from fundraising.models import PledgeState
from fundraising.notifications import notify_paid
from fundraising.vouchers import issue_vouchers

pytestmark = pytest.mark.django_db


def paid(campaign, **kwargs):
    fields = {"campaign": campaign, "state": PledgeState.PAID, "paid_at": timezone.now(), "amount_cents": 2500}
    fields.update(kwargs)
    return PledgeFactory(**fields)


def test_confirmation_rows_say_what_the_payment_was(campaign, reward):
    pledge = paid(campaign, reward=reward)
    labels = dict(rows(pledge))
    assert labels["Zahlungsreferenz"] == reference(pledge)
    assert labels["Art der Zahlung"] == "Mehrzweck-Gutschein (§ 3 Abs. 15 UStG)"
    assert labels["davon Gutschein (Preis)"] == "10,00\xa0€"
    assert labels["davon Unterstützung ohne Gegenleistung"] == "15,00\xa0€"


def test_every_paid_pledge_gets_the_confirmation_with_its_email(campaign, django_capture_on_commit_callbacks):
    pledge = paid(campaign)  # pure support, no voucher
    with django_capture_on_commit_callbacks(execute=True):
        notify_paid(pledge, [])
    files = [a for a in mail.outbox[0].attachments if isinstance(a, tuple)]
    assert [name for name, *_ in files] == [f"zahlungsbestaetigung-{reference(pledge)}.pdf"]
    assert files[0][1].startswith(b"%PDF")
    assert "Zahlungsbestätigung" in mail.outbox[0].body


def test_unpaid_pledge_has_no_confirmation(campaign, client):
    pledge = PledgeFactory(campaign=campaign, state=PledgeState.PENDING)
    assert confirmation_attachment(pledge.pk) == []
    response = client.get(f"/unterstuetzen/danke/{pledge.public_token}/zahlungsbestaetigung.pdf")
    assert response.status_code == 404


def test_confirmation_download_by_token_only(campaign, client):
    pledge = paid(campaign)
    response = client.get(f"/unterstuetzen/danke/{pledge.public_token}/zahlungsbestaetigung.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert client.get("/unterstuetzen/danke/forged-token/zahlungsbestaetigung.pdf").status_code == 404
    assert client.get(f"/unterstuetzen/danke/{'x' * 80}/zahlungsbestaetigung.pdf").status_code == 404


def test_voucher_page_links_the_confirmation(campaign, reward, client):
    pledge = paid(campaign, reward=reward)
    voucher = issue_vouchers(pledge)[0]
    html = client.get(f"/gutschein/{voucher.token}/").content.decode()
    assert f"/unterstuetzen/danke/{pledge.public_token}/zahlungsbestaetigung.pdf" in html


def test_owner_bookings_export_is_datev_friendly(campaign, reward, owner, client):
    voucher_pledge = paid(campaign, reward=reward, name="=HYPERLINK(1)")
    support = paid(campaign, amount_cents=700)
    PledgeFactory(campaign=campaign, state=PledgeState.PENDING)  # not booked
    client.force_login(owner)
    response = client.get(f"/mein-unternehmen/{campaign.business_page_id}/buchungen.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Umsatz;Soll/Haben-Kennzeichen;WKZ Umsatz;Konto;Gegenkonto;BU-Schlüssel;Belegdatum")
    assert len(lines) == 1 + 3  # voucher part and support part, and the support-only pledge
    assert "10,00;S;EUR;;;;" in lines[1] and reference(voucher_pledge) in lines[1]
    assert "multi_purpose" in lines[1]
    assert lines[2].startswith("15,00;S;EUR") and lines[3].startswith("7,00;S;EUR")
    assert reference(support) in lines[3]
    assert "HYPERLINK" not in text  # supporters' names are not in the bookings


def test_other_owner_cannot_export_the_bookings(campaign, other_owner, client):
    client.force_login(other_owner)
    response = client.get(f"/mein-unternehmen/{campaign.business_page_id}/buchungen.csv")
    assert response.status_code in (403, 404)


def test_refund_is_a_haben_row(campaign, owner, client):
    paid(campaign, state=PledgeState.REFUNDED, refunded_cents=2500)
    client.force_login(owner)
    lines = client.get(f"/mein-unternehmen/{campaign.business_page_id}/buchungen.csv").content.decode("utf-8-sig")
    assert "25,00;H;EUR" in lines
