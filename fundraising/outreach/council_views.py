"""The council report for editors: a page with charts and tables, the same as PDF and as CSV, for any date range."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commons.csv_export import csv_response, euros
from commons.permissions import require_permission

from . import charts
from .admin_views import can_see_dashboard
from .council import Period, council_numbers

MAX_DAYS = 3 * 366


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("Until (inclusive)"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The end date must not be before the start date."))
            if (end - start).days >= MAX_DAYS:
                raise forms.ValidationError(_("At most three years at a time."))
        return data


def _period(request):
    """(form, period): the requested period, or the last 30 days when none (or an invalid one) was asked for."""
    today = timezone.localdate()
    default = Period(today - dt.timedelta(days=29), today)
    if "start" not in request.GET and "end" not in request.GET:
        return PeriodForm(initial={"start": default.start, "end": default.end}), default
    form = PeriodForm(request.GET)
    if form.is_valid():
        return form, Period(form.cleaned_data["start"], form.cleaned_data["end"])
    return form, None


def percent(value):
    return f"{value} %"


def report_charts(numbers):
    if numbers["empty"]:
        return {}
    result = {
        "money": charts.column_chart(
            "chart-money",
            _("Citizens' money and the city's match over time"),
            _("Green: citizens' money (net); blue: city match money. The numbers are in the table below."),
            numbers["over_time"],
            "net",
            "matched" if numbers["has_matching"] else None,
            second_colour=charts.BLUE,
        ),
        "districts": charts.bar_chart(
            "chart-report-districts",
            _("Citizens' money by district"),
            _("Net amount per district; the numbers are in the table beside the chart."),
            numbers["districts"],
        ),
    }
    eligible = [row for row in numbers["survival"] if row["eligible"]]
    if eligible:
        result["survival"] = charts.bar_chart(
            "chart-survival",
            _("Supported businesses still active"),
            _("Share of supported businesses still active after 3, 6 and 12 months; numbers in the table."),
            [
                {"label": _("after %(months)d months") % {"months": r["months"]}, "value": r["percent"]}
                for r in eligible
            ],
            value_key="value",
            fmt=percent,
        )
    v = numbers["vouchers"]
    result["vouchers"] = charts.bar_chart(
        "chart-vouchers",
        _("Vouchers"),
        _("Value issued and redeemed in the period, and outstanding at its end; numbers in the table."),
        [
            {"label": _("issued"), "value": v["issued_cents"]},
            {"label": _("redeemed"), "value": v["redeemed_cents"]},
            {"label": _("outstanding"), "value": v["outstanding_cents"]},
        ],
        value_key="value",
    )
    return result


def council_report(request):
    require_permission(request, can_see_dashboard)
    form, period = _period(request)
    numbers = council_numbers(period) if period else None
    response = TemplateResponse(
        request,
        "outreach/admin/council_report.html",
        {
            "form": form,
            "numbers": numbers,
            "charts": report_charts(numbers) if numbers else {},
            "query": request.GET.urlencode(),
            "header_title": _("Council report"),
        },
        status=200 if period else 400,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _filename(period, extension):
    return f"council-report-{period.start.isoformat()}-{period.end.isoformat()}.{extension}"


def council_report_pdf(request):
    require_permission(request, can_see_dashboard)
    _form, period = _period(request)
    if period is None:
        return HttpResponse(_("Invalid period."), status=400, content_type="text/plain; charset=utf-8")
    from .council_pdf import render_report_pdf  # reason: council_pdf loads fpdf2 (heavy)

    response = HttpResponse(render_report_pdf(council_numbers(period)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(period, "pdf")}"'
    response["Cache-Control"] = "private, no-store"
    return response


def council_report_csv(request):
    """One file, a `section` column for filtering; amounts in euros as numbers (commons.csv_export: the spreadsheet
    format of the active language)."""
    require_permission(request, can_see_dashboard)
    _form, period = _period(request)
    if period is None:
        return HttpResponse(_("Invalid period."), status=400, content_type="text/plain; charset=utf-8")
    numbers = council_numbers(period)
    t, v, c = numbers["totals"], numbers["vouchers"], numbers["collective"]
    leverage = None if t["leverage"] is None else Decimal(str(t["leverage"])).quantize(Decimal("0.01"))
    rows = [
        ("period", "start", period.start.isoformat(), "date"),
        ("period", "end", period.end.isoformat(), "date"),
        ("citizens", "pledged", euros(t["pledged"]), "EUR"),
        ("citizens", "refunded", euros(t["refunded"]), "EUR"),
        ("citizens", "lost_disputes", euros(t["lost"]), "EUR"),
        ("citizens", "net", euros(t["net"]), "EUR"),
        ("citizens", "pledges", t["pledges"], "count"),
        ("citizens", "supporters", t["supporters"], "count"),
        ("citizens", "offline_net", euros(t["offline_net"]), "EUR"),
        ("citizens", "offline_pledges", t["offline_pledges"], "count"),
        ("citizens", "gifts", t["gifts"], "count"),
        ("city", "match", euros(t["matched"]), "EUR"),
        ("city", "leverage", leverage, "EUR per city EUR"),
        ("reach", "businesses", numbers["businesses_reached"], "count"),
        ("reach", "districts", numbers["districts_reached"], "count"),
        ("vouchers", "issued", v["issued"], "count"),
        ("vouchers", "issued_value", euros(v["issued_cents"]), "EUR"),
        ("vouchers", "redeemed", euros(v["redeemed_cents"]), "EUR"),
        ("vouchers", "outstanding", euros(v["outstanding_cents"]), "EUR"),
        ("vouchers", "outstanding_expired", euros(v["expired_cents"]), "EUR"),
        ("collective", "campaigns", c["campaigns"], "count"),
        ("collective", "net", euros(c["cents"]), "EUR"),
        ("collective", "beneficiaries", c["beneficiaries"], "count"),
    ]
    for kind, figures in sorted(numbers["by_kind"].items()):
        rows.append(("kind", f"{kind}_net", euros(figures["net"]), "EUR"))
        rows.append(("kind", f"{kind}_pledges", figures["pledges"], "count"))
    for row in numbers["survival"]:
        rows.append(("survival", f"{row['months']}_months_eligible", row["eligible"], "count"))
        rows.append(("survival", f"{row['months']}_months_active", row["active"], "count"))
    for row in numbers["over_time"]:
        rows.append(("net_by_" + period.bucket, row["start"].isoformat(), euros(row["net"]), "EUR"))
        if numbers["has_matching"]:
            rows.append(("match_by_" + period.bucket, row["start"].isoformat(), euros(row["matched"]), "EUR"))
    for row in numbers["districts"]:
        rows.append(("district_net", row["label"], euros(row["net"]), "EUR"))
        rows.append(("district_businesses", row["label"], row["businesses"], "count"))
    return csv_response(_filename(period, "csv"), ["section", "label", "value", "unit"], rows)
