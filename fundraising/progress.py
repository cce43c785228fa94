"""Campaign progress from paid pledges only, read from the per-target totals (fundraising.totals keeps them in the
transaction of every pledge change): one row per campaign, never an aggregate over pledges."""

from urllib.parse import quote

from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext as _

from wagtail.models import Page, Site

from directory.models import BusinessPage
from fundraising.conf import conf
from fundraising.models import CampaignPage, CampaignState
from fundraising.models.progress import (  # noqa: F401 (re-exported)
    campaign_progress,
    percent_of,
    progress_from_totals,
    stored_totals,
)


def with_progress(queryset):
    """Annotates `raised` and `supporters` (paid pledges) from the totals: one LEFT JOIN, no aggregate."""
    return queryset.annotate(
        raised=Coalesce(F("pledge_totals__raised_cents"), Value(0)),
        supporters=Coalesce(F("pledge_totals__supporters"), Value(0)),
    )


class PageUrls:
    """Relative page URLs from ``url_path`` with one read of the site root paths for many pages (``page.url``
    reads them from the cache for every page): the URL of each root a page lies under is asked of Wagtail once per
    (root, locale) — so language prefixes, translated trees and the host's URL rules are Wagtail's — then the rest of
    the path is quoted as ``reverse()`` quotes it. With several sites it falls back to ``page.url``."""

    def __init__(self):
        roots = Site.get_site_root_paths()  # Wagtail's order: the first root a page lies under is its root
        self.root_paths = [root.root_path for root in roots] if len({r.site_id for r in roots}) == 1 else None
        self.prefixes = {}

    def __call__(self, page):
        if self.root_paths is None:
            return page.url
        url_path = page.url_path
        for root_path in self.root_paths:
            if url_path.startswith(root_path):
                key = (root_path, page.locale_id)
                prefix = self.prefixes.get(key)
                if prefix is None:
                    prefix = self.prefixes[key] = Page(url_path=root_path, locale_id=page.locale_id).url or ""
                if not prefix:
                    return page.url
                return prefix + quote(url_path[len(root_path) :], safe=RFC3986_SUBDELIMS + "/~:@")
        return page.url


def summary_for(campaign, today=None, urls=None):
    """The dict the directory hooks promise, from a campaign annotated by with_progress()."""
    raised = campaign.raised or 0
    state = campaign.state_for(raised, today)
    return {
        "title": campaign.title,
        "url": urls(campaign) if urls is not None else campaign.url,
        "state": str(state),
        "raised_cents": raised,
        "goal_cents": campaign.goal_cents,
        "percent": percent_of(raised, campaign.goal_cents),
        "supporters": campaign.supporters,
        "days_left": campaign.days_left(today),
    }


# What summary_for() reads of a campaign (and PageUrls, or page.url on a multi-site installation): lean instances.
SUMMARY_FIELDS = (
    "title",
    "url_path",
    "locale_id",
    "start_date",
    "end_date",
    "ended_early_at",
    "goal_cents",
    "business_page_id",
)

# Above this many businesses the campaigns are not filtered by an IN list in SQL (see campaign_summaries).
LARGE_ID_LIST = 500
RANK = {CampaignState.ACTIVE: 0, CampaignState.GOAL_REACHED: 0, CampaignState.UPCOMING: 1, CampaignState.ENDED: 2}


def campaign_summaries(business_ids):
    """Hook `directory_campaign_summaries`: the most relevant live campaign per business, in one query.

    Relevance: active (or goal reached) first, then upcoming, then the most recently started ended one.
    """
    business_ids = {int(pk) for pk in business_ids}
    if not business_ids:
        return {}
    campaigns = CampaignPage.objects.live().only(*SUMMARY_FIELDS).order_by("-start_date", "-pk")
    if len(business_ids) <= LARGE_ID_LIST:
        campaigns = campaigns.filter(business_page_id__in=business_ids)
    # else (a city-wide map or GeoJSON): every live campaign, filtered below — cheaper than thousands of parameters
    today = timezone.localdate()
    urls = PageUrls()
    best = {}
    for campaign in with_progress(campaigns):
        if campaign.business_page_id not in business_ids:
            continue
        summary = summary_for(campaign, today, urls)
        current = best.get(campaign.business_page_id)
        if current is None or RANK[summary["state"]] < RANK[current["state"]]:
            best[campaign.business_page_id] = summary
    return best


def active_campaigns(today=None):
    today = today or timezone.localdate()
    return CampaignPage.objects.live().filter(start_date__lte=today, end_date__gte=today, ended_early_at__isnull=True)


def active_campaign_business_ids():
    """Hook `directory_active_campaign_business_ids`: businesses with a live campaign accepting pledges."""

    return BusinessPage.objects.filter(pk__in=active_campaigns().values("business_page_id")).values("pk")


CLOSE_TO_GOAL_PERCENT = 80


def digest_sections(businesses, since, limit=10):
    """New campaigns (first published after `since`) and active campaigns at 80–99 % of their goal, for the
    businesses in the queryset `businesses`. Keys let the digest tell each campaign once per kind."""
    base = conf.BASE_URL.rstrip("/")
    candidates = list(
        with_progress(active_campaigns().filter(business_page_id__in=businesses.values("pk"))).select_related(
            "business_page"
        )[:200]
    )
    new = [c for c in candidates if c.first_published_at and c.first_published_at > since][:limit]
    close = [c for c in candidates if CLOSE_TO_GOAL_PERCENT <= percent_of(c.raised or 0, c.goal_cents) < 100][:limit]

    def item(campaign, kind, text):
        business = campaign.business_page.title if campaign.business_page_id else ""
        return {
            "key": f"{kind}:{campaign.pk}",
            "title": f"{business}: {campaign.title}" if business else campaign.title,
            "url": base + (campaign.url or ""),
            "text": text,
        }

    return [
        {"key": "campaigns", "title": _("New campaigns"), "items": [item(c, "campaign", "") for c in new]},
        {
            "key": "close",
            "title": _("Close to their goal"),
            "items": [
                item(c, "close", _("%(percent)s %% of the goal") % {"percent": percent_of(c.raised or 0, c.goal_cents)})
                for c in close
            ],
        },
    ]
