"""Editors' admin views: the city's dashboard (HTML with SVG charts and tables, CSV) and posters for any page."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from wagtail.models import Page

from commons.csv_export import csv_response, euros
from directory.models import BusinessPage
from fundraising.conf import conf
from fundraising.models import CampaignPage
from fundraising.views.owner import open_campaign

from . import charts
from .dashboard import WEEK_CHOICES, city_numbers
from .views.common import poster_response


def can_see_dashboard(user):
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    groups = conf.OUTREACH_DASHBOARD_GROUPS
    return user.groups.filter(name__in=groups).exists()


def _weeks(request):
    try:
        weeks = int(request.GET.get("weeks", WEEK_CHOICES[0]))
    except (TypeError, ValueError):
        weeks = WEEK_CHOICES[0]
    return weeks if weeks in WEEK_CHOICES else WEEK_CHOICES[0]


def city_dashboard(request):
    if not can_see_dashboard(request.user):
        raise PermissionDenied
    numbers = city_numbers(_weeks(request))
    weekly_chart = charts.column_chart(
        "chart-weekly",
        _("Money pledged and refunded per week"),
        _("Green bars: pledged; red bars: refunded. The numbers are in the table below."),
        numbers["weekly"],
        "pledged",
        "refunded",
    )
    district_chart = charts.bar_chart(
        "chart-districts",
        _("Net amount by district"),
        _("Net amount raised per district; the numbers are in the table beside the chart."),
        numbers["by_district"],
    )
    category_chart = charts.bar_chart(
        "chart-categories",
        _("Net amount by category"),
        _("Net amount raised per category; the numbers are in the table beside the chart."),
        numbers["by_category"],
    )
    response = TemplateResponse(
        request,
        "outreach/admin/dashboard.html",
        {
            "numbers": numbers,
            "week_choices": WEEK_CHOICES,
            "weekly_chart": weekly_chart,
            "district_chart": district_chart,
            "category_chart": category_chart,
            "header_title": _("City dashboard"),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _money_row(section, label, row):
    return [section, label, euros(row["pledged"]), euros(row["refunded"]), euros(row["net"]), row["pledges"]]


def city_dashboard_csv(request):
    """One file, one section per table, with a `section` column so spreadsheets can filter. Amounts are euro
    numbers in the spreadsheet format of the editor's language (`commons.csv_export`)."""
    if not can_see_dashboard(request.user):
        raise PermissionDenied
    numbers = city_numbers(_weeks(request))
    header = ["section", "label", "pledged_eur", "refunded_eur", "net_eur", "pledges", "matched_eur"]
    t = numbers["totals"]
    rows = [["total", "", euros(t["pledged"]), euros(t["refunded"] + t["lost"]), euros(t["net"]), t["pledges"]]]
    if t["matched"] is not None:
        rows.append(["matched", "", None, None, None, None, euros(t["matched"])])
    for row in numbers["weekly"]:
        matched = [euros(row["matched"])] if t["matched"] is not None else []
        rows.append(_money_row("week", row["week"], row) + matched)
    rows += [_money_row("district", row["label"], row) for row in numbers["by_district"]]
    rows += [_money_row("category", row["label"], row) for row in numbers["by_category"]]
    for row in numbers["top_campaigns"]:
        label = f"{row['business__title']}: {row['target_title']}" if row["business__title"] else row["target_title"]
        rows.append(_money_row("campaign", label, row))
    v = numbers["vouchers"]
    rows += [
        ["vouchers_issued", "", euros(v["face"]), None, None, v["issued"]],
        ["vouchers_redeemed", "", euros(v["redeemed_cents"]), None, None, v["redemptions"]],
        ["businesses_live", "", None, None, None, numbers["businesses"]["live"]],
        ["businesses_with_active_campaign", "", None, None, None, numbers["businesses"]["with_campaign"]],
    ]
    return csv_response(f"city-dashboard-{numbers['today'].isoformat()}.csv", header, rows)


def page_poster(request, page_pk, fmt):
    """Editors: the poster of any business or campaign page they can edit (drafts included)."""

    page = get_object_or_404(Page, pk=page_pk).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if isinstance(page, CampaignPage):
        business, campaign = page.get_parent().specific, page
    elif isinstance(page, BusinessPage):
        business, campaign = page, open_campaign(page)
    else:
        raise Http404
    return poster_response(request, business, campaign, fmt)
