"""Editors' reports (Wagtail admin, CSV export): money the platform owes each business (`ledger`), and the city's
match per business. Aggregate queries only: the number of queries does not grow with the data."""

from django.db.models import Count, Q, Sum
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commons.csv_export import csv_response, euros
from commons.permissions import require_permission
from fundraising.payouts.de_minimis import aid_per_business, current_declaration, window_start
from fundraising.payouts.ledger import BALANCE_HEADER, balance_cells, balance_totals, owed_to_businesses
from fundraising.payouts.models import MatchAllocation, MatchFund


def amount_owed(request):
    require_permission(request, "payouts.view_pledgerouting")
    rows = owed_to_businesses()
    if request.GET.get("export") == "csv":
        header = [
            _("Business ID"),
            _("Business"),
            _("Pledges"),
            _("Collected (EUR)"),
            _("Refunded (EUR)"),
            _("Platform fee (EUR)"),
            *BALANCE_HEADER,
            _("Disputed, held back (EUR)"),
        ]
        data = [
            [
                r.business_id,
                r.business,
                r.pledges,
                euros(r.gross_cents),
                euros(r.refunded_cents),
                euros(r.fee_cents),
                *balance_cells(r),
                euros(r.disputed_cents),
            ]
            for r in rows
        ]
        return csv_response(f"amount-owed-{timezone.localdate():%Y-%m-%d}.csv", header, data)
    totals = balance_totals(rows)
    for key in ("gross_cents", "refunded_cents", "fee_cents", "disputed_cents"):
        totals[key] = sum(getattr(r, key) for r in rows)
    return TemplateResponse(
        request,
        "payouts/admin/amount_owed.html",
        {"rows": rows, "totals": totals, "collective_payouts_url": _collective_payouts_url()},
    )


def _collective_payouts_url():
    """The collective campaigns' own payout ledger, when that app is installed (it is not in this report)."""
    try:
        return reverse("collective_admin_payouts")
    except NoReverseMatch:
        return None


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
    require_permission(request, "payouts.view_matchallocation")
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


def de_minimis_csv(request):
    """The city's match money per business over the last three years, for the de-minimis record."""
    require_permission(request, "payouts.view_matchallocation")
    rows = []
    for row in aid_per_business():
        declaration = current_declaration(row["business_id"])
        rows.append(
            [
                row["business_id"],
                row["business__title"],
                row["business__legal_name"],
                row["business__tax_number"],
                euros(row["total"]),
                row["count"],
                row["first"],
                row["last"],
                declaration.confirmed_at if declaration else None,
                euros(declaration.other_aid_cents) if declaration else None,
            ]
        )
    header = [
        _("Business ID"),
        _("Business"),
        _("Legal name"),
        _("Tax number"),
        _("City match in the last three years (EUR)"),
        _("Matched pledges"),
        _("First allocation"),
        _("Last allocation"),
        _("De-minimis declaration confirmed"),
        _("Other de-minimis aid declared (EUR)"),
    ]
    return csv_response(f"de-minimis-since-{window_start():%Y-%m-%d}.csv", header, rows)
