from django import template

from ..figures import campaign_lists, key_figures
from ..models import CampaignUpdate, UpdateSubscription
from ..updates import SUBSCRIBABLE_STATES

register = template.Library()


@register.inclusion_tag("outreach/includes/key_figures.html")
def outreach_key_figures():
    """Home page: money raised, supporters, businesses, campaigns (cached; see outreach.signals)."""

    return {"figures": key_figures()}


@register.inclusion_tag("outreach/includes/home_campaigns.html")
def outreach_home_campaigns():
    """Home page: the editors' featured campaigns (or those closest to their goal) and campaigns ending soon."""

    return campaign_lists()


@register.inclusion_tag("outreach/includes/campaign_updates.html")
def outreach_campaign_updates(campaign):
    """Campaign page: the owner's updates, newest first, as escaped plain text."""

    return {
        "updates": list(
            CampaignUpdate.objects.filter(campaign=campaign, hidden=False).order_by("-created_at", "-pk")[:20]
        )
    }


@register.inclusion_tag("outreach/includes/subscribe_offer.html", takes_context=True)
def outreach_subscribe_offer(context, pledge):
    """Thank-you page: offer the campaign's updates by email (opt-in)."""

    subscribed = UpdateSubscription.objects.filter(pledge=pledge, unsubscribed_at__isnull=True).exists()
    return {
        "pledge": pledge,
        "subscribed": subscribed,
        # Updates are a business's posts about its own campaign; collective campaigns have none.
        "offer": pledge.state in SUBSCRIBABLE_STATES and pledge.campaign_id is not None,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }
