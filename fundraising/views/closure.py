"""The holder's choice when a business closed for good (secret link), and closing a business (owner, editors)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commons.money import format_cents
from commons.ratelimit import Limit
from directory.models import BusinessPage
from directory.ownership import get_owned_business_or_404
from fundraising.closure import ClosureError, close_for_good, decide
from fundraising.models import ClosureOffer, FundraisingSettings

CHOICES_PER_ADDRESS = Limit("closure:address", "20/h")


def _offer(token):
    if not token or len(token) > 64:
        raise Http404
    return get_object_or_404(ClosureOffer.objects.select_related("voucher", "business"), token=token)


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def closure_offer(request, token):
    offer = _offer(token)
    context = {"offer": offer, "remaining": format_cents(offer.remaining_cents, decimals=2), "error": None}
    status = 200
    if request.method == "POST":
        if not CHOICES_PER_ADDRESS.hit(request):
            context["error"] = _("Too many attempts. Please wait a few minutes and try again.")
            status = 429
        else:
            try:
                offer = decide(offer, request.POST.get("choice", ""))
                context["offer"] = offer
                context["done"] = _("Thank you. Your choice is recorded.")
            except ClosureError as error:
                context["error"] = str(error)
                status = 400
                offer.refresh_from_db()
    context["expired"] = not offer.choice and timezone.localdate() > offer.deadline
    if offer.exchange_offered and not offer.choice:
        exchange = FundraisingSettings.for_request(request).closure_exchange_campaign
        context["exchange_campaign"] = exchange if exchange is not None and exchange.live else None
    return _private(TemplateResponse(request, "fundraising/closure_offer.html", context, status=status))


@login_required
@require_POST
def owner_close(request, business_pk):
    """The owner closes their own business for good (only their own: get_owned_business_or_404)."""
    business = get_owned_business_or_404(request.user, business_pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Please confirm that your business has closed for good."))
        return redirect("fundraising:owner_vouchers", business.pk)
    count = close_for_good(business)
    if count is None:
        messages.info(request, _("Your business is already marked as closed for good."))
    else:
        messages.success(
            request,
            _(
                "Your business is marked as closed for good. "
                "We have written to the holders of %(count)s open voucher(s)."
            )
            % {"count": count},
        )
    return redirect("fundraising:owner_vouchers", business.pk)


def admin_close(request, pk):
    """Editors close a business for good (they need publish permission on the page)."""
    business = get_object_or_404(BusinessPage, pk=pk)
    if not business.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Please confirm that the business has closed for good."))
        else:
            count = close_for_good(business)
            if count is None:
                messages.info(request, _("This business was already closed for good."))
            else:
                messages.success(
                    request, _("Closed for good; %(count)s voucher holder(s) were written to.") % {"count": count}
                )
        return redirect("fundraising_admin_voucher_totals")
    return TemplateResponse(request, "fundraising/admin/close_confirm.html", {"business": business})
