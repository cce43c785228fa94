"""Owner opt-out of collective campaigns, and citizens' campaign proposals for one business."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from directory.models import BusinessPage
from directory.ownership import get_owned_business_or_404, user_is_verified
from fundraising.owner_links import owner_business_url, owner_dashboard_url
from fundraising.progress import campaign_progress

from .beneficiaries import candidate_weights
from .models import CampaignProposal, CollectiveCampaignPage, OptOut, ProposalState
from .proposals import MAX_PENDING_PER_USER, ProposalForm, accept, decline, has_open_campaign, notify_owners
from .shares import ledger

MAX_ID = 2**53  # larger path ids cannot exist (and would overflow the database's integer)


def _check_ids(*ids):
    if any(value > MAX_ID for value in ids):
        raise Http404


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def opt_out(request, campaign_pk, business_pk):
    _check_ids(campaign_pk, business_pk)
    business = get_owned_business_or_404(request.user, business_pk)
    campaign = CollectiveCampaignPage.objects.live().filter(pk=campaign_pk).first()
    if campaign is None or business.pk not in candidate_weights(campaign, include_opted_out=True):
        raise Http404
    already = OptOut.objects.filter(campaign=campaign, business=business).exists()
    context = {"campaign": campaign, "business": business, "already": already, "open": campaign.opt_out_open()}
    if request.method == "POST":
        if already:
            text = _("%(business)s does not take part in this campaign.") % {"business": business.title}
            messages.info(request, text)
            return redirect(owner_dashboard_url(business))
        if not campaign.opt_out_open():
            return TemplateResponse(request, "collective/opt_out.html", context, status=409)
        with transaction.atomic():
            # Lock the campaign so an opt-out cannot slip in while the list is being frozen.
            locked = CollectiveCampaignPage.objects.select_for_update().get(pk=campaign.pk)
            if locked.frozen_at is not None:
                context["open"] = False
                return TemplateResponse(request, "collective/opt_out.html", context, status=409)
            try:
                with transaction.atomic():
                    OptOut.objects.create(campaign=campaign, business=business, user=request.user)
            except IntegrityError:
                pass  # a parallel click: opted out once
        messages.success(
            request,
            _("%(business)s will not take part in “%(campaign)s”.")
            % {"business": business.title, "campaign": campaign.title},
        )
        return redirect(owner_dashboard_url(business))
    return TemplateResponse(request, "collective/opt_out.html", context)


def _verified(user):

    return user_is_verified(user)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def propose(request, business_pk):
    """A citizen proposes a campaign for a business that has none; its owner must accept it."""

    _check_ids(business_pk)
    business = BusinessPage.objects.live().filter(pk=business_pk).first()
    if business is None:
        raise Http404
    context = {"business": business, "problem": None}
    status = 200
    if not _verified(request.user):
        context["problem"], status = _("Please confirm your email address first."), 403
    elif business.ownerships.filter(user=request.user).exists():
        context["problem"], status = _("This is your own business: start its campaign in your dashboard."), 409
    elif has_open_campaign(business):
        context["problem"], status = _("This business already has a campaign."), 409
    elif CampaignProposal.objects.filter(business=business, state=ProposalState.PENDING).exists():
        context["problem"], status = (
            _("Someone has already proposed a campaign; the business has not answered yet."),
            409,
        )
    elif (
        request.method == "POST"
        and CampaignProposal.objects.filter(initiator=request.user, state=ProposalState.PENDING).count()
        >= MAX_PENDING_PER_USER
    ):
        context["problem"], status = _("You have several proposals waiting for an answer. Please wait for them."), 429
    if context["problem"]:
        return TemplateResponse(request, "collective/propose.html", context, status=status)
    initial = {"title": _("We stand behind %(business)s") % {"business": business.title}}
    form = ProposalForm(request.POST if request.method == "POST" else None, initial=initial)
    context["form"] = form
    if request.method == "POST":
        if not form.is_valid():
            return TemplateResponse(request, "collective/propose.html", context, status=400)
        data = form.cleaned_data
        try:
            with transaction.atomic():
                proposal = CampaignProposal.objects.create(
                    business=business,
                    initiator=request.user,
                    title=data["title"],
                    story=data["story"],
                    goal_cents=data["goal_euros"] * 100,
                    duration_days=int(data["duration_days"]),
                )
        except IntegrityError:  # a parallel proposal for the same business won
            context["problem"] = _("Someone has already proposed a campaign; the business has not answered yet.")
            return TemplateResponse(request, "collective/propose.html", context, status=409)
        notify_owners(proposal)
        messages.success(
            request,
            _("Thank you! We have asked %(business)s. The campaign starts only if they accept it.")
            % {"business": business.title},
        )
        return redirect(business.url)
    return TemplateResponse(request, "collective/propose.html", context)


@never_cache
@login_required
@require_http_methods(["POST"])
def decide(request, pk, action):

    _check_ids(pk)
    proposal = CampaignProposal.objects.filter(pk=pk).select_related("business", "initiator").first()
    if proposal is None or action not in ("annehmen", "ablehnen"):
        raise Http404
    business = get_owned_business_or_404(request.user, proposal.business_id)
    proposal.business = business
    if action == "ablehnen":
        if decline(proposal, request.user):
            messages.info(request, _("You have declined the proposal."))
        return redirect(owner_business_url(business))
    if has_open_campaign(business):
        messages.error(request, _("Your business already has a campaign."))
        return redirect(owner_business_url(business))
    campaign = accept(proposal, request.user)
    if campaign is not None:
        messages.success(
            request, _("Thank you! The editors will check the campaign and publish it, usually within a day.")
        )
    return redirect(owner_business_url(business))


def public_report(page, request):
    """The campaign's accounts per business, to the cent: names of businesses only, never supporter data.

    Final once the campaign has ended (vouchers still in circulation are shown as such); an interim report before.
    """

    if not page.is_frozen:
        raise Http404
    accounts = ledger(page, with_payouts=True, with_urls=True)
    progress = campaign_progress(page)
    return TemplateResponse(
        request,
        "collective/report.html",
        {
            "page": page,
            "self": page,
            "ledger": accounts,
            "progress": progress,
            "final": progress["state"] == "ended",
        },
    )
