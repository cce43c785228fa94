"""Outreach in the Wagtail admin (city dashboard, poster buttons, featured campaigns, updates) and on the owner
dashboard (a panel per business)."""

from django import forms
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from directory.models import BusinessPage
from fundraising.models import CampaignPage

from . import admin_views, council_views
from .figures import campaign_lists, key_figures
from .models import CampaignUpdate, FeaturedCampaign


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("outreach/dashboard/", admin_views.city_dashboard, name="outreach_city_dashboard"),
        path("outreach/dashboard.csv", admin_views.city_dashboard_csv, name="outreach_city_dashboard_csv"),
        path("outreach/poster/<int:page_pk>.<str:fmt>", admin_views.page_poster, name="outreach_page_poster"),
        path("outreach/council-report/", council_views.council_report, name="outreach_council_report"),
        path("outreach/council-report.pdf", council_views.council_report_pdf, name="outreach_council_report_pdf"),
        path("outreach/council-report.csv", council_views.council_report_csv, name="outreach_council_report_csv"),
    ]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_see_dashboard(request.user)


@hooks.register("register_admin_menu_item")
def register_council_report_menu_item():
    return DashboardMenuItem(
        _("Council report"), reverse("outreach_council_report"), icon_name="doc-full", order=251, name="council-report"
    )


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(
        _("City dashboard"), reverse("outreach_city_dashboard"), icon_name="history", order=250, name="city-dashboard"
    )


def _poster_buttons(page, user, priority):
    specific_class = page.specific_class
    if specific_class is None or not issubclass(specific_class, (BusinessPage, CampaignPage)):
        return []
    if not page.permissions_for_user(user).can_edit():
        return []
    return [
        Button(
            _("Poster (PDF)"),
            reverse("outreach_page_poster", args=[page.pk, "pdf"]),
            icon_name="doc-full",
            priority=priority,
        ),
        Button(
            _("Square image (PNG)"),
            reverse("outreach_page_poster", args=[page.pk, "png"]),
            icon_name="image",
            priority=priority + 1,
        ),
    ]


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    return _poster_buttons(page, user, 80)


@hooks.register("register_page_listing_more_buttons")
def page_listing_more_buttons(page, user, next_url=None):
    return _poster_buttons(page, user, 80)


class FeaturedCampaignViewSet(ModelViewSet):
    model = FeaturedCampaign
    icon = "pick"
    menu_label = _("Featured campaigns")
    add_to_admin_menu = False
    list_display = ["__str__", "created_at"]
    # A plain select of campaigns: the page chooser widget raises a server error on a tampered, non-numeric id.
    panels = [FieldPanel("campaign", widget=forms.Select)]
    sort_order_field = "sort_order"
    url_prefix = "outreach/featured"


class NoAddPolicy(ModelPermissionPolicy):
    """Updates come from owners (with their emails); editors may only hide or correct them."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)


register_permission_policy(CampaignUpdate, NoAddPolicy(CampaignUpdate))


class CampaignUpdateViewSet(ModelViewSet):
    model = CampaignUpdate
    icon = "mail"
    menu_label = _("Campaign updates")
    add_to_admin_menu = False
    list_display = ["__str__", "campaign", "author", "created_at", "recipients", "hidden"]
    list_filter = ["hidden"]
    panels = [FieldPanel("text"), FieldPanel("hidden")]
    search_fields = ["text"]
    url_prefix = "outreach/updates"


class OutreachGroup(ViewSetGroup):
    menu_label = _("Outreach")
    menu_icon = "pick"
    menu_order = 260
    items = (FeaturedCampaignViewSet, CampaignUpdateViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return OutreachGroup()


@hooks.register("owner_dashboard_business_panels")
def owner_business_panel(request, business):
    campaign = CampaignPage.objects.child_of(business).order_by("-start_date", "-pk").first()
    return render_to_string(
        "outreach/owner/dashboard_panel.html", {"business": business, "campaign": campaign}, request=request
    )


@hooks.register("home_key_figures")
def home_key_figures(request, page):
    return render_to_string("outreach/includes/key_figures.html", {"figures": key_figures()}, request=request)


@hooks.register("home_featured_campaigns")
def home_featured_campaigns(request, page):
    return render_to_string("outreach/includes/home_campaigns.html", campaign_lists(), request=request)
