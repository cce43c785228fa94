"""The public face of campaigns and vouchers: what a visitor may see (issue 19)."""

import pytest

from django.utils import timezone

from directory.models import AddressVisibility
from fundraising.factories import CampaignPageFactory, PledgeFactory
from fundraising.models import PledgeState
from fundraising.vouchers import issue_vouchers


def _voucher(campaign):
    pledge = PledgeFactory(
        campaign=campaign,
        state=PledgeState.PAID,
        paid_at=timezone.now(),
        reward_title="Gutschein",
        reward_kind="voucher",
        voucher_value_cents=1200,
    )
    (voucher,) = issue_vouchers(pledge)
    return voucher


@pytest.mark.django_db
def test_voucher_page_shows_the_street_only_when_the_business_publishes_it(client):
    campaign = CampaignPageFactory()
    business = campaign.get_parent().specific
    business.street, business.postcode, business.city = "Geheimweg 7", "44137", "Dortmund"
    business.address_visibility = AddressVisibility.DISTRICT
    business.save()
    voucher = _voucher(campaign)

    html = client.get(f"/gutschein/{voucher.token}/").content.decode()
    assert "Geheimweg" not in html and "44137" not in html
    assert business.district.name in html and business.title in html

    business.address_visibility = AddressVisibility.EXACT
    business.save()
    html = client.get(f"/gutschein/{voucher.token}/").content.decode()
    assert "Geheimweg 7, 44137 Dortmund" in html
