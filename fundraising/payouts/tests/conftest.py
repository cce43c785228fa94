import datetime

import pytest

from django.utils import timezone

from directory.factories import BusinessPageFactory, CategoryFactory, DirectoryIndexPageFactory, DistrictFactory
from directory.ownership import grant_ownership
from directory.testing import make_editor, make_verified_user
from fundraising.factories import CampaignPageFactory, PledgeFactory
from fundraising.models import PledgeState
from fundraising.payments import use_gateway
from fundraising.tests.fakes import fake_gateway

from .fakes import FakeConnectStripe


@pytest.fixture
def fake_stripe(settings):
    settings.PAYMENTS_DEMO_MODE = False
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    fake = FakeConnectStripe()
    with use_gateway(fake_gateway(fake)):
        yield fake


@pytest.fixture
def directory(db):
    return DirectoryIndexPageFactory()


@pytest.fixture
def district(db):
    return DistrictFactory(name="Innenstadt-Ost", slug="innenstadt-ost", center_lat=51.51, center_lng=7.47)


@pytest.fixture
def category(db):
    return CategoryFactory(name="Buchhandlung", name_en="Bookshop", slug="buchhandlung")


@pytest.fixture
def owner_a(db):
    return make_verified_user("anna@example.org")


@pytest.fixture
def owner_b(db):
    return make_verified_user("bert@example.org")


@pytest.fixture
def editor(db):
    return make_editor("redaktion@example.org")


@pytest.fixture
def business_a(directory, owner_a, district, category):
    page = BusinessPageFactory(title="Buchladen Anna", slug="buchladen-anna", district=district, categories=[category])
    grant_ownership(page, owner_a)
    return page


@pytest.fixture
def business_b(directory, owner_b, district, category):
    page = BusinessPageFactory(title="Bäckerei Bert", slug="baeckerei-bert", district=district, categories=[category])
    grant_ownership(page, owner_b)
    return page


@pytest.fixture
def campaign_a(business_a):
    return CampaignPageFactory(parent=business_a, goal_cents=100_000)


def paid_pledge(campaign, amount_cents=2500, **kwargs):
    return PledgeFactory(
        campaign=campaign, amount_cents=amount_cents, state=PledgeState.PAID, paid_at=timezone.now(), **kwargs
    )


def today():
    return timezone.localdate()


def days(n):
    return datetime.timedelta(days=n)
