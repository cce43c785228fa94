"""outreach.demo: featured campaigns, updates, subscriptions; idempotent."""

import random

from fundraising.outreach import demo
from fundraising.outreach.models import CampaignUpdate, FeaturedCampaign, OutreachSettings, UpdateSubscription
from home.management.commands.seed_demo import DemoContext

from .conftest import paid


def test_demo_seeds_once(campaign_a, campaign_b):
    for _ in range(3):
        paid(campaign_a)
    logs = []
    ctx = DemoContext(rng=random.Random(1), password="x", log=logs.append)
    demo.seed(ctx)
    counts = (FeaturedCampaign.objects.count(), CampaignUpdate.objects.count(), UpdateSubscription.objects.count())
    assert counts == (2, 4, 2)
    assert OutreachSettings.objects.get().poster_headline == "Wir stehen hinter dir"
    demo.seed(ctx)
    assert (
        FeaturedCampaign.objects.count(),
        CampaignUpdate.objects.count(),
        UpdateSubscription.objects.count(),
    ) == counts
    assert any("outreach:" in line for line in logs)


def test_demo_without_campaigns_does_nothing(db):
    logs = []
    demo.seed(DemoContext(rng=random.Random(1), password="x", log=logs.append))
    assert FeaturedCampaign.objects.count() == 0 and "no active campaigns" in logs[-1]
