"""Editor-only admin views: refund a pledge (Stripe changes the state later, via the webhook); voucher totals."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commons.permissions import require_permission
from fundraising import offline
from fundraising.models import Pledge, PledgeState
from fundraising.payments import get_gateway
from fundraising.payments.base import GatewayError
from fundraising.viewsets import voucher_totals_by_business


class RefundForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        help_text=gettext_lazy("Why the money goes back, e.g. the supporter's request or the campaign was cancelled."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError(_("Please give a reason."))
        return reason


def refund(request, pk):
    """Ask Stripe to refund a paid pledge, with a reason; the state changes when Stripe confirms (webhook). Who asked,
    when and why stays on the pledge. The conditional UPDATE lets one of several clicks (or editors) through."""
    require_permission(request, "fundraising.refund_pledge")
    pledge = get_object_or_404(Pledge, pk=pk)
    form = RefundForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            context = {"pledge": pledge, "form": form}
            return TemplateResponse(request, "fundraising/admin/refund_confirm.html", context, status=400)
        requested = {
            "refund_requested_at": timezone.now(),
            "refund_requested_by": request.user,
            "refund_reason": form.cleaned_data["reason"],
        }
        if pledge.state not in (PledgeState.PAID, PledgeState.DISPUTED):
            messages.error(request, _("Only paid pledges can be refunded."))
        elif pledge.is_offline:
            # The money went back outside the platform: record it (same audit fields), never call Stripe.
            if offline.record_refund(pledge, user=request.user, reason=form.cleaned_data["reason"]):
                messages.success(request, _("Refund recorded. The pledge is refunded and its vouchers are void."))
            else:
                messages.warning(request, _("A refund was already requested."))
        elif Pledge.objects.filter(pk=pk, refund_requested_at__isnull=True).update(**requested) != 1:
            messages.warning(request, _("A refund was already requested."))
        else:
            try:
                # A new key per request: a retry after a refusal must not get Stripe's stored error back.
                get_gateway().refund(pledge, attempt=str(int(requested["refund_requested_at"].timestamp() * 1000)))
            except GatewayError as error:
                Pledge.objects.filter(pk=pk).update(
                    refund_requested_at=None, refund_requested_by=None, refund_reason=""
                )
                messages.error(request, _("The refund failed: %(error)s") % {"error": error})
            else:
                messages.success(
                    request, _("Refund requested. The pledge changes to refunded when Stripe confirms it.")
                )
        return redirect("fundraising_pledge:index")
    return TemplateResponse(request, "fundraising/admin/refund_confirm.html", {"pledge": pledge, "form": form})


def voucher_totals(request):
    require_permission(request, "fundraising.view_voucher")
    rows = list(voucher_totals_by_business())
    for row in rows:
        row["redeemed"] = (row["face"] or 0) - (row["balance"] or 0)
    return TemplateResponse(request, "fundraising/admin/voucher_totals.html", {"rows": rows})
