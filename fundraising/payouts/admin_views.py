"""Editors' reports (Wagtail admin, CSV export): money the platform owes each business, and the city's match
per business. Aggregate queries only: the number of queries does not grow with the data."""

import csv

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Greatest
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from fundraising.models import Pledge, PledgeState
from fundraising.payouts.models import ManualPayout, MatchAllocation, MatchFund, RoutingMode


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def csv_safe(value):
    """Neutralise spreadsheet formulas in text that came from users (CSV injection)."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # spreadsheet programs then read UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
    return response


def euros(cents):
    """Cents as a plain decimal string for spreadsheets: 12345 -> '123.45' (exact, no float)."""
    cents = int(cents or 0)
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def amount_owed_rows():
    """Per business: money the platform collected (paid pledges not sent by destination charge, minus refunds
    and the platform fee), what was paid out by hand, and what is still owed."""
    platform = Q(routing__isnull=True) | Q(routing__mode=RoutingMode.PLATFORM)
    collected = (
        Pledge.objects.filter(platform, state=PledgeState.PAID)
        .values("business_id", "business__title")
        .annotate(
            pledges=Count("pk"),
            gross=Sum("amount_cents"),
            refunded=Sum("refunded_cents"),
            fees=Sum("routing__application_fee_cents", default=0),
            net=Sum(Greatest(F("amount_cents") - F("refunded_cents"), 0)),
        )
        .order_by("business__title")
    )
    paid_out = dict(
        ManualPayout.objects.values("business_id")
        .annotate(total=Sum("amount_cents"))
        .values_list("business_id", "total")
    )
    disputed = dict(
        Pledge.objects.filter(platform, state=PledgeState.DISPUTED)
        .values("business_id")
        .annotate(total=Sum("amount_cents"))
        .values_list("business_id", "total")
    )
    rows = []
    seen = set()
    for row in collected:
        seen.add(row["business_id"])
        due = max(0, (row["net"] or 0) - (row["fees"] or 0))
        paid = paid_out.get(row["business_id"], 0)
        rows.append(
            {
                "business_id": row["business_id"],
                "business": row["business__title"],
                "pledges": row["pledges"],
                "gross": row["gross"] or 0,
                "refunded": row["refunded"] or 0,
                "fees": row["fees"] or 0,
                "due": due,
                "paid_out": paid,
                "owed": due - paid,
                "disputed": disputed.get(row["business_id"], 0),
            }
        )
    if set(paid_out) - seen:
        from directory.models import BusinessPage

        titles = dict(BusinessPage.objects.filter(pk__in=set(paid_out) - seen).values_list("pk", "title"))
        for business_id in sorted(set(paid_out) - seen, key=lambda pk: titles.get(pk, "")):
            paid = paid_out[business_id]
            rows.append(
                {
                    "business_id": business_id,
                    "business": titles.get(business_id, ""),
                    "pledges": 0,
                    "gross": 0,
                    "refunded": 0,
                    "fees": 0,
                    "due": 0,
                    "paid_out": paid,
                    "owed": -paid,
                    "disputed": disputed.get(business_id, 0),
                }
            )
    return rows


def amount_owed(request):
    _require(request, "payouts.view_pledgerouting")
    rows = amount_owed_rows()
    if request.GET.get("export") == "csv":
        header = [
            _("Business ID"),
            _("Business"),
            _("Pledges"),
            _("Collected (EUR)"),
            _("Refunded (EUR)"),
            _("Platform fee (EUR)"),
            _("Due (EUR)"),
            _("Paid out (EUR)"),
            _("Owed (EUR)"),
            _("Disputed (EUR)"),
        ]
        data = [
            [
                r["business_id"],
                r["business"],
                r["pledges"],
                euros(r["gross"]),
                euros(r["refunded"]),
                euros(r["fees"]),
                euros(r["due"]),
                euros(r["paid_out"]),
                euros(r["owed"]),
                euros(r["disputed"]),
            ]
            for r in rows
        ]
        return csv_response(f"amount-owed-{timezone.localdate():%Y-%m-%d}.csv", header, data)
    totals = {key: sum(r[key] for r in rows) for key in ("gross", "refunded", "fees", "due", "paid_out", "owed")}
    return TemplateResponse(request, "payouts/admin/amount_owed.html", {"rows": rows, "totals": totals})


def match_rows(fund_id=None):
    allocations = MatchAllocation.objects.all()
    if fund_id:
        allocations = allocations.filter(fund_id=fund_id)
    return list(
        allocations.values("fund_id", "fund__name", "business_id", "business__title")
        .annotate(
            pledges=Count("pk", filter=Q(released_at__isnull=True)),
            matched=Sum("amount_cents", filter=Q(released_at__isnull=True), default=0),
            released=Sum("amount_cents", filter=Q(released_at__isnull=False), default=0),
            pledged=Sum("pledge__amount_cents", filter=Q(released_at__isnull=True), default=0),
        )
        .order_by("fund__name", "business__title")
    )


def match_allocations(request):
    _require(request, "payouts.view_matchallocation")
    funds = list(MatchFund.objects.order_by("-active", "ends_on", "pk"))
    fund_id = request.GET.get("fund", "")
    fund_id = int(fund_id) if fund_id.isdigit() and any(f.pk == int(fund_id) for f in funds) else None
    rows = match_rows(fund_id)
    if request.GET.get("export") == "csv":
        header = [
            _("Fund"),
            _("Business ID"),
            _("Business"),
            _("Matched pledges"),
            _("Pledged (EUR)"),
            _("City match (EUR)"),
            _("Released (EUR)"),
        ]
        data = [
            [
                r["fund__name"],
                r["business_id"],
                r["business__title"],
                r["pledges"],
                euros(r["pledged"]),
                euros(r["matched"]),
                euros(r["released"]),
            ]
            for r in rows
        ]
        return csv_response(f"city-match-{timezone.localdate():%Y-%m-%d}.csv", header, data)
    return TemplateResponse(
        request,
        "payouts/admin/match_allocations.html",
        {
            "rows": rows,
            "funds": funds,
            "fund_id": fund_id,
            "total": sum(r["matched"] for r in rows),
        },
    )
