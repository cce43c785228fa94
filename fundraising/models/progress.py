"""A campaign's progress from its paid pledges: beside the models, so that the pages can show it themselves
(fundraising.progress re-exports it with the listing helpers)."""

from django.db.models import Count, Sum

from .pledge import Pledge, PledgeState


def percent_of(raised, goal):
    if not goal:
        return 0
    return min(100, int(raised * 100 // goal))


def campaign_progress(campaign):
    totals = Pledge.objects.filter(campaign.pledge_filter(), state=PledgeState.PAID).aggregate(
        raised=Sum("amount_cents"), supporters=Count("pk")
    )
    return progress_from_totals(campaign, totals["raised"] or 0, totals["supporters"])


def progress_from_totals(campaign, raised, supporters):
    """The progress dict from totals already summed (paid pledges' amount and count)."""
    return {
        "raised_cents": raised,
        "goal_cents": campaign.goal_cents,
        "percent": percent_of(raised, campaign.goal_cents),
        "supporters": supporters,
        "days_left": campaign.days_left(),
        "state": campaign.state_for(raised),
    }
