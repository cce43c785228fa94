"""The generic pledge target: the `register_pledge_target_type` hook, the built-in CampaignPage type, a third type
registered by a test, the generic constraints, and that the core never imports its sub-apps."""

import pathlib
import re

import pytest

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from wagtail import hooks
from wagtail.models import Page

from directory.factories import BusinessPageFactory
from directory.models import BusinessPage
from fundraising import targets
from fundraising.factories import PledgeFactory
from fundraising.models import CampaignPage, Pledge, PledgeState, Voucher
from fundraising.progress import campaign_progress
from fundraising.vouchers import RedeemError, check_redeemable, find_for_business, issue_vouchers, redeem, valid_at
from fundraising.wagtail_hooks import CampaignTargetType

FUNDRAISING = pathlib.Path(__file__).resolve().parents[1]


class ShopWindowTargetType(targets.PledgeTargetType):
    """A third type, only in these tests: a business page itself takes pledges, and a voucher scoped to it is valid
    in that business and in the business named `partner` (a page of another type, as a sub-app would add)."""

    model = BusinessPage

    def __init__(self, partner=None):
        self.partner = partner

    def beneficiary_ids(self, page):
        return [page.pk] + ([self.partner.pk] if self.partner else [])

    def voucher_scope_ids(self, business):
        if self.partner is not None and business.pk == self.partner.pk:
            return BusinessPage.objects.all().values("pk")
        return BusinessPage.objects.filter(pk=business.pk).values("pk")


def scoped_voucher(page, **fields):
    pledge = Pledge.objects.create(
        target=page,
        amount_cents=2000,
        name="Erika",
        email="erika@example.org",
        state=PledgeState.PAID,
        paid_at=timezone.now(),
        reward_kind="voucher",
        reward_title="Schaufenster-Gutschein",
        voucher_value_cents=fields.pop("voucher_value_cents", 2000),
    )
    (voucher,) = issue_vouchers(pledge)
    return pledge, voucher


# Registration ---------------------------------------------------------------------------------------------------


def test_campaign_page_is_the_built_in_type(campaign):
    target_type = targets.type_for(campaign)
    assert isinstance(target_type, CampaignTargetType)
    assert CampaignPage in targets.target_models()
    plain = Page.objects.get(pk=campaign.pk)  # not the specific instance
    assert isinstance(targets.type_for(plain), CampaignTargetType)
    assert target_type.beneficiary_ids(campaign) == [campaign.business_page_id]
    assert target_type.voucher_scope_ids(campaign.get_parent()) is None  # its vouchers name their business
    assert targets.title_of(campaign) == campaign.title


def test_a_page_of_no_registered_type_is_no_target(campaign):
    business = campaign.get_parent().specific
    assert targets.type_for(business) is None and not targets.is_target(business)


def test_a_type_registered_by_a_hook_is_found(campaign):
    business = campaign.get_parent().specific
    third = ShopWindowTargetType()
    with hooks.register_temporarily("register_pledge_target_type", lambda: third):
        assert targets.type_for(business) is third
        assert BusinessPage in targets.target_models()
        assert set(targets.admin_page_queryset().values_list("pk", flat=True)) >= {campaign.pk, business.pk}
    assert targets.type_for(business) is None  # gone with the hook
    assert business.pk not in set(targets.admin_page_queryset().values_list("pk", flat=True))


def test_a_hook_that_returns_none_registers_nothing(campaign):
    before = len(targets.target_types())
    with hooks.register_temporarily("register_pledge_target_type", lambda: None):
        assert len(targets.target_types()) == before


def test_pledge_form_refuses_pages_of_no_registered_type(client, campaign):
    business = campaign.get_parent()
    response = client.post(reverse("fundraising:pledge_submit", args=[business.pk]), {})
    assert response.status_code == 404
    assert not Pledge.objects.exists()


# The built-in type keeps its columns ------------------------------------------------------------------------------


def test_a_campaign_pledge_targets_its_campaign(campaign):
    pledge = PledgeFactory(campaign=campaign)
    assert pledge.target_id == campaign.pk and pledge.business_id == campaign.business_page_id
    created = Pledge.objects.create(campaign=campaign, business_id=campaign.business_page_id, amount_cents=100)
    assert created.target_id == campaign.pk  # a campaign is its own target, also without naming it


