"""The city's numbers for the editors' dashboard. Every figure is one aggregate query: the number of queries does not
grow with the data.

Definitions (also shown on the page):
* pledged: the amounts of all pledges that were ever paid (paid, refunded, disputed), by the week of payment;
* refunded: refunded amounts (full and partial) of those pledges; lost disputes are counted separately;
* net: pledged − refunded − lost disputes;
* matched: the city's match-fund allocations that are not released (fundraising.payouts, when installed), by the
  week they were allocated.
A business with several categories counts fully in each of them.
"""

import datetime

from django.apps import apps
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, Lower, TruncWeek
from django.utils import timezone

from directory.models import BusinessPage
from fundraising.models import CampaignPage, Pledge, PledgeState, Redemption, Voucher, VoucherState
from fundraising.progress import active_campaigns

EVER_PAID = (PledgeState.PAID, PledgeState.REFUNDED, PledgeState.DISPUTED, PledgeState.DISPUTE_LOST)
WEEK_CHOICES = (12, 26, 52)


def _sums(queryset):
    return queryset.aggregate(
        pledged=Coalesce(Sum("amount_cents"), 0),
        refunded=Coalesce(Sum("refunded_cents"), 0),
        lost=Coalesce(Sum("amount_cents", filter=Q(state=PledgeState.DISPUTE_LOST, refunded_cents=0)), 0),
        pledges=Count("pk"),
        supporters=Count(Lower("email"), distinct=True),
    )


def _grouped(queryset, field, label):
    rows = (
        queryset.values(field)
        .annotate(
            pledged=Coalesce(Sum("amount_cents"), 0),
            refunded=Coalesce(Sum("refunded_cents"), 0),
            pledges=Count("pk"),
        )
        .order_by("-pledged", field)
    )
    return [
        {
            "label": row[field] or label,
            "pledged": row["pledged"],
            "refunded": row["refunded"],
            "net": row["pledged"] - row["refunded"],
            "pledges": row["pledges"],
        }
        for row in rows
    ]


def _allocations():
    """Match allocations still in force, or None when the payouts app is not installed."""
    if not apps.is_installed("fundraising.payouts"):
        return None
    return apps.get_model("payouts", "MatchAllocation").objects.filter(released_at__isnull=True)


def week_start(day):
    return day - datetime.timedelta(days=day.weekday())


def city_numbers(weeks=12, today=None):
    today = today or timezone.localdate()
    weeks = weeks if weeks in WEEK_CHOICES else WEEK_CHOICES[0]
    first_week = week_start(today) - datetime.timedelta(weeks=weeks - 1)
    paid = Pledge.objects.filter(state__in=EVER_PAID, paid_at__isnull=False)

    totals = _sums(paid)
    totals["net"] = totals["pledged"] - totals["refunded"] - totals["lost"]
    allocations = _allocations()
    totals["matched"] = None if allocations is None else allocations.aggregate(s=Coalesce(Sum("amount_cents"), 0))["s"]
    matched_by_week = {}
    if allocations is not None:
        for row in (
            allocations.filter(created_at__date__gte=first_week)
            .annotate(week=TruncWeek("created_at"))
            .values("week")
            .annotate(matched=Sum("amount_cents"))
        ):
            week = row["week"]
            week = timezone.localtime(week).date() if isinstance(week, datetime.datetime) else week
            matched_by_week[week_start(week)] = matched_by_week.get(week_start(week), 0) + row["matched"]

    weekly_rows = (
        paid.filter(paid_at__date__gte=first_week)
        .annotate(week=TruncWeek("paid_at"))
        .values("week")
        .annotate(
            pledged=Coalesce(Sum("amount_cents"), 0), refunded=Coalesce(Sum("refunded_cents"), 0), pledges=Count("pk")
        )
        .order_by("week")
    )
    by_week = {}
    for row in weekly_rows:
        week = row["week"]
        week = timezone.localtime(week).date() if isinstance(week, datetime.datetime) else week
        by_week[week_start(week)] = row
    weekly = []
    for n in range(weeks):
        start = first_week + datetime.timedelta(weeks=n)
        row = by_week.get(start, {})
        weekly.append(
            {
                "week": start,
                "label": start.strftime("%d.%m."),
                "pledged": row.get("pledged", 0),
                "refunded": row.get("refunded", 0),
                "net": row.get("pledged", 0) - row.get("refunded", 0),
                "pledges": row.get("pledges", 0),
                "matched": matched_by_week.get(start, 0),
            }
        )

    top = list(
        paid.annotate(
            target_id=Coalesce("campaign_id", "collective_id"),
            target_title=Coalesce("campaign__title", "collective__title"),
        )
        .values("target_id", "target_title", "business__title")
        .annotate(
            pledged=Coalesce(Sum("amount_cents"), 0), refunded=Coalesce(Sum("refunded_cents"), 0), pledges=Count("pk")
        )
        .order_by("-pledged", "target_id")[:10]
    )
    for row in top:
        row["net"] = row["pledged"] - row["refunded"]

    businesses = BusinessPage.objects.live().aggregate(
        live=Count("pk"),
        with_campaign=Count("pk", filter=Q(pk__in=active_campaigns(today).values("business_page_id"))),
    )
    campaigns = CampaignPage.objects.live().aggregate(
        live=Count("pk"),
        active=Count("pk", filter=Q(pk__in=active_campaigns(today).values("pk"))),
    )
    vouchers = Voucher.objects.exclude(state=VoucherState.VOID).aggregate(
        issued=Count("pk"),
        face=Coalesce(Sum("face_value_cents"), 0),
        redeemed_cents=Coalesce(Sum(F("face_value_cents") - F("balance_cents")), 0),
        fully_redeemed=Count("pk", filter=Q(state=VoucherState.REDEEMED)),
    )
    vouchers["redemptions"] = Redemption.objects.count()

    return {
        "weeks": weeks,
        "has_matching": allocations is not None,
        "first_week": first_week,
        "today": today,
        "totals": totals,
        "weekly": weekly,
        "by_district": _grouped(paid, "business__district__name", "–"),
        "by_category": _grouped(paid, "business__categories__name", "–"),
        "top_campaigns": top,
        "businesses": businesses,
        "campaigns": campaigns,
        "vouchers": vouchers,
    }
