"""Home page numbers and campaign lists, live from the database and cached until something changes."""

import datetime

from django.core.cache import cache
from django.db.models import Count, Sum
from django.db.models.functions import Lower
from django.utils import timezone, translation

from directory.models import BusinessPage
from fundraising.conf import conf
from fundraising.models import CampaignPage, Pledge, PledgeState
from fundraising.progress import active_campaigns, summary_for, with_progress

from . import signals
from .models import FeaturedCampaign


def _ttl():
    return int(conf.OUTREACH_CACHE_SECONDS)


def compute_key_figures():
    # Supporters are people: distinct email addresses (case-insensitive) among paid pledges.
    paid = Pledge.objects.filter(state=PledgeState.PAID).aggregate(
        raised=Sum("amount_cents"), supporters=Count(Lower("email"), distinct=True)
    )
    return {
        "raised_cents": paid["raised"] or 0,
        "supporters": paid["supporters"],
        "businesses": BusinessPage.objects.live().count(),
        "campaigns": CampaignPage.objects.live().count(),
    }


def key_figures():
    key = signals.cache_key("key-figures")
    figures = cache.get(key)
    if figures is None:
        figures = compute_key_figures()
        cache.set(key, figures, _ttl())
    return figures


def _summaries(campaigns, today):
    return [
        summary_for(c, today)
        | {"pk": c.pk, "business": c.business_page.title if c.business_page_id else "", "end_date": c.end_date}
        for c in campaigns
    ]


def compute_campaign_lists(featured_limit=3, ending_limit=3, ending_days=None, today=None):
    """Featured: the editors' choice (live, not ended) in their order; if they chose none, the active campaigns
    closest to their goal. Ending soon: active campaigns ending within `ending_days`, not already featured."""
    today = today or timezone.localdate()
    ending_days = ending_days or int(conf.OUTREACH_ENDING_SOON_DAYS)
    active = active_campaigns(today).select_related("business_page")
    chosen_ids = list(
        FeaturedCampaign.objects.filter(campaign__in=active)
        .order_by("sort_order", "pk")
        .values_list("campaign_id", flat=True)
    )
    if chosen_ids:
        by_pk = {c.pk: c for c in with_progress(active.filter(pk__in=chosen_ids[:featured_limit]))}
        featured = _summaries([by_pk[pk] for pk in chosen_ids[:featured_limit] if pk in by_pk], today)
        editors_choice = True
    else:
        candidates = _summaries(with_progress(active).order_by("end_date", "pk")[:20], today)
        featured = sorted(candidates, key=lambda s: (-s["percent"], s["end_date"]))[:featured_limit]
        editors_choice = False
    featured_pks = {s["pk"] for s in featured}
    ending = with_progress(
        active.filter(end_date__lte=today + datetime.timedelta(days=ending_days)).exclude(pk__in=featured_pks)
    ).order_by("end_date", "pk")[:ending_limit]
    return {"featured": featured, "ending_soon": _summaries(ending, today), "editors_choice": editors_choice}


def campaign_lists():
    key = signals.cache_key("campaign-lists", timezone.localdate().isoformat(), translation.get_language())
    lists = cache.get(key)
    if lists is None:
        lists = compute_campaign_lists()
        cache.set(key, lists, _ttl())
    return lists