def test_campaign_must_be_the_target(campaign):
    other = PledgeFactory().campaign
    with pytest.raises(IntegrityError), transaction.atomic():
        Pledge.objects.create(
            target=other, campaign=campaign, business_id=campaign.business_page_id, amount_cents=100, name="A"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Pledge.objects.create(target=campaign, campaign=campaign, business=None, amount_cents=100, name="A")


def test_a_voucher_has_exactly_one_of_business_and_scope(campaign):
    pledge = PledgeFactory(campaign=campaign, state=PledgeState.PAID)
    fields = {"pledge": pledge, "title": "G", "face_value_cents": 100, "balance_cents": 100}
    fields["valid_until"] = timezone.localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        Voucher.objects.create(code="AAAAAAAAAAAA", business_id=campaign.business_page_id, scope=campaign, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Voucher.objects.create(code="AAAAAAAAAAAB", business=None, scope=None, **fields)


def test_progress_counts_paid_pledges_of_the_target_only(campaign):
    other = PledgeFactory().campaign
    PledgeFactory(campaign=campaign, state=PledgeState.PAID, amount_cents=2500)
    PledgeFactory(campaign=campaign, state=PledgeState.PAID, amount_cents=1000)
    PledgeFactory(campaign=campaign, state=PledgeState.PENDING, amount_cents=9900)
    PledgeFactory(campaign=other, state=PledgeState.PAID, amount_cents=7700)
    progress = campaign_progress(campaign)
    assert progress["raised_cents"] == 3500 and progress["supporters"] == 2
    assert targets.type_for(campaign).progress(campaign) == progress


# A third type: scoped vouchers --------------------------------------------------------------------------------


def test_scoped_vouchers_of_a_third_type_are_valid_where_it_says(db):
    shop, partner, stranger = BusinessPageFactory(), BusinessPageFactory(), BusinessPageFactory()
    third = ShopWindowTargetType(partner=partner)
    with hooks.register_temporarily("register_pledge_target_type", lambda: third):
        pledge, voucher = scoped_voucher(shop)
        assert pledge.campaign_id is None and pledge.business_id is None and pledge.target_id == shop.pk
        assert voucher.business_id is None and voucher.scope_id == shop.pk and voucher.is_city_wide
        assert voucher.scope_title == shop.title
        assert find_for_business(voucher.code, shop) == voucher
        assert find_for_business(voucher.code, partner) == voucher
        assert find_for_business(voucher.code, stranger) is None
        assert check_redeemable(voucher, stranger) is not None
        with pytest.raises(RedeemError):
            redeem(voucher.pk, stranger, 500, None)
        redemption = redeem(voucher.pk, partner, 500, None)
        assert redemption.business_id == partner.pk
        voucher.refresh_from_db()
        assert voucher.balance_cents == 1500
    # Without the registration nobody may accept it: the core knows no rule for such a scope.
    assert find_for_business(voucher.code, shop) is None
    assert not valid_at(partner).filter(pk=voucher.pk).exists()


def test_admin_filters_offer_target_pages_only(admin_client, campaign):
    shop = BusinessPageFactory(title="Schaufenster Süd")
    PledgeFactory(campaign=campaign, state=PledgeState.PAID)
    response = admin_client.get(reverse("fundraising_pledge:index"))
    assert response.status_code == 200
    assert f'value="{campaign.pk}"' in response.text and f'value="{shop.pk}"' not in response.text
    with hooks.register_temporarily("register_pledge_target_type", lambda: ShopWindowTargetType()):
        scoped_voucher(shop)
        response = admin_client.get(reverse("fundraising_pledge:index") + f"?target={shop.pk}")
        assert response.status_code == 200 and f'value="{shop.pk}"' in response.text
        assert "Schaufenster Süd" in response.text
        response = admin_client.get(reverse("fundraising_voucher:index") + f"?scope={shop.pk}")
        assert response.status_code == 200 and "Schaufenster-Gutschein" in response.text
    response = admin_client.get(reverse("fundraising_pledge:index") + "?target=not-a-number")
    assert response.status_code == 200


# The core never imports its sub-apps ----------------------------------------------------------------------------

SUB_APPS = re.compile(
    r"^\s*(from|import)\s+(fundraising\.(outreach|payouts|collective)|\.(outreach|payouts|collective))\b"
)


def core_modules():
    yield from FUNDRAISING.glob("*.py")
    for folder in ("models", "views", "payments", "templatetags", "management"):
        yield from (FUNDRAISING / folder).rglob("*.py")


def test_the_core_never_imports_its_sub_apps():
    offending = []
    for path in core_modules():
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if SUB_APPS.search(line):
                offending.append(f"{path.relative_to(FUNDRAISING)}:{number}: {line.strip()}")
    assert offending == []
    assert len(list(core_modules())) > 20  # the glob found the core


def test_the_core_models_and_new_migrations_do_not_name_collective():
    for path in (FUNDRAISING / "models").glob("*.py"):
        assert "collective" not in path.read_text().lower(), path.name
    app_dependency = re.compile(r"""\(\s*["']collective["']\s*,""")
    for path in (FUNDRAISING / "migrations").glob("0*.py"):
        if int(path.name[:4]) < 9:
            continue
        text = path.read_text()
        # The data migration reads the old column by its name; no migration depends on or points at that app.
        assert not app_dependency.search(text), path.name
        assert "collective.collective" not in text.lower(), path.name
