"""The council report: what the city's money and the citizens' money achieved in a date range.

Definitions (also printed on the report):
* citizens' money: pledges paid in the range (paid, later refunded or disputed included), minus refunds and lost
  disputes of those pledges = net;
* city match money: match-fund allocations made in the range that were not released (fundraising.payouts);
* leverage: citizens' net euros per city euro (net ÷ match), only when there is match money;
* businesses reached: businesses with a paid pledge in the range, and the beneficiaries of collective campaigns
  that received a paid pledge in the range; districts reached: their districts;
* by kind: the citizens' figures split into one-off, monthly support, gift and offline (by method) pledges
  (fundraising.pledge_kinds); they add up to the totals;
* vouchers: issued in the range (count, face value), redeemed in the range (sum of redemptions), outstanding at
  the end of the range (face value minus everything redeemed until then, of vouchers issued until then and not
  void), of which already expired;
* survival: of the businesses reached, those whose first support in the range lies at least 3, 6, 12 months
  back; "still active" unless an editor recorded "closed for good" (listing status) on or before that milestone,
  or the listing was unpublished by then.

A fixed number of aggregate queries, whatever the amount of data.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import Coalesce, Lower, TruncDay, TruncMonth, TruncWeek
from django.utils import timezone

from wagtail.models import PageLogEntry

from directory.models import BusinessPage, Freshness
from fundraising import pledge_kinds
from fundraising.models import PaymentMethod, Pledge, Redemption, Voucher, VoucherState

from .dashboard import EVER_PAID

SURVIVAL_MONTHS = (3, 6, 12)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def bounds(self):
        zone = timezone.get_current_timezone()
        begin = dt.datetime.combine(self.start, dt.time(0), tzinfo=zone)
        finish = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
        return begin, finish

    @property
    def bucket(self):
        return "day" if self.days <= 31 else "week" if self.days <= 183 else "month"


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _local_date(value):
    return timezone.localtime(value).date() if isinstance(value, dt.datetime) else value


def _bucket_start(day, bucket):
    if bucket == "week":
        return day - dt.timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day


def _buckets(period):
    current, result = _bucket_start(period.start, period.bucket), []
    while current <= period.end:
        result.append(current)
        if period.bucket == "day":
            current += dt.timedelta(days=1)
        elif period.bucket == "week":
            current += dt.timedelta(weeks=1)
        else:
            current = add_months(current, 1)
    return result


TRUNC = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}


def _allocations():
    if not apps.is_installed("fundraising.payouts"):
        return None
    return apps.get_model("payouts", "MatchAllocation").objects.filter(released_at__isnull=True)


def _collective_beneficiaries(campaign_ids):
    """{campaign id: [business ids]} of collective campaigns (frozen beneficiaries), when that app is installed."""
    if not campaign_ids or not apps.is_installed("fundraising.collective"):
        return {}
    model = apps.get_model("collective", "FrozenBeneficiary")
    result = {}
    for campaign_id, business_id in model.objects.filter(campaign_id__in=campaign_ids).values_list(
        "campaign_id", "business_id"
    ):
        result.setdefault(campaign_id, []).append(business_id)
    return result


OFFLINE = ~Q(payment_method="online")


def council_numbers(period, today=None):
    today = today or timezone.localdate()
    begin, finish = period.bounds()
    paid = Pledge.objects.filter(state__in=EVER_PAID, paid_at__gte=begin, paid_at__lt=finish)
    totals = paid.aggregate(
        pledged=Coalesce(Sum("amount_cents"), 0),
        refunded=Coalesce(Sum("refunded_cents"), 0),
        lost=Coalesce(Sum("amount_cents", filter=Q(state="dispute_lost", refunded_cents=0)), 0),
        pledges=Count("pk"),
        supporters=Count(Lower("email"), distinct=True),
        # Offline pledges (cash, transfer, grant; fundraising.offline) are part of the figures above, and shown apart.
        offline_pledged=Coalesce(Sum("amount_cents", filter=OFFLINE), 0),
        offline_refunded=Coalesce(Sum("refunded_cents", filter=OFFLINE), 0),
        offline_pledges=Count("pk", filter=OFFLINE),
        gifts=Count("gift"),
    )
    totals["net"] = totals["pledged"] - totals["refunded"] - totals["lost"]
    totals["offline_net"] = totals["offline_pledged"] - totals["offline_refunded"]
    allocations = _allocations()
    in_range = None if allocations is None else allocations.filter(created_at__gte=begin, created_at__lt=finish)
    totals["matched"] = None if in_range is None else in_range.aggregate(s=Coalesce(Sum("amount_cents"), 0))["s"]
    totals["leverage"] = round(totals["net"] / totals["matched"], 2) if totals["matched"] else None

    # By kind (fundraising.pledge_kinds): one-off, monthly support, gift, offline by method; they add up to the totals
    by_kind = {}
    for row in (
        pledge_kinds.with_kind(paid)
        .values(pledge_kinds.FIELD, "payment_method")
        .annotate(
            pledges=Count("pk"),
            pledged=Coalesce(Sum("amount_cents"), 0),
            refunded=Coalesce(Sum("refunded_cents"), 0),
            lost=Coalesce(Sum("amount_cents", filter=Q(state="dispute_lost", refunded_cents=0)), 0),
        )
        .order_by()
    ):
        kind = row[pledge_kinds.FIELD]
        key = f"{kind}_{row['payment_method']}" if kind == pledge_kinds.OFFLINE else kind
        label = pledge_kinds.LABELS[kind]
        if kind == pledge_kinds.OFFLINE:
            label = f"{label} ({PaymentMethod(row['payment_method']).label})"
        entry = by_kind.setdefault(key, {"key": key, "label": label, "pledges": 0, "net": 0})
        entry["pledges"] += row["pledges"]
        entry["net"] += row["pledged"] - row["refunded"] - row["lost"]

    # Over time
    trunc = TRUNC[period.bucket]
    series = {start: {"pledged": 0, "net": 0, "matched": 0} for start in _buckets(period)}
    for row in (
        paid.annotate(bucket=trunc("paid_at"))
        .values("bucket")
        .annotate(pledged=Coalesce(Sum("amount_cents"), 0), refunded=Coalesce(Sum("refunded_cents"), 0))
    ):
        key = _bucket_start(_local_date(row["bucket"]), period.bucket)
        if key in series:
            series[key]["pledged"] += row["pledged"]
            series[key]["net"] += row["pledged"] - row["refunded"]
    if in_range is not None:
        for row in in_range.annotate(bucket=trunc("created_at")).values("bucket").annotate(s=Sum("amount_cents")):
            key = _bucket_start(_local_date(row["bucket"]), period.bucket)
            if key in series:
                series[key]["matched"] += row["s"]
    label = {"day": "%d.%m.", "week": "%d.%m.", "month": "%m/%Y"}[period.bucket]
    over_time = [{"start": start, "label": start.strftime(label), **values} for start, values in series.items()]

    # Reach
    first_support = {}
    for business_id, first in (
        paid.filter(business_id__isnull=False).values_list("business_id").annotate(first=Min("paid_at"))
    ):
        first_support[business_id] = first
    # Pledges without one business go to a campaign for a group of businesses (a pledge target of another type).
    collective_first = dict(
        paid.filter(business_id__isnull=True).values_list("target_id").annotate(first=Min("paid_at"))
    )
    beneficiaries = _collective_beneficiaries(list(collective_first))
    for campaign_id, business_ids in beneficiaries.items():
        for business_id in business_ids:
            first = collective_first[campaign_id]
            if business_id not in first_support or first < first_support[business_id]:
                first_support[business_id] = first
    reached = list(first_support)
    by_district = list(
        BusinessPage.objects.filter(pk__in=reached)
        .values("district__name")
        .annotate(businesses=Count("pk"))
        .order_by("-businesses", "district__name")
    )
    net_by_district = {
        row["business__district__name"]: row["net"]
        for row in paid.filter(business_id__isnull=False)
        .values("business__district__name")
        .annotate(net=Coalesce(Sum("amount_cents"), 0) - Coalesce(Sum("refunded_cents"), 0))
    }
    districts = [
        {
            "label": row["district__name"] or "–",
            "businesses": row["businesses"],
            "net": net_by_district.get(row["district__name"], 0),
        }
        for row in by_district
    ]

    # Vouchers
    issued = Voucher.objects.filter(issued_at__gte=begin, issued_at__lt=finish).aggregate(
        count=Count("pk"), face=Coalesce(Sum("face_value_cents"), 0)
    )
    redeemed = Redemption.objects.filter(created_at__gte=begin, created_at__lt=finish).aggregate(
        count=Count("pk"), cents=Coalesce(Sum("amount_cents"), 0)
    )
    standing = Voucher.objects.filter(issued_at__lt=finish).exclude(
        Q(state=VoucherState.VOID) & (Q(voided_at__isnull=True) | Q(voided_at__lt=finish))
    )
    face_standing = standing.aggregate(
        face=Coalesce(Sum("face_value_cents"), 0),
        expired=Coalesce(Sum("face_value_cents", filter=Q(valid_until__lt=period.end)), 0),
    )
    redeemed_until = Redemption.objects.filter(voucher__in=standing, created_at__lt=finish).aggregate(
        cents=Coalesce(Sum("amount_cents"), 0),
        expired=Coalesce(Sum("amount_cents", filter=Q(voucher__valid_until__lt=period.end)), 0),
    )
    vouchers = {
        "issued": issued["count"],
        "issued_cents": issued["face"],
        "redemptions": redeemed["count"],
        "redeemed_cents": redeemed["cents"],
        "outstanding_cents": face_standing["face"] - redeemed_until["cents"],
        "expired_cents": face_standing["expired"] - redeemed_until["expired"],
    }

    # Collective campaigns
    collective = {"campaigns": len(collective_first), "cents": 0, "beneficiaries": 0}
    if collective_first:
        collective["cents"] = paid.filter(business_id__isnull=True).aggregate(
            s=Coalesce(Sum(F("amount_cents") - F("refunded_cents")), 0)
        )["s"]
        collective["beneficiaries"] = len({b for ids in beneficiaries.values() for b in ids})

    return {
        "period": period,
        "today": today,
        "totals": totals,
        "by_kind": by_kind,
        "kinds": sorted(by_kind.values(), key=_kind_order),
        "has_matching": allocations is not None,
        "over_time": over_time,
        "businesses_reached": len(reached),
        "districts_reached": sum(1 for row in districts if row["label"] != "–"),
        "districts": districts,
        "vouchers": vouchers,
        "collective": collective,
        "survival": survival(first_support, today),
        "empty": not totals["pledges"] and not vouchers["issued"] and not vouchers["redemptions"],
    }


def _kind_order(entry):
    """One-off, monthly support, gift, then offline by method (the order of pledge_kinds.KINDS)."""
    kind = entry["key"].split("_", 1)[0] if entry["key"].startswith(pledge_kinds.OFFLINE) else entry["key"]
    return (pledge_kinds.KINDS.index(kind), entry["key"])


def survival(first_support, today):
    """[{months, eligible, active, percent}] for SURVIVAL_MONTHS (see the module's definitions)."""
    ids = list(first_support)
    closed = dict(
        Freshness.objects.filter(business_id__in=ids, closed_on__isnull=False).values_list("business_id", "closed_on")
    )
    live = set(BusinessPage.objects.filter(pk__in=ids, live=True).values_list("pk", flat=True))
    unpublished = {
        page_id: _local_date(when)
        for page_id, when in PageLogEntry.objects.filter(page_id__in=set(ids) - live, action="wagtail.unpublish")
        .values_list("page_id")
        .annotate(when=Min("timestamp"))
    }
    rows = []
    for months in SURVIVAL_MONTHS:
        eligible = active = 0
        for business_id, first in first_support.items():
            milestone = add_months(_local_date(first), months)
            if milestone > today:
                continue
            eligible += 1
            gone = closed.get(business_id)
            if business_id not in live:
                gone = min(filter(None, [gone, unpublished.get(business_id, today)]))
            if gone is None or gone > milestone:
                active += 1
        rows.append(
            {
                "months": months,
                "eligible": eligible,
                "active": active,
                "percent": round(active * 100 / eligible) if eligible else None,
            }
        )
    return rows
