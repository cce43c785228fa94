"""Editor-only admin views: refund a pledge (Stripe changes the state later, via the webhook); voucher totals."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from fundraising.models import Pledge, PledgeState
from fundraising.payments import get_gateway
from fundraising.payments.base import GatewayError
from fundraising.viewsets import voucher_totals_by_business


def _require(request, codename):
    if not request.user.has_perm(f"fundraising.{codename}"):
        raise PermissionDenied


def refund(request, pk):
    _require(request, "change_pledge")
    pledge = get_object_or_404(Pledge, pk=pk)
    if request.method == "POST":
        if pledge.state not in (PledgeState.PAID, PledgeState.DISPUTED):
            messages.error(request, _("Only paid pledges can be refunded."))
        elif (
            Pledge.objects.filter(pk=pk, refund_requested_at__isnull=True).update(refund_requested_at=timezone.now())
            != 1
        ):
            messages.warning(request, _("A refund was already requested."))
        else:
            try:
                get_gateway().refund(pledge)
            except GatewayError as error:
                Pledge.objects.filter(pk=pk).update(refund_requested_at=None)
                messages.error(request, _("The refund failed: %(error)s") % {"error": error})
            else:
                messages.success(
                    request, _("Refund requested. The pledge changes to refunded when Stripe confirms it.")
                )
        return redirect("fundraising_pledge:index")
    return TemplateResponse(request, "fundraising/admin/refund_confirm.html", {"pledge": pledge})


def voucher_totals(request):
    _require(request, "view_voucher")
    rows = list(voucher_totals_by_business())
    for row in rows:
        row["redeemed"] = (row["face"] or 0) - (row["balance"] or 0)
    return TemplateResponse(request, "fundraising/admin/voucher_totals.html", {"rows": rows})
