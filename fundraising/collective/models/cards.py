"""Campaign cards (the index page and the home page): state, progress and number of businesses, in two queries.
Here beside the models because the index page's context uses it (collective/cards.py adds `running()`)."""

from django.db.models import Count, Sum

from fundraising.models import Pledge, PledgeState
from fundraising.progress import percent_of

from .beneficiaries import FrozenBeneficiary


def with_cards(campaigns):
    """Set `beneficiary_count` and `summary` (raised, goal, percent, state) on each campaign; returns the list."""
    campaigns = list(campaigns)
    counts = dict(
        FrozenBeneficiary.objects.filter(campaign__in=campaigns)
        .values("campaign")
        .annotate(n=Count("pk"))
        .values_list("campaign", "n")
    )
    raised = dict(
        Pledge.objects.filter(target__in=[c.pk for c in campaigns], state=PledgeState.PAID)
        .values("target")
        .annotate(total=Sum("amount_cents"))
        .values_list("target", "total")
    )
    for campaign in campaigns:
        campaign.beneficiary_count = counts.get(campaign.pk)
        total = raised.get(campaign.pk, 0)
        campaign.summary = {
            "raised_cents": total,
            "goal_cents": campaign.goal_cents,
            "percent": percent_of(total, campaign.goal_cents),
            "state": campaign.state_for(total),
        }
    return campaigns
