"""Editors' admin views: the city's dashboard (HTML with SVG charts and tables, CSV) and posters for any page."""

import csv

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from wagtail.models import Page

from . import charts
from .dashboard import WEEK_CHOICES, city_numbers
from .views.common import poster_response


def can_see_dashboard(user):
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    groups = getattr(settings, "OUTREACH_DASHBOARD_GROUPS", ["Redaktion"])
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


def _csv_safe(value):
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _euros(cents):
    return f"{(cents or 0) / 100:.2f}"


def city_dashboard_csv(request):
    """One file, one section per table, with a `section` column so spreadsheets can filter."""
    if not can_see_dashboard(request.user):
        raise PermissionDenied
    numbers = city_numbers(_weeks(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="city-dashboard-{numbers["today"].isoformat()}.csv"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["section", "label", "pledged_eur", "refunded_eur", "net_eur", "pledges", "matched_eur"])
    t = numbers["totals"]
    writer.writerow(
        ["total", "", _euros(t["pledged"]), _euros(t["refunded"] + t["lost"]), _euros(t["net"]), t["pledges"]]
    )
    if t["matched"] is not None:
        writer.writerow(["matched", "", _euros(t["matched"]), "", "", ""])
    for row in numbers["weekly"]:
        writer.writerow(
            [
                "week",
                row["week"].isoformat(),
                _euros(row["pledged"]),
                _euros(row["refunded"]),
                _euros(row["net"]),
                row["pledges"],
            ]
        )
    for section, rows in (("district", numbers["by_district"]), ("category", numbers["by_category"])):
        for row in rows:
            writer.writerow(
                [
                    section,
                    _csv_safe(row["label"]),
                    _euros(row["pledged"]),
                    _euros(row["refunded"]),
                    _euros(row["net"]),
                    row["pledges"],
                ]
            )
    for row in numbers["top_campaigns"]:
        label = f"{row['business__title']}: {row['target_title']}" if row["business__title"] else row["target_title"]
        writer.writerow(
            [
                "campaign",
                _csv_safe(label),
                _euros(row["pledged"]),
                _euros(row["refunded"]),
                _euros(row["net"]),
                row["pledges"],
            ]
        )
    v = numbers["vouchers"]
    writer.writerow(["vouchers_issued", "", _euros(v["face"]), "", "", v["issued"]])
    writer.writerow(["vouchers_redeemed", "", _euros(v["redeemed_cents"]), "", "", v["redemptions"]])
    writer.writerow(["businesses_live", "", "", "", "", numbers["businesses"]["live"]])
    writer.writerow(["businesses_with_active_campaign", "", "", "", "", numbers["businesses"]["with_campaign"]])
    return response


def page_poster(request, page_pk, fmt):
    """Editors: the poster of any business or campaign page they can edit (drafts included)."""
    from directory.models import BusinessPage
    from fundraising.models import CampaignPage

    page = get_object_or_404(Page, pk=page_pk).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if isinstance(page, CampaignPage):
        business, campaign = page.get_parent().specific, page
    elif isinstance(page, BusinessPage):
        from fundraising.views.owner import open_campaign

        business, campaign = page, open_campaign(page)
    else:
        raise Http404
    return poster_response(request, business, campaign, fmt)
