from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from fundraising.views.pledge import campaign_index, pledge_create

from . import (
    admin_views,
    map_layer,  # noqa: F401  (registers the directory_map_layers hook)
    views,
)
from .beneficiaries import candidate_weights
from .cards import running
from .models import (
    CampaignProposal,
    CollectiveCampaignIndexPage,
    CollectiveCampaignPage,
    FrozenBeneficiary,
    OptOut,
    ProposalState,
)
from .proposals import has_open_campaign
from .shares import ledger, live_shares
from .start import initiator_menu_item
from .targets import CollectiveTargetType

# "Your collective campaigns" in the owners' dashboard navigation, for owners who have started one.
hooks.register("owner_dashboard_menu_items", initiator_menu_item)


@hooks.register("register_pledge_target_type")
def collective_target_type():
    return CollectiveTargetType()


@hooks.register("fundraising_page_routes")
def collective_campaign_routes(page_class):
    """A collective campaign's page with the pledge form (the core's views) and its public report."""
    if not issubclass(page_class, CollectiveCampaignPage):
        return []
    return [
        path("", campaign_index, name="index_route"),
        path("unterstuetzen/", pledge_create, name="pledge_route"),
        path("bericht/", views.public_report, name="report_route"),
    ]


@hooks.register("owner_dashboard_business_panels")
def owner_collective_panel(request, business):
    """Collective campaigns that include this business: opt out before the start; the share after it."""

    today = timezone.localdate()
    frozen_ids = FrozenBeneficiary.objects.filter(business=business).values("campaign_id")
    items = []
    for campaign in CollectiveCampaignPage.objects.live().filter(end_date__gte=today).order_by("start_date", "pk"):
        if campaign.frozen_at is not None:
            continue
        weights = candidate_weights(campaign, include_opted_out=True)
        if business.pk in weights:
            opted_out = OptOut.objects.filter(campaign=campaign, business=business).exists()
            items.append({"campaign": campaign, "upcoming": True, "opted_out": opted_out})
    for campaign in CollectiveCampaignPage.objects.live().filter(pk__in=frozen_ids).order_by("-start_date", "pk"):
        row = ledger(campaign, with_payouts=True).by_business.get(business.pk)
        items.append({"campaign": campaign, "upcoming": False, "row": row})
    proposals = list(CampaignProposal.objects.filter(business=business, state=ProposalState.PENDING))
    if not items and not proposals:
        return None
    return render_to_string(
        "collective/owner_panel.html",
        {"business": business, "items": items, "proposals": proposals},
        request=request,
    )


@hooks.register("directory_business_page_panels")
def business_page_part_of(request, page):
    """ "Part of: …" with the share so far on a beneficiary's public page, for live collective campaigns that have
    not ended. (The page is cached; the cache is dropped on every paid or refunded pledge.)"""

    today = timezone.localdate()
    campaign_ids = FrozenBeneficiary.objects.filter(business_id=page.pk).values("campaign_id")
    campaigns = list(
        CollectiveCampaignPage.objects.live().filter(pk__in=campaign_ids, end_date__gte=today).order_by("end_date")
    )
    propose_url = None
    if (
        not has_open_campaign(page)
        and not CampaignProposal.objects.filter(business_id=page.pk, state=ProposalState.PENDING).exists()
    ):
        propose_url = reverse("collective:propose", args=[page.pk])
    if not campaigns and not propose_url:
        return None
    items = []
    for campaign in campaigns:
        items.append({"campaign": campaign, "share_cents": live_shares(campaign).get(page.pk, 0)})
    return render_to_string(
        "collective/business_panel.html", {"items": items, "propose_url": propose_url}, request=request
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("collective/proposals/", admin_views.proposals, name="collective_admin_proposals"),
        path("collective/proposals/<int:pk>/<slug:action>/", admin_views.decide, name="collective_admin_decide"),
        path("collective/payouts/", admin_views.payout_campaigns, name="collective_admin_payouts"),
        path("collective/payouts/<int:pk>/", admin_views.payout_detail, name="collective_admin_payout"),
    ]


@hooks.register("register_admin_menu_item")
def register_proposals_menu_item():
    return MenuItem(
        gettext_lazy("Campaign proposals"), reverse("collective_admin_proposals"), icon_name="help", order=910
    )


@hooks.register("register_admin_menu_item")
def register_payouts_menu_item():
    class PayoutsMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm("collective.view_collectivepayout")

    return PayoutsMenuItem(
        gettext_lazy("Collective payouts"), reverse("collective_admin_payouts"), icon_name="list-ul", order=911
    )


@hooks.register("home_featured_campaigns")
def home_collective_campaigns(request, page):
    """The home page's campaign slot: collective campaigns running now."""
    campaigns = running()
    if not campaigns:
        return None
    return render_to_string(
        "collective/includes/home_section.html",
        {"campaigns": campaigns, "index": CollectiveCampaignIndexPage.objects.live().first()},
        request=request,
    )
