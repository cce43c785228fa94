import datetime

import pytest

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from directory.factories import BusinessPageFactory
from directory.ownership import grant_ownership
from directory.testing import make_verified_user
from fundraising.collective.beneficiaries import (
    beneficiary_rows,
    candidate_weights,
    distribution_weights,
    freeze,
    notify_candidates,
)
from fundraising.collective.factories import CollectiveCampaignPageFactory
from fundraising.collective.models import Distribution, FrozenBeneficiary, ListedBusiness, OptOut, OwnerNotice
from fundraising.collective.split import split_cents


def shares_of(page, total_cents=None):
    """What the ledger splits: `total_cents` (default: the goal) over the (frozen or preview) beneficiaries."""
    rows = beneficiary_rows(page)
    total = page.goal_cents if total_cents is None else total_cents
    split = split_cents(total, distribution_weights(page, rows))
    return [{"business_id": pk, "name": name, "share_cents": split[pk]} for pk, name, _weight in rows]


def with_rule(page, categories=(), districts=(), listed=()):
    page.rule_categories.set(categories)
    page.rule_districts.set(districts)
    for business, weight in listed:
        page.listed_businesses.add(ListedBusiness(business=business, weight=weight))
    page.save()
    return page


def test_rule_category_and_district_must_both_match(city):
    page = with_rule(CollectiveCampaignPageFactory(), [city["gastro"]], [city["north"]])
    assert set(candidate_weights(page)) == {city["gastro_north_1"].pk, city["gastro_north_2"].pk}


def test_rule_category_only_and_district_only(city):
    page = with_rule(CollectiveCampaignPageFactory(), [city["gastro"]])
    assert set(candidate_weights(page)) == {
        city["gastro_north_1"].pk,
        city["gastro_north_2"].pk,
        city["gastro_south"].pk,
    }
    page = with_rule(CollectiveCampaignPageFactory(), districts=[city["north"]])
    assert set(candidate_weights(page)) == {
        city["gastro_north_1"].pk,
        city["gastro_north_2"].pk,
        city["books_north"].pk,
    }


def test_several_categories_match_a_business_once(city):
    page = with_rule(CollectiveCampaignPageFactory(), [city["gastro"], city["books"]], [city["north"]])
    assert candidate_weights(page) == {
        city["gastro_north_1"].pk: 1,
        city["gastro_north_2"].pk: 1,
        city["books_north"].pk: 1,
    }


def test_fixed_list_with_weights_plus_rule(city):
    page = with_rule(
        CollectiveCampaignPageFactory(),
        districts=[city["south"]],
        listed=[(city["books_north"], 3), (city["gastro_south"], 5), (city["draft_gastro_north"], 2)],
    )
    # The listed unpublished business is left out; a listed business found by the rule too keeps its weight.
    assert candidate_weights(page) == {city["books_north"].pk: 3, city["gastro_south"].pk: 5}


def test_no_list_and_no_rule_is_nobody(city):
    assert candidate_weights(CollectiveCampaignPageFactory()) == {}


def test_opt_out_removes_business_before_freezing(city):
    page = with_rule(CollectiveCampaignPageFactory(), [city["gastro"]], [city["north"]])
    OptOut.objects.create(campaign=page, business=city["gastro_north_2"])
    assert set(candidate_weights(page)) == {city["gastro_north_1"].pk}
    everyone = {city["gastro_north_1"].pk, city["gastro_north_2"].pk}
    assert set(candidate_weights(page, include_opted_out=True)) == everyone
    freeze(page)
    assert list(FrozenBeneficiary.objects.filter(campaign=page).values_list("business_id", flat=True)) == [
        city["gastro_north_1"].pk
    ]


