import random

from directory.ownership import grant_ownership
from directory.testing import make_verified_user
from fundraising.collective import demo
from fundraising.collective.models import (
    CampaignProposal,
    CollectiveCampaignIndexPage,
    CollectiveCampaignPage,
    CollectivePayout,
    FrozenBeneficiary,
    ProposalState,
)
from fundraising.collective.shares import ledger
from fundraising.models import Pledge, PledgeState, Redemption
from home.management.commands.seed_demo import DemoContext


def test_demo_creates_a_frozen_club_campaign_for_the_biggest_district_once(city):
    grant_ownership(city["books_north"], make_verified_user("inhaber@example.org"))
    logs = []
    ctx = DemoContext(rng=random.Random(1), password="pw-Demo-12345", log=logs.append)
    demo.seed(ctx)
    page = CollectiveCampaignPage.objects.get(slug=demo.CLUB_SLUG)
    assert page.live and page.club_name and page.initiator.email == demo.INITIATOR
    assert page.frozen_at is not None
    # Its hero picture, drawn from the icon set at seed time, with an alt text; the ended campaign has one too.
    assert page.image is not None and page.image.description.startswith("Illustration")
    assert page.image.file.read(3) == b"\xff\xd8\xff"
    # Gastronomy in the district with most restaurants (Nord: two live ones; the draft does not count).
    assert set(FrozenBeneficiary.objects.filter(campaign=page).values_list("business_id", flat=True)) == {
        city["gastro_north_1"].pk,
        city["gastro_north_2"].pk,
    }
    assert ("collective campaign initiator", demo.INITIATOR) in ctx.accounts
    # It takes pledges: paid ones, a refund, city-wide vouchers used in two restaurants; the accounts add up.
    accounts = ledger(page)
    assert Pledge.objects.filter(target=page, state=PledgeState.PAID).count() >= 20
    assert Pledge.objects.filter(target=page, state=PledgeState.REFUNDED).count() == 1
    assert len({r.business_id for r in Redemption.objects.filter(voucher__scope=page)}) == 2
    assert accounts.balances() and accounts.split_cents > 0
    # The ended campaign: final report and payouts that never exceed what is due.
    ended = CollectiveCampaignPage.objects.get(slug=demo.ENDED_SLUG)
    assert ended.state_for(0) == "ended" and ended.frozen_at is not None
    final = ledger(ended, with_payouts=True)
    assert final.balances() and CollectivePayout.objects.filter(campaign=ended).exists()
    assert all(row.paid_out_cents <= row.due_cents for row in final.rows)
    assert ended.image is not None and ended.image_id != page.image_id
    # A demo database seeded before the campaigns had pictures gets one on the next run (and keeps it live).
    page.image = None
    page.save_revision().publish()
    demo.seed(ctx)
    page.refresh_from_db()
    assert page.image is not None and page.live and not page.has_unpublished_changes
    assert CollectiveCampaignIndexPage.objects.count() == 1
    assert CollectiveCampaignPage.objects.count() == 2
    assert FrozenBeneficiary.objects.filter(campaign=page).count() == 2
    assert Pledge.objects.filter(target=page).count() == 24  # not seeded twice
    proposal = CampaignProposal.objects.get()  # the citizen's proposal, once, waiting for the owner
    assert proposal.business == city["books_north"] and proposal.state == ProposalState.PENDING
    assert proposal.initiator.email == demo.CITIZEN


def test_demo_without_businesses_creates_only_the_index(db):
    logs = []
    demo.seed(DemoContext(rng=random.Random(1), password="x", log=logs.append))
    assert CollectiveCampaignIndexPage.objects.count() == 1
    assert not CollectiveCampaignPage.objects.exists()
