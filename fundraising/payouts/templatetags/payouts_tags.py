"""The city's match on public pages: `{% campaign_match page %}` on a campaign, `{% match_fund_budget %}` at home."""

from django import template
from django.utils import timezone

from fundraising.payouts.matching import campaign_match_cents, eligible_funds
from fundraising.payouts.models import MatchFund

register = template.Library()


@register.simple_tag
def campaign_match(campaign, progress=None):
    """What the city added to this campaign, citizens' and city's money separately and together, and whether a
    fund currently matches new pledges. Three small queries. `{% campaign_match page progress as match %}`: the
    campaign page shows one total with it (`campaign_status … matched_cents=match.matched_cents`) and explains the
    top-up once (payouts/includes/campaign_match.html)."""

    if progress is None:
        progress = campaign.progress
    matched = campaign_match_cents(campaign)
    raised = progress.get("raised_cents") or 0
    goal = progress.get("goal_cents") or campaign.goal_cents
    total = raised + matched
    fund = None
    if campaign.accepts_pledges():
        business = campaign.business_page if campaign.business_page_id else campaign.get_parent().specific
        fund = next((f for f in eligible_funds(campaign, business) if f.remaining_cents > 0), None)
    return {
        "campaign": campaign,
        "matched_cents": matched,
        "raised_cents": raised,
        "total_cents": total,
        "goal_cents": goal,
        "percent": min(100, total * 100 // goal) if goal else 0,
        "fund": fund,
        "ratio_percent": int(fund.ratio * 100) if fund else 0,
    }


@register.inclusion_tag("payouts/includes/home_fund.html")
def match_fund_budget():
    """The running match funds and what is left of their budgets (for the home page)."""

    today = timezone.localdate()
    funds = list(
        MatchFund.objects.filter(active=True, starts_on__lte=today, ends_on__gte=today).order_by("ends_on")[:3]
    )
    return {"funds": funds}
