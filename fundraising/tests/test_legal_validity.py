"""Validity: never shorter than the end of the third year after purchase (§§ 195, 199 BGB)."""

import datetime
from io import StringIO

import pytest

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from fundraising.collective.factories import CollectiveCampaignPageFactory
from fundraising.collective.models import CollectiveCampaignPage, CollectiveReward
from fundraising.factories import PledgeFactory, RewardFactory
from fundraising.legal import statutory_valid_until
from fundraising.models import CampaignPage, PledgeState, Reward, Voucher
from fundraising.vouchers import issue_vouchers

pytestmark = pytest.mark.django_db


def reward_row(valid_until, **extra):
    row = {
        "title": "Gutschein",
        "description": "",
        "min_pledge_cents": 1000,
        "kind": "voucher",
        "voucher_value_cents": 1000,
        "quantity_limit": "",
        "valid_until": valid_until,
        "payment_class": "multi_purpose",
        "vat_rate_percent": "",
    }
    row.update(extra)
    return row


def campaign_form(campaign, valid_until):
    user = get_user_model().objects.filter(username="admin").first() or get_user_model().objects.create_superuser(
        "admin", "admin@example.org", "x"
    )
    form_class = CampaignPage.get_edit_handler().get_form_class()
    data = nested_form_data(
        {
            "title": campaign.title,
            "slug": campaign.slug,
            "story": rich_text("<p>Hilfe</p>"),
            "goal_cents": 100000,
            "start_date": campaign.start_date.isoformat(),
            "end_date": campaign.end_date.isoformat(),
            "rewards": inline_formset([reward_row(valid_until)]),
        }
    )
    return form_class(data, instance=campaign, for_user=user)


def test_reward_with_a_shorter_date_is_refused_with_a_clear_message(campaign):
    short = datetime.date(campaign.end_date.year + 1, 6, 30)
    form = campaign_form(campaign, short.isoformat())
    assert not form.is_valid()
    errors = str(form.formsets["rewards"].errors)
    required = statutory_valid_until(campaign.end_date).strftime("%d.%m.%Y")
    assert "dritten Jahres nach dem Kauf" in errors and required in errors


def test_reward_with_the_statutory_date_or_none_is_accepted(campaign):
    assert campaign_form(campaign, statutory_valid_until(campaign.end_date).isoformat()).is_valid()
    assert campaign_form(campaign, "").is_valid()


def test_the_check_uses_the_last_day_of_purchase(campaign):
    """A campaign ending next year sells vouchers next year: this year's statutory date is too short for them."""
    campaign.end_date = datetime.date(timezone.localdate().year + 1, 1, 15)
    reward = RewardFactory.build(page=campaign, valid_until=statutory_valid_until(timezone.localdate()))
    with pytest.raises(ValidationError) as error:
        reward.clean()
    assert "valid_until" in error.value.message_dict


def test_collective_reward_refuses_a_shorter_date():
    page = CollectiveCampaignPageFactory()
    reward = CollectiveReward(
        page=page, title="Stadtgutschein", min_pledge_cents=2000, voucher_value_cents=2000, valid_until=page.end_date
    )
    with pytest.raises(ValidationError) as error:
        reward.clean()
    assert "valid_until" in error.value.message_dict
    reward.valid_until = statutory_valid_until(page.end_date)
    reward.clean()
    assert isinstance(page, CollectiveCampaignPage)


def test_editing_a_voucher_to_a_shorter_date_is_refused(campaign, reward):
    pledge = PledgeFactory(campaign=campaign, reward=reward, state=PledgeState.PAID, paid_at=timezone.now())
    voucher = issue_vouchers(pledge)[0]
    voucher.valid_until = timezone.localdate() + datetime.timedelta(days=30)
    with pytest.raises(ValidationError):
        voucher.clean()


def test_report_lists_and_extends_shorter_dates(campaign, reward):
    pledge = PledgeFactory(campaign=campaign, reward=reward, state=PledgeState.PAID, paid_at=timezone.now())
    voucher = issue_vouchers(pledge)[0]
    Voucher.objects.filter(pk=voucher.pk).update(valid_until=timezone.localdate())
    Reward.objects.filter(pk=reward.pk).update(valid_until=timezone.localdate())
    out = StringIO()
    call_command("report_short_validity", stdout=out)
    text = out.getvalue()
    assert f"reward {reward.pk}" in text and f"voucher {voucher.pk}" in text
    assert "1 reward(s) and 1 voucher(s)" in text
    call_command("report_short_validity", "--extend", stdout=StringIO())
    voucher.refresh_from_db()
    assert voucher.valid_until == statutory_valid_until(timezone.localdate(voucher.issued_at))
    out = StringIO()
    call_command("report_short_validity", stdout=out)
    assert "1 reward(s) and 0 voucher(s)" in out.getvalue()  # the reward stays for an editor to fix
