import datetime

import pytest

from django.utils import timezone

from directory.factories import BusinessPageFactory, CategoryFactory, DistrictFactory
from directory.ownership import grant_ownership
from directory.testing import make_editor, make_verified_user
from fundraising.factories import CampaignPageFactory, PledgeFactory
from fundraising.models import PledgeState


def paid(campaign, amount_cents=2500, **extra):
    extra.setdefault("paid_at", timezone.now())
    return PledgeFactory(campaign=campaign, amount_cents=amount_cents, state=PledgeState.PAID, **extra)


@pytest.fixture
def business_a(db):
    return BusinessPageFactory(title="Café Anna", slug="cafe-anna")


@pytest.fixture
def business_b(db):
    return BusinessPageFactory(title="Bäckerei Bert", slug="baeckerei-bert")


@pytest.fixture
def campaign_a(business_a):
    return CampaignPageFactory(parent=business_a, title="Hilf Anna", slug="hilf-anna", goal_cents=100_000)


@pytest.fixture
def campaign_b(business_b):
    return CampaignPageFactory(parent=business_b, title="Hilf Bert", slug="hilf-bert", goal_cents=50_000)


@pytest.fixture
def owner_a(business_a):
    user = make_verified_user("anna@example.org")
    grant_ownership(business_a, user)
    return user


@pytest.fixture
def owner_b(business_b):
    user = make_verified_user("bert@example.org")
    grant_ownership(business_b, user)
    return user


@pytest.fixture
def editor(db):
    return make_editor("redaktion@example.org", is_staff=False)


@pytest.fixture
def citizen(db):
    return make_verified_user("buerger@example.org")


@pytest.fixture
def make_campaign(db):
    def make(business=None, days_left=29, **kwargs):
        business = business or BusinessPageFactory(
            district=DistrictFactory(name="Innenstadt-Ost", slug="innenstadt-ost"),
            categories=[CategoryFactory(name="Café", slug="cafe")],
        )
        today = timezone.localdate()
        kwargs.setdefault("start_date", today - datetime.timedelta(days=1))
        kwargs.setdefault("end_date", today + datetime.timedelta(days=days_left))
        return CampaignPageFactory(parent=business, **kwargs)

    return make


@pytest.fixture(autouse=True)
def _german_by_default():
    """A request under /en/ leaves English active in the thread; page URLs built in a test must be German."""
    from django.utils import translation

    translation.activate("de")
    yield
    translation.activate("de")
