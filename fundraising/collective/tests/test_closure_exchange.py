"""A closed business's voucher exchanged into a city-wide voucher (fundraising.closure): usable in every beneficiary
for its remaining value, and covered by the platform in the campaign's accounts — the other supporters' money (the
shares) is not spent on it, and what the closed business accepted before the exchange is not booked here."""

import datetime

import pytest

from django.utils import timezone

from wagtail.models import Site

from directory.factories import BusinessPageFactory
from fundraising.closure import close_for_good, decide
from fundraising.collective.shares import ledger
from fundraising.factories import CampaignPageFactory, PledgeFactory, RewardFactory
from fundraising.models import ClosureOffer, FundraisingSettings, PledgeState, VoucherState
from fundraising.vouchers import RedeemError, check_redeemable, issue_vouchers, redeem

from .test_pledging import campaign, paid_pledge, started_campaign  # noqa: F401  (fixtures and helpers)

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_shop_voucher(campaign):  # noqa: F811  (the collective campaign fixture)
    """A 30 € voucher of a shop outside the campaign, 10 € of it used there; then the shop closes for good and the
    holder exchanges the rest into the collective campaign."""
    config = FundraisingSettings.for_site(Site.objects.get(is_default_site=True))
    config.closure_exchange_campaign = campaign
    config.save()
    shop = BusinessPageFactory(title="Laden zu")
    shop_campaign = CampaignPageFactory(parent=shop)
    reward = RewardFactory(page=shop_campaign, min_pledge_cents=3000, voucher_value_cents=3000)
    pledge = PledgeFactory(
        campaign=shop_campaign, reward=reward, amount_cents=3000, state=PledgeState.PAID, paid_at=timezone.now()
    )
    voucher = issue_vouchers(pledge)[0]
    redeem(voucher.pk, shop, 1000, None)
    close_for_good(shop)
    decide(ClosureOffer.objects.get(voucher=voucher), "exchange")
    voucher.refresh_from_db()
    return voucher


def test_exchanged_voucher_is_usable_in_every_beneficiary_for_its_remaining_value(campaign, city, closed_shop_voucher):  # noqa: F811
    voucher = closed_shop_voucher
    assert voucher.business_id is None and voucher.scope_id == campaign.pk
    assert voucher.balance_cents == 2000 and voucher.state == VoucherState.ACTIVE
    brauhaus, grill = city["gastro_north_1"], city["gastro_south"]
    assert check_redeemable(voucher, brauhaus) is None
    assert check_redeemable(voucher, grill) is not None  # not a beneficiary
    with pytest.raises(RedeemError):
        redeem(voucher.pk, brauhaus, 2001, None)  # not more than the remaining value
    redeem(voucher.pk, brauhaus, 2000, None)
    voucher.refresh_from_db()
    assert voucher.state == VoucherState.REDEEMED


def test_exchange_is_covered_by_the_platform_not_by_the_shares(campaign, city, closed_shop_voucher):  # noqa: F811
    paid_pledge(campaign, 5000)  # 50 € of support for the beneficiaries
    before = ledger(campaign)
    assert before.exchanged_cents == 2000 and before.outstanding_cents == 2000
    assert before.split_cents == 5000 and before.balances()
    brauhaus = city["gastro_north_1"]
    redeem(closed_shop_voucher.pk, brauhaus, 1500, None)
    after = ledger(campaign)
    # The shop that accepted it is owed 15 €; the earlier 10 € at the closed shop are not this campaign's.
    assert after.by_business[brauhaus.pk].redeemed_cents == 1500 and after.redeemed_cents == 1500
    assert after.outstanding_cents == 500 and after.exchanged_cents == 2000
    assert after.split_cents == 5000 and after.deficit_cents == 0 and after.balances()
    assert sum(row.share_cents for row in after.rows) == 5000


def test_report_names_the_covered_amount(client, campaign, closed_shop_voucher):  # noqa: F811
    html = client.get(campaign.url + "bericht/").content.decode()
    assert "dauerhaft geschlossen" in html and "20,00" in html and "data-exchanged-note" in html


def test_a_campaign_without_exchanges_is_unchanged(campaign):  # noqa: F811
    paid_pledge(campaign, 2000, 2000)
    accounts = ledger(campaign)
    assert accounts.exchanged_cents == 0 and accounts.outstanding_cents == 2000 and accounts.balances()
    assert timezone.localdate() - datetime.timedelta(days=1) < campaign.end_date
