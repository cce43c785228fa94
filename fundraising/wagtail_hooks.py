"""Fundraising's side of the hooks other apps call, and its admin views."""

from django.contrib.auth.models import Permission
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from fundraising import admin_views, crisis_admin, progress, subscription_admin, subscription_privacy
from fundraising.models import CampaignPage, FundraisingSettings, Reward
from fundraising.targets import PledgeTargetType
from fundraising.views import closure as closure_views
from fundraising.views.owner import voucher_totals
from fundraising.viewsets import FundraisingGroup
from fundraising.webhooks import process_payload


@hooks.register("fundraising_deliver_event")
def deliver_event(payload, signature):
    """The demo gateway hands its signed events to the same processor as Stripe's webhook (no import back up)."""
    return process_payload(payload, signature)


class CampaignTargetType(PledgeTargetType):
    """The built-in pledge target: one business's campaign. Its vouchers name the business (never a scope)."""

    model = CampaignPage
    reward_model = Reward

    def beneficiary_ids(self, page):
        return [page.business_page_id or page.get_parent().pk]


@hooks.register("register_pledge_target_type")
def campaign_target_type():
    return CampaignTargetType()


class FundraisingGroupWithMonthly(FundraisingGroup):
    items = (*FundraisingGroup.items, subscription_admin.SubscriptionViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return FundraisingGroupWithMonthly()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("fundraising/pledges/<int:pk>/refund/", admin_views.refund, name="fundraising_admin_refund"),
        path(
            "fundraising/monthly-support/<int:pk>/cancel/",
            subscription_admin.cancel_view,
            name="fundraising_admin_cancel_subscription",
        ),
        path("fundraising/voucher-totals/", admin_views.voucher_totals, name="fundraising_admin_voucher_totals"),
        path("fundraising/crisis/", crisis_admin.crisis_view, name="fundraising_admin_crisis"),
        path("fundraising/businesses/<int:pk>/close/", closure_views.admin_close, name="fundraising_admin_close"),
    ]


class CrisisMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(crisis_admin.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_crisis_menu_item():
    return CrisisMenuItem(
        gettext_lazy("Campaigns in a crisis"),
        reverse("fundraising_admin_crisis"),
        icon_name="warning",
        order=260,
        name="campaigns-crisis",
    )


@hooks.register("register_permissions")
def register_crisis_permission():
    return Permission.objects.filter(content_type__app_label="fundraising", codename="add_campaignpause")


@hooks.register("register_reports_menu_item")
def register_voucher_totals_report():
    class VoucherTotalsMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm("fundraising.view_voucher")

    return VoucherTotalsMenuItem(
        gettext_lazy("Voucher totals per business"),
        reverse("fundraising_admin_voucher_totals"),
        icon_name="tag",
        order=900,
    )


@hooks.register("directory_campaign_summaries")
def campaign_summaries(business_ids):
    return progress.campaign_summaries(business_ids)


@hooks.register("directory_active_campaign_business_ids")
def active_campaign_business_ids():
    return progress.active_campaign_business_ids()


@hooks.register("owner_dashboard_business_panels")
def owner_business_panel(request, business):
    campaigns = list(CampaignPage.objects.child_of(business).order_by("-start_date", "-pk")[:5])
    return render_to_string(
        "fundraising/owner/dashboard_panel.html",
        {
            "business": business,
            "campaigns": campaigns,
            "totals": voucher_totals(business),
            "offline_allowed": FundraisingSettings.for_request(request).owners_record_offline_pledges,
        },
        request=request,
    )


@hooks.register("owner_dashboard_business_menu_items")
def owner_menu_items(request, business):
    return [
        (_("Redeem voucher"), reverse("fundraising:owner_redeem", args=[business.pk])),
        (_("Vouchers"), reverse("fundraising:owner_vouchers", args=[business.pk])),
    ]


@hooks.register("alerts_digest_sections")
def digest_sections(businesses, since, language):
    """Citizens' daily alerts (alerts app): new campaigns and campaigns close to their goal among the businesses
    a subscriber follows."""
    return progress.digest_sections(businesses, since)


# "My data" of the host (privacy hooks; fundraising never imports the privacy app) ------------------------------
hooks.register("privacy_records_for_emails", subscription_privacy.records_for_emails)
hooks.register("privacy_erase_for_emails", subscription_privacy.erase_for_emails)
