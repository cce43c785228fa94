"""Editors decide citizens' proposals for businesses that have no owner on the platform yet.

The campaign is then created like an accepted proposal (moderated, owned by the editor); its money is held for the
business until an owner claims the listing (payouts: the business has no connected account, so it is owed)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commons.csv_export import csv_response, euros
from commons.money import parse_amount_to_cents
from commons.permissions import require_permission
from directory.models import BusinessOwner
from fundraising.payouts.ledger import BALANCE_HEADER, balance_cells

from .models import CampaignProposal, CollectiveCampaignPage, CollectivePayout, ProposalState
from .payouts import PayoutRefused, can_pay_out, record_manual_payout, transfer_accounts, transfer_open_amounts
from .proposals import accept, decline, has_open_campaign
from .shares import ledger


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


# Payouts of collective campaigns -------------------------------------------------------------------------------


def payout_campaigns(request):

    require_permission(request, "collective.view_collectivepayout")
    campaigns = list(CollectiveCampaignPage.objects.filter(frozen_at__isnull=False).order_by("-end_date", "pk"))
    for campaign in campaigns:
        campaign.payable = can_pay_out(campaign)
    return TemplateResponse(request, "collective/admin/payout_campaigns.html", {"campaigns": campaigns})


def _payout_csv(page, accounts, destinations):
    """The campaign's payout ledger: the same balance columns as the amount-owed report (`payouts.ledger`)."""
    header = [
        _("Business ID"),
        _("Business"),
        _("Factor"),
        _("Share (EUR)"),
        _("Vouchers accepted (EUR)"),
        *BALANCE_HEADER,
        _("Connected account"),
    ]
    rows = [
        [
            row.business_id,
            row.name,
            row.weight,
            euros(row.share_cents),
            euros(row.redeemed_cents),
            *balance_cells(row),
            destinations.get(row.business_id, ""),
        ]
        for row in accounts.rows
    ]
    return csv_response(f"collective-{page.pk}-payout-{timezone.localdate():%Y-%m-%d}.csv", header, rows)


def _report_transfers(request, paid, failed):
    if paid:
        messages.success(request, _("%(count)s transfers were made.") % {"count": len(paid)})
    elif not failed:
        messages.info(request, _("Nothing to transfer."))
    for name, error in failed:
        if error.outcome_unknown:
            text = _(
                "Transfer to %(name)s: Stripe gave no definite answer (%(error)s). It is kept as “not yet "
                "confirmed”; transfer again in a few minutes: Stripe is asked first, so it is never paid twice."
            )
        else:
            text = _("Transfer to %(name)s failed: %(error)s. You can try again at once.")
        messages.error(request, text % {"name": name, "error": error})


def payout_detail(request, pk):

    require_permission(request, "collective.view_collectivepayout")
    page = get_object_or_404(CollectiveCampaignPage.objects.filter(frozen_at__isnull=False), pk=pk)
    if request.method == "POST":
        require_permission(request, "collective.add_collectivepayout")
        try:
            if request.POST.get("action") == "transfer":
                _report_transfers(request, *transfer_open_amounts(page, request.user))
            elif request.POST.get("action") == "manual":
                business_id = request.POST.get("business", "")
                amount = parse_amount_to_cents(request.POST.get("amount", ""))
                if not business_id.isdigit() or amount is None:
                    raise PayoutRefused(_("Enter a business and an amount in euros."))
                record_manual_payout(page, int(business_id), amount, request.POST.get("reference", ""), request.user)
                messages.success(request, _("The bank transfer was recorded."))
            else:
                raise PayoutRefused(_("Unknown action."))
        except PayoutRefused as error:
            messages.error(request, str(error))
        return redirect("collective_admin_payout", page.pk)
    accounts = ledger(page, with_payouts=True)
    destinations = transfer_accounts([row.business_id for row in accounts.rows])
    if request.GET.get("export") == "csv":
        return _payout_csv(page, accounts, destinations)
    payouts = CollectivePayout.objects.filter(campaign=page).select_related("business", "created_by")[:500]
    return TemplateResponse(
        request,
        "collective/admin/payout_detail.html",
        {
            "page": page,
            "ledger": accounts,
            "destinations": destinations,
            "payable": can_pay_out(page),
            "payouts": payouts,
            "can_pay": request.user.has_perm("collective.add_collectivepayout"),
            "transferable_open": sum(r.open_cents for r in accounts.rows if r.business_id in destinations),
        },
    )
