"""The payouts app's side of the hooks: fundraising's checkout/refund/webhook extension points, the owner
dashboard, and the editors' admin (match funds, manual payouts, reports)."""

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from fundraising.models import CampaignPage
from fundraising.payouts import admin_views, de_minimis, routing
from fundraising.payouts.connect import apply_account_updated, apply_deauthorized
from fundraising.payouts.templatetags import payouts_tags
from fundraising.payouts.templatetags.payouts_tags import match_fund_budget
from fundraising.payouts.views import status_context
from fundraising.payouts.viewsets import PayoutsGroup


@hooks.register("fundraising_campaign_page_sections")
def campaign_match_section(request, page, progress):
    """On a business's campaign page: the city's match, in the total and explained once under the status."""
    if not isinstance(page, CampaignPage):
        return None
    match = payouts_tags.campaign_match(page, progress)
    html = render_to_string(
        "payouts/includes/campaign_match.html",
        {
            "matched_cents": match["matched_cents"],
            "fund": match["fund"],
            "ratio_percent": match["ratio_percent"],
            "campaign": page,
        },
        request=request,
    )
    return {"summary": html, "top_up_cents": match["matched_cents"]}


@hooks.register("fundraising_checkout_params")
def checkout_params(pledge, params):
    routing.route_checkout(pledge, params)


@hooks.register("fundraising_refund_params")
def refund_params(pledge, params):
    routing.refund_params(pledge, params)


@hooks.register("fundraising_webhook_event")
def webhook_event(event):
    if event.get("type") == "account.updated":
        return apply_account_updated(event)
    if event.get("type") == "account.application.deauthorized":
        return apply_deauthorized(event)
    return None


@hooks.register("owner_dashboard_business_panels")
def owner_payout_panel(request, business):
    context = status_context(business)
    # The de-minimis declaration only where the setting requires it (docs/legal.md): then whether it is missing.
    context["de_minimis_required"] = de_minimis.required()
    if context["de_minimis_required"]:
        context["de_minimis_declared"] = de_minimis.current_declaration(business.pk) is not None
    return render_to_string("payouts/owner/panel.html", context, request=request)


@hooks.register("owner_dashboard_business_menu_items")
def owner_menu_items(request, business):
    return [(_("Payouts"), reverse("payouts:status", args=[business.pk]))]


@hooks.register("register_admin_viewset")
def register_viewsets():
    return PayoutsGroup()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("payouts/amount-owed/", admin_views.amount_owed, name="payouts_amount_owed"),
        path("payouts/match-allocations/", admin_views.match_allocations, name="payouts_match_allocations"),
        path("payouts/de-minimis.csv", admin_views.de_minimis_csv, name="payouts_de_minimis_csv"),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_reports_menu_item")
def amount_owed_menu_item():
    return PermissionMenuItem(
        gettext_lazy("Amount owed to businesses"),
        reverse("payouts_amount_owed"),
        icon_name="table",
        order=900,
        permission="payouts.view_pledgerouting",
    )


@hooks.register("register_reports_menu_item")
def match_allocations_menu_item():
    return PermissionMenuItem(
        gettext_lazy("City match per business"),
        reverse("payouts_match_allocations"),
        icon_name="table",
        order=901,
        permission="payouts.view_matchallocation",
    )


@hooks.register("home_featured_campaigns")
def home_match_funds(request, page):
    """The home page's campaign slot: running match funds and their remaining budgets."""

    return render_to_string("payouts/includes/home_fund.html", match_fund_budget(), request=request)
