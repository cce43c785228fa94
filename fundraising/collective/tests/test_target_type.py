"""Collective campaigns as a registered pledge target type: the hook, city-wide vouchers accepted by the
participating businesses only, progress and shares from `Pledge.target` / `Voucher.scope`, and the PDF."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from fundraising import targets, voucher_pdf
from fundraising.collective.beneficiaries import freeze
from fundraising.collective.cards import with_cards
from fundraising.collective.factories import CollectiveCampaignPageFactory
from fundraising.collective.shares import ledger
from fundraising.collective.targets import CollectiveTargetType
from fundraising.models import Pledge
from fundraising.progress import campaign_progress
from fundraising.tests.test_voucher_email_pdf import pdf_text, send_paid, voucher_files
from fundraising.vouchers import check_redeemable, find_for_business, redeem, valid_at

from .test_pledging import paid_pledge, started_campaign


def test_collective_registers_its_target_type(city):
    page = started_campaign(city)
    target_type = targets.type_for(page)
    assert isinstance(target_type, CollectiveTargetType)
    assert sorted(target_type.beneficiary_ids(page)) == sorted([city["gastro_north_1"].pk, city["gastro_north_2"].pk])
    assert target_type.title(page) == page.title
    assert page.pk in set(targets.admin_page_queryset().values_list("pk", flat=True))


def test_a_collective_pledge_targets_the_page_and_no_business(city):
    page = started_campaign(city)
    assert page.pledge_target_fields() == {"target": page}
    pledge = paid_pledge(page, 2000)
    assert pledge.target_id == page.pk and pledge.campaign_id is None and pledge.business_id is None


def test_city_wide_vouchers_are_accepted_by_participating_businesses_only(city):
    page = started_campaign(city)
    pledge = paid_pledge(page, 3000, voucher_cents=3000)
    voucher = pledge.vouchers.get()
    assert voucher.scope_id == page.pk and voucher.business_id is None
    for name in ("gastro_north_1", "gastro_north_2"):
        assert find_for_business(voucher.code, city[name]) == voucher, name
        assert check_redeemable(voucher, city[name]) is None, name
    for name in ("gastro_south", "books_north", "draft_gastro_north"):
        assert find_for_business(voucher.code, city[name]) is None, name
        assert check_redeemable(voucher, city[name]) is not None, name
        assert not valid_at(city[name]).filter(pk=voucher.pk).exists(), name
    redeem(voucher.pk, city["gastro_north_1"], 1000, None)
    redeem(voucher.pk, city["gastro_north_2"], 500, None)
    voucher.refresh_from_db()
    assert voucher.balance_cents == 1500
    assert {r.business_id: r.amount_cents for r in voucher.redemptions.all()} == {
        city["gastro_north_1"].pk: 1000,
        city["gastro_north_2"].pk: 500,
    }


def test_vouchers_of_another_campaign_are_not_accepted(city):
    north = started_campaign(city)
    south = CollectiveCampaignPageFactory(
        start_date=timezone.localdate(), end_date=timezone.localdate() + datetime.timedelta(days=30)
    )
    south.rule_districts.set([city["south"]])
    south.save()
    freeze(south)
    voucher = paid_pledge(north, 2000, voucher_cents=2000).vouchers.get()
    assert find_for_business(voucher.code, city["gastro_south"]) is None
    assert find_for_business(voucher.code, city["gastro_north_1"]) == voucher


def test_progress_cards_and_shares_add_up_as_before(city):
    page = started_campaign(city, goal_cents=10_000)
    paid_pledge(page, 2000)
    paid_pledge(page, 3000, voucher_cents=3000)
    Pledge.objects.create(target=page, amount_cents=9999, name="P", email="p@example.org")  # pending: not counted
    progress = campaign_progress(page)
    assert progress["raised_cents"] == 5000 and progress["supporters"] == 2 and progress["percent"] == 50
    (card,) = with_cards([page])
    assert card.summary["raised_cents"] == 5000
    accounts = ledger(page)
    assert accounts.raised_cents == 5000 and accounts.outstanding_cents == 3000 and accounts.balances()
    assert sum(row.share_cents for row in accounts.rows) == 2000


def test_admin_filters_by_a_collective_target_and_scope(admin_client, city):
    page = started_campaign(city)
    paid_pledge(page, 2000, voucher_cents=2000, display_name="Kalle")
    response = admin_client.get(reverse("fundraising_pledge:index") + f"?target={page.pk}")
    assert response.status_code == 200 and page.title in response.text
    response = admin_client.get(reverse("fundraising_voucher:index") + f"?scope={page.pk}")
    assert response.status_code == 200 and page.title in response.text


def test_city_wide_voucher_of_a_collective_campaign_is_attached(db, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    page = CollectiveCampaignPageFactory(
        title="Ganz Nord hält zusammen", start_date=today, end_date=today + datetime.timedelta(days=30)
    )
    pledge = paid_pledge(page, 2000, voucher_cents=2000)
    voucher = pledge.vouchers.get()
    assert voucher.business_id is None and voucher.scope_id == page.pk
    assert voucher_pdf._scope(voucher) == ("Ganz Nord hält zusammen", "Gültig in allen teilnehmenden Unternehmen.")
    send_paid(pledge, [voucher], django_capture_on_commit_callbacks)
    (attachment,) = voucher_files(mail.outbox[0])  # the PDF (+ the inline QR, + the payment confirmation)
    assert attachment[2] == "application/pdf" and attachment[1].startswith(b"%PDF")
    assert voucher.display_code.encode() in pdf_text(attachment[1])
