import pytest

from fundraising.factories import CampaignPageFactory, RewardFactory
from fundraising.payments import use_gateway

from .fakes import FakeStripe, fake_gateway


@pytest.fixture
def fake_stripe(db, settings):
    settings.PAYMENTS_DEMO_MODE = False
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    fake = FakeStripe()
    with use_gateway(fake_gateway(fake)):
        yield fake


@pytest.fixture
def campaign(db):
    return CampaignPageFactory()


@pytest.fixture
def reward(campaign):
    return RewardFactory(page=campaign, title="Gutschein 12 €", min_pledge_cents=1000, voucher_value_cents=1200)


@pytest.fixture
def client_de(client):
    return client


@pytest.fixture
def owner(campaign):
    from directory.ownership import grant_ownership
    from directory.testing import make_verified_user

    user = make_verified_user("inhaberin@example.org")
    grant_ownership(campaign.get_parent().specific, user)
    return user


@pytest.fixture
def other_owner(db):
    from directory.factories import BusinessPageFactory
    from directory.ownership import grant_ownership
    from directory.testing import make_verified_user

    user = make_verified_user("fremd@example.org")
    grant_ownership(BusinessPageFactory(), user)
    return user
