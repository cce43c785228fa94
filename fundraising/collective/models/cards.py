"""Campaign cards (the index page and the home page): state, progress and number of businesses, in two queries.
Here beside the models because the index page's context uses it (collective/cards.py adds `running()`)."""

from django.db.models import Count, Sum

from fundraising.models import Pledge, PledgeState
from fundraising.progress import progress_from_totals

from .beneficiaries import FrozenBeneficiary


def with_cards(campaigns):
    """Set `beneficiary_count` and `summary` (raised, goal, percent, supporters, days left, state) on each campaign;
    returns the list."""
    campaigns = list(campaigns)
    counts = dict(
        FrozenBeneficiary.objects.filter(campaign__in=campaigns)
        .values("campaign")
        .annotate(n=Count("pk"))
        .values_list("campaign", "n")
    )
    rows = (
        Pledge.objects.filter(target__in=[c.pk for c in campaigns], state=PledgeState.PAID)
        .values("target")
        .annotate(total=Sum("amount_cents"), supporters=Count("pk"))
        .values_list("target", "total", "supporters")
    )
    totals = {target: (total, supporters) for target, total, supporters in rows}
    for campaign in campaigns:
        campaign.beneficiary_count = counts.get(campaign.pk)
        # The same dict as the campaign page's progress: a card showed "0 supporters" beside the money raised.
        campaign.summary = progress_from_totals(campaign, *totals.get(campaign.pk, (0, 0)))
    return campaigns
