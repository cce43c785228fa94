"""Run inside the seeded test database (`python tests/browser/discover.py`): prints the URLs and accounts the
browser tests need, as JSON. Looks things up instead of hard-coding demo slugs, so a change to the demo data
breaks nothing silently: a missing piece becomes `null` and the test that needs it says so."""

import json
import os
import sys

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.browser.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.models import Page  # noqa: E402

from directory.models import BusinessOwner, BusinessPage, DirectoryIndexPage, MapPage  # noqa: E402


def url(page):
    return page.url if page else None


def first(model, **filters):
    return model.objects.live().filter(**filters).first() if hasattr(model.objects, "live") else None


out = {"accounts": {}}
home_pages = Page.objects.filter(depth=2).specific()
out["home"] = "/"
standard = Page.objects.live().filter(content_type__model="standardpage").specific()
out["standard"] = next((url(p) for p in standard if p.slug == "so-funktionierts"), url(standard.first()))
out["accessibility_statement"] = next((url(p) for p in standard if p.slug == "barrierefreiheit"), None)
out["privacy_policy"] = next((url(p) for p in standard if p.slug == "datenschutz"), None)
news = Page.objects.live().filter(content_type__model="newspage").first()
out["news"] = url(news)
out["news_index"] = url(news.get_parent()) if news else None
out["directory"] = url(DirectoryIndexPage.objects.live().first())
out["map"] = url(MapPage.objects.live().first())
try:
    from fundraising.collective.models import CollectiveCampaignIndexPage, CollectiveCampaignPage

    out["collective_index"] = url(CollectiveCampaignIndexPage.objects.live().first())
    _today = timezone.localdate()
    out["collective_campaign"] = url(  # one that takes pledges now (the demo also has an ended one)
        CollectiveCampaignPage.objects.live()
        .exclude(frozen_at=None)
        .filter(start_date__lte=_today, end_date__gte=_today)
        .order_by("pk")
        .first()
    )
    out["collective_report"] = out["collective_campaign"] and out["collective_campaign"] + "bericht/"
except ImportError:  # the collective app is optional
    out["collective_index"] = out["collective_campaign"] = out["collective_report"] = None

try:
    from fundraising.models import CampaignPage, Voucher

    today = timezone.localdate()
    campaigns = [
        c
        for c in CampaignPage.objects.live().filter(start_date__lte=today, end_date__gte=today, ended_early_at=None)
        if c.get_parent().live and c.rewards.filter(kind="voucher").exists()
    ]
    campaign = campaigns[0] if campaigns else None
    out["campaign"] = url(campaign)
    out["campaign_title"] = campaign.title if campaign else None
    out["business"] = url(campaign.get_parent()) if campaign else url(BusinessPage.objects.live().first())
    business = campaign.get_parent().specific if campaign else BusinessPage.objects.live().first()
    out["business_title"] = business.title
    out["business_district"] = business.district.slug
    voucher = (
        Voucher.objects.filter(state="active", dispute_open=False, balance_cents__gte=500, valid_until__gte=today)
        .filter(business__in=BusinessOwner.objects.values("business"))
        .order_by("pk")
        .first()
    )
    if voucher:
        owner = BusinessOwner.objects.filter(business=voucher.business).select_related("user").first().user
        out["voucher"] = {
            "code": voucher.display_code,
            "url": f"/gutschein/{voucher.token}/",
            "business_pk": voucher.business_id,
            "balance_cents": voucher.balance_cents,
        }
        out["accounts"]["voucher_owner"] = owner.email
except ImportError:  # the fundraising app is optional
    out["campaign"] = None

owner_link = BusinessOwner.objects.select_related("user", "business").order_by("pk").first()
if owner_link:
    out["accounts"]["owner"] = owner_link.user.email
    out["owner_business_pk"] = owner_link.business_id
# An owner of several businesses (the dashboard menu then has one disclosure per business).
several = (
    BusinessOwner.objects.values("user__email").annotate(count=Count("business")).filter(count__gt=1).order_by("-count")
).first()
out["accounts"]["owner_of_several"] = several["user__email"] if several else None
out["owner_of_several_businesses"] = (
    list(BusinessOwner.objects.filter(user__email=several["user__email"]).values_list("business_id", flat=True))
    if several
    else []
)
# A business nobody owns, with a place on the map: the admin geo widget test saves drafts of it.
unowned = (
    BusinessPage.objects.live()
    .exclude(pk__in=BusinessOwner.objects.values("business"))
    .exclude(location="")
    .order_by("-pk")
    .first()
)
out["unowned_business_pk"] = unowned.pk if unowned else None
editor = get_user_model().objects.filter(groups__name="Redaktion", is_superuser=False).first()
out["accounts"]["editor"] = editor.email if editor else None
print(json.dumps(out))
