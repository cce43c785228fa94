"""What a payment is (fundraising.legal): reward classes, the split into voucher and support, and where it shows."""

import pytest

from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fundraising.confirmation_pdf import render_confirmation
from fundraising.factories import PledgeFactory, RewardFactory
from fundraising.legal import PaymentClass, breakdown, payment_class_snapshot, vat_included
from fundraising.models import Pledge, PledgeState, RewardKind
from fundraising.notifications import notify_paid
from fundraising.voucher_pdf import render_pdf
from fundraising.vouchers import issue_vouchers

from .pdf_reading import PdfReading


def test_breakdown_splits_voucher_price_and_support():
    parts = breakdown(2500, PaymentClass.MULTI_PURPOSE, 1000)
    assert (parts.voucher_cents, parts.support_cents, parts.vat_cents) == (1000, 1500, 0)
    assert parts.is_voucher


def test_breakdown_without_voucher_is_all_support():
    parts = breakdown(2500, PaymentClass.SUPPORT, None)
    assert (parts.payment_class, parts.voucher_cents, parts.support_cents) == ("support", 0, 2500)
    # A forged class or a missing price never makes support into a voucher.
    assert breakdown(2500, "bogus", 1000).support_cents == 2500
    assert breakdown(2500, PaymentClass.MULTI_PURPOSE, None).support_cents == 2500


def test_single_purpose_voucher_has_vat_in_its_price():
    parts = breakdown(1190, PaymentClass.SINGLE_PURPOSE, 1190, 19)
    assert parts.vat_cents == 190
    assert vat_included(1070, 7) == 70
    assert vat_included(1000, 0) == 0


def test_price_is_never_more_than_the_payment():
    assert breakdown(500, PaymentClass.MULTI_PURPOSE, 1000).voucher_cents == 500


@pytest.mark.django_db
def test_reward_clean_rules(campaign):
    reward = RewardFactory.build(page=campaign, payment_class=PaymentClass.SINGLE_PURPOSE, vat_rate_percent=None)
    with pytest.raises(ValidationError) as error:
        reward.clean()
    assert "vat_rate_percent" in error.value.message_dict
    other = RewardFactory.build(page=campaign, kind=RewardKind.OTHER, payment_class=PaymentClass.MULTI_PURPOSE)
    other.clean()
    assert other.payment_class == PaymentClass.SUPPORT
    voucher = RewardFactory.build(page=campaign, payment_class=PaymentClass.SUPPORT)
    with pytest.raises(ValidationError):
        voucher.clean()
    multi = RewardFactory.build(page=campaign, vat_rate_percent=19)
    multi.clean()
    assert multi.vat_rate_percent is None  # only single-purpose vouchers carry a rate


@pytest.mark.django_db
def test_snapshot_of_no_reward_and_of_a_single_purpose_voucher(campaign):
    assert payment_class_snapshot(None)["payment_class"] == "support"
    reward = RewardFactory(page=campaign, payment_class=PaymentClass.SINGLE_PURPOSE, vat_rate_percent=7)
    assert payment_class_snapshot(reward) == {
        "payment_class": "single_purpose",
        "voucher_price_cents": 1000,
        "vat_rate_percent": 7,
    }


@pytest.mark.django_db
def test_pledge_form_shows_the_class_of_each_reward(client, campaign, reward):
    RewardFactory(page=campaign, title="Kaffee", payment_class=PaymentClass.SINGLE_PURPOSE, vat_rate_percent=19)
    html = client.get(campaign.url).content.decode()
    assert "Mehrzweck-Gutschein" in html
    assert "Einzweck-Gutschein, inkl. 19 % USt." in html
    assert "keine steuerlich absetzbare Spende" in html
    assert "Was Sie über 10\xa0€ hinaus zahlen, ist Unterstützung." in html


@pytest.mark.django_db
def test_pledge_records_the_class(client, campaign, reward):
    response = client.post(
        f"/unterstuetzen/{campaign.pk}/",
        {"amount": "2500", "reward": reward.pk, "name": "Erika", "email": "e@example.org", "accept_terms": "on"},
    )
    assert response.status_code == 303, response.content.decode()[:2000]
    pledge = Pledge.objects.get()
    assert (pledge.payment_class, pledge.voucher_price_cents, pledge.vat_rate_percent) == ("multi_purpose", 1000, None)
    assert pledge.breakdown.support_cents == 1500


@pytest.mark.django_db
def test_email_and_pdf_say_what_the_payment_is(campaign, reward, django_capture_on_commit_callbacks):
    pledge = PledgeFactory(
        campaign=campaign, reward=reward, state=PledgeState.PAID, paid_at=timezone.now(), amount_cents=2500
    )
    vouchers = issue_vouchers(pledge)
    with django_capture_on_commit_callbacks(execute=True):
        notify_paid(pledge, vouchers)
    body = mail.outbox[0].body
    assert "Mehrzweck-Gutschein (§ 3 Abs. 15 UStG)" in body
    assert "Gutschein: 10,00\xa0€ · Unterstützung ohne Gegenleistung: 15,00\xa0€" in body
    assert "keine Zuwendungsbestätigung" in body
    assert "Mehrzweck-Gutschein" in mail.outbox[0].alternatives[0][0]
    assert "Mehrzweck-Gutschein (§ 3 Abs. 15 UStG)" in PdfReading(render_pdf(vouchers[0])).text()
    confirmation = PdfReading(render_confirmation(pledge)).text()
    assert "Keine Zuwendungsbestätigung" in confirmation or "keine Zuwendungsbestätigung" in confirmation
    assert "Mehrzweck-Gutschein (§ 3 Abs. 15 UStG)" in confirmation and "15,00" in confirmation


@pytest.mark.django_db
def test_exports_say_what_each_payment_is(admin_client, client, campaign, reward, owner):
    """Point 1 in the exports: the admin pledge export, the owner's pledges and vouchers CSVs."""
    single = RewardFactory(page=campaign, title="Kaffee", payment_class=PaymentClass.SINGLE_PURPOSE, vat_rate_percent=7)
    for chosen, amount in ((reward, 2500), (single, 1000), (None, 700)):
        pledge = PledgeFactory(
            campaign=campaign, reward=chosen, state=PledgeState.PAID, paid_at=timezone.now(), amount_cents=amount
        )
        issue_vouchers(pledge)
    export = admin_client.get("/admin/fundraising/pledges/?export=csv")
    body = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    assert "multi_purpose" in body and "single_purpose" in body and "support" in body
    client.force_login(owner)
    business = campaign.business_page_id
    pledges = client.get(reverse("fundraising:owner_pledges_csv", args=[business, campaign.pk]))
    text = pledges.content.decode("utf-8-sig")
    assert "Mehrzweck-Gutschein;10,00;15,00" in text and "Einzweck-Gutschein;10,00;0,00;7" in text
    assert "Unterstützung;0,00;7,00" in text
    vouchers = client.get(reverse("fundraising:owner_vouchers_csv", args=[business])).content.decode("utf-8-sig")
    assert "Mehrzweck-Gutschein" in vouchers and "Einzweck-Gutschein" in vouchers
