import random

from fundraising.collective import demo
from fundraising.collective.models import (
    CampaignProposal,
    CollectiveCampaignIndexPage,
    CollectiveCampaignPage,
    FrozenBeneficiary,
    ProposalState,
)
from home.management.commands.seed_demo import DemoContext
from owners.groups import grant_ownership

from .conftest import make_user


def test_demo_creates_a_frozen_club_campaign_for_the_biggest_district_once(city):
    grant_ownership(city["books_north"], make_user("inhaber@example.org"))
    logs = []
    ctx = DemoContext(rng=random.Random(1), password="pw-Demo-12345", log=logs.append)
    demo.seed(ctx)
    page = CollectiveCampaignPage.objects.get(slug=demo.CLUB_SLUG)
    assert page.live and page.club_name and page.initiator.email == demo.INITIATOR
    assert page.frozen_at is not None
    # Gastronomy in the district with most restaurants (Nord: two live ones; the draft does not count).
    assert set(FrozenBeneficiary.objects.filter(campaign=page).values_list("business_id", flat=True)) == {
        city["gastro_north_1"].pk,
        city["gastro_north_2"].pk,
    }
    assert ("collective campaign initiator", demo.INITIATOR) in ctx.accounts
    demo.seed(ctx)
    assert CollectiveCampaignIndexPage.objects.count() == 1
    assert CollectiveCampaignPage.objects.count() == 1
    assert FrozenBeneficiary.objects.count() == 2
    proposal = CampaignProposal.objects.get()  # the citizen's proposal, once, waiting for the owner
    assert proposal.business == city["books_north"] and proposal.state == ProposalState.PENDING
    assert proposal.initiator.email == demo.CITIZEN


def test_demo_without_businesses_creates_only_the_index(db):
    logs = []
    demo.seed(DemoContext(rng=random.Random(1), password="x", log=logs.append))
    assert CollectiveCampaignIndexPage.objects.count() == 1
    assert not CollectiveCampaignPage.objects.exists()
