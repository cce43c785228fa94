"""Collective campaigns as a layer on the directory's map (the `directory_map_layers` hook, docs/DEVELOPING.md).

One layer per live, public collective campaign that is upcoming, running, or ended at most RECENT_DAYS ago. Its
beneficiaries are the frozen list once the campaign has started (with each business's share so far, from
`shares.live_shares`), or before the start the current preview (`candidate_weights`, no share yet). Only live,
public businesses are listed. Queries: the campaigns, the frozen lists of all started campaigns at once, one check
of which businesses are live and public, plus a fixed number per campaign (the preview rule, the live shares) —
never one per business.

The map is a cached public page: what changes the layer (publishing a campaign, freezing at the start, pledges)
drops the public page cache; an opt-out before the start shows up when the cached page expires.
"""

import datetime

from django.utils import timezone

from wagtail import hooks

from directory.models import BusinessPage

from .beneficiaries import candidate_weights
from .models import CollectiveCampaignPage, FrozenBeneficiary
from .shares import live_shares

RECENT_DAYS = 14  # ended campaigns stay on the map this long, so supporters can still find the final shares


def campaign_state(page, today):
    if today < page.start_date:
        return "upcoming"
    if page.end_date < today:
        return "ended"
    return "active"


STATE_ORDER = {"active": 0, "upcoming": 1, "ended": 2}


def _live_shares(page):
    """{business_id: cents so far} for a started campaign; {} while pledging is not available."""
    return live_shares(page) or {}


def map_layers(request=None, today=None):
    """The layers as plain data: [{id, title, url, state, initiator, start_date, end_date, beneficiaries}] where
    beneficiaries is {business_id: {"share_cents": int or None}} (None before the start)."""

    today = today or timezone.localdate()
    campaigns = list(
        CollectiveCampaignPage.objects.live()
        .public()
        .filter(end_date__gte=today - datetime.timedelta(days=RECENT_DAYS))
        .order_by("start_date", "pk")
    )
    if not campaigns:
        return []
    members = {campaign.pk: [] for campaign in campaigns}
    frozen = [campaign.pk for campaign in campaigns if campaign.frozen_at is not None]
    if frozen:
        for campaign_id, business_id in FrozenBeneficiary.objects.filter(campaign_id__in=frozen).values_list(
            "campaign_id", "business_id"
        ):
            members[campaign_id].append(business_id)
    for campaign in campaigns:
        if campaign.frozen_at is None:
            members[campaign.pk] = sorted(candidate_weights(campaign))
    every_id = {pk for ids in members.values() for pk in ids}
    visible = (
        set(BusinessPage.objects.live().public().filter(pk__in=every_id).values_list("pk", flat=True))
        if every_id
        else set()
    )
    layers = []
    for campaign in campaigns:
        shares = _live_shares(campaign) if campaign.frozen_at is not None else None
        beneficiaries = {
            pk: {"share_cents": None if shares is None else int(shares.get(pk, 0))}
            for pk in members[campaign.pk]
            if pk in visible
        }
        layers.append(
            {
                "id": campaign.pk,
                "title": campaign.title,
                "url": campaign.get_url(request),
                "state": campaign_state(campaign, today),
                "initiator": campaign.club_name,
                "start_date": campaign.start_date,
                "end_date": campaign.end_date,
                "beneficiaries": beneficiaries,
            }
        )
    layers.sort(key=lambda layer: (STATE_ORDER[layer["state"]], layer["start_date"], layer["id"]))
    return layers


@hooks.register("directory_map_layers")
def collective_map_layers(request):
    return map_layers(request)
