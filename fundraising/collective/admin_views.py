"""Editors decide citizens' proposals for businesses that have no owner on the platform yet.

The campaign is then created like an accepted proposal (moderated, owned by the editor); its money is held for the
business until an owner claims the listing (payouts: the business has no connected account, so it is owed)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.models import BusinessOwner

from .models import CampaignProposal, ProposalState
from .proposals import accept, decline, has_open_campaign


def _editable(user, proposal):
    return proposal.business.permissions_for_user(user).can_publish()


def _pending_without_owner():
    owned = BusinessOwner.objects.values("business_id")
    return (
        CampaignProposal.objects.filter(state=ProposalState.PENDING)
        .exclude(business_id__in=owned)
        .select_related("business", "initiator")
        .order_by("created_at")
    )


def proposals(request):
    rows = [proposal for proposal in _pending_without_owner() if _editable(request.user, proposal)]
    return TemplateResponse(request, "collective/admin/proposals.html", {"proposals": rows})


@require_POST
def decide(request, pk, action):
    proposal = get_object_or_404(_pending_without_owner(), pk=pk)
    if action not in ("accept", "decline") or not _editable(request.user, proposal):
        raise PermissionDenied
    if action == "decline":
        if decline(proposal, request.user):
            messages.success(request, _("The proposal was declined."))
    elif has_open_campaign(proposal.business):
        messages.error(request, _("This business already has a campaign."))
    elif accept(proposal, request.user) is not None:
        messages.success(request, _("The campaign was created and is waiting in moderation."))
    return redirect("collective_admin_proposals")
