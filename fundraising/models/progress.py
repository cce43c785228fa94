"""A campaign's progress from its paid pledges, read from the per-target totals (fundraising.totals keeps them in the
transaction of every pledge change): beside the models, so that the pages can show it themselves
(fundraising.progress re-exports it with the listing helpers)."""

from .totals import CampaignTotals


def percent_of(raised, goal):
    if not goal:
        return 0
    return min(100, int(raised * 100 // goal))


def stored_totals(page):
    """(raised cents, supporters) of a pledge target: no query when the page was loaded with
    `select_related("pledge_totals")` (the routed campaign page, see CampaignPage.route_select_related), else one;
    never from a totals row an older access left on the instance."""
    descriptor = type(page).pledge_totals
    if descriptor.is_cached(page):
        totals = descriptor.related.get_cached_value(page)
        return (totals.raised_cents, totals.supporters) if totals is not None else (0, 0)
    row = CampaignTotals.objects.filter(target_id=page.pk).values_list("raised_cents", "supporters").first()
    return row or (0, 0)


def campaign_progress(campaign):
    raised, supporters = stored_totals(campaign)
    return progress_from_totals(campaign, raised, supporters)


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