def test_freeze_once_and_list_never_shifts(city):
    page = with_rule(CollectiveCampaignPageFactory(), [city["gastro"]], [city["north"]])
    assert freeze(page) == 2
    assert freeze(page) is None
    # A new matching business, an opt-out after the start, a listed business added later: the list stays.
    newcomer = BusinessPageFactory(title="Neu Nord", district=city["north"], categories=[city["gastro"]])
    OptOut.objects.create(campaign=page, business=city["gastro_north_1"])
    page.refresh_from_db()
    page.listed_businesses.add(ListedBusiness(business=city["books_north"], weight=1))
    page.save()
    shares = shares_of(page)
    assert {row["business_id"] for row in shares} == {city["gastro_north_1"].pk, city["gastro_north_2"].pk}
    assert newcomer.pk not in {row["business_id"] for row in shares}
    assert FrozenBeneficiary.objects.filter(campaign=page).count() == 2


def test_publishing_started_campaign_freezes_and_old_revision_keeps_frozen(city):
    page = with_rule(CollectiveCampaignPageFactory(), [city["gastro"]], [city["north"]])
    old_revision = page.save_revision()
    page.start_date = timezone.localdate()
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.frozen_at is not None
    frozen_at = page.frozen_at
    old_revision.publish()
    page.refresh_from_db()
    assert page.frozen_at == frozen_at


def test_freeze_command_freezes_started_live_campaigns_only(city):
    today = timezone.localdate()
    started = with_rule(CollectiveCampaignPageFactory(start_date=today), [city["gastro"]])
    upcoming = with_rule(CollectiveCampaignPageFactory(), [city["gastro"]])
    draft = with_rule(CollectiveCampaignPageFactory(start_date=today, live=False), [city["gastro"]])
    call_command("freeze_collective_campaigns", stdout=open("/dev/null", "w"))
    for page in (started, upcoming, draft):
        page.refresh_from_db()
    assert started.frozen_at is not None and started.frozen_beneficiaries.count() == 3
    assert upcoming.frozen_at is None and draft.frozen_at is None


def test_publishing_upcoming_campaign_notifies_owners_once(city, django_capture_on_commit_callbacks):
    owner = make_verified_user("wirt@example.org")
    grant_ownership(city["gastro_north_1"], owner)
    page = with_rule(CollectiveCampaignPageFactory(), [city["gastro"]], [city["north"]])
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["wirt@example.org"]
    assert page.title in message.subject
    assert f"/sammelaktionen/{page.pk}/nicht-teilnehmen/{city['gastro_north_1'].pk}/" in message.body
    # Every candidate is recorded (those without owners too); publishing again sends nothing new.
    assert OwnerNotice.objects.filter(campaign=page).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
        assert notify_candidates(page) == 0
    assert len(mail.outbox) == 1


def test_public_shares_equal_and_weighted_add_up(city):
    page = with_rule(
        CollectiveCampaignPageFactory(goal_cents=100_001),
        listed=[(city["gastro_north_1"], 1), (city["gastro_north_2"], 2), (city["books_north"], 4)],
    )
    equal = shares_of(page)
    assert sum(row["share_cents"] for row in equal) == 100_001
    assert sorted(row["share_cents"] for row in equal) == [33_333, 33_334, 33_334]
    page.distribution = Distribution.WEIGHTED
    page.save()
    freeze(page)
    weighted = {row["business_id"]: row["share_cents"] for row in shares_of(page)}
    assert sum(weighted.values()) == 100_001
    assert weighted[city["books_north"].pk] == 57_143  # 100001 * 4/7 = 57143.4
    assert shares_of(page, total_cents=7) and sum(r["share_cents"] for r in shares_of(page, 7)) == 7


def test_freeze_snapshots_business_name(city):
    page = with_rule(CollectiveCampaignPageFactory(), listed=[(city["gastro_south"], 1)])
    freeze(page)
    business = city["gastro_south"]
    business.title = "Umbenannt"
    business.save()
    assert [row["name"] for row in shares_of(page)] == ["Grill Süd"]


@pytest.mark.parametrize("days", [0, -3])
def test_opt_out_closed_once_started(city, days):
    page = CollectiveCampaignPageFactory(start_date=timezone.localdate() + datetime.timedelta(days=days))
    assert not page.opt_out_open()
