"""The owner's payout screens: status, start/continue Stripe onboarding, Stripe's return and refresh URLs, and the
demo onboarding page. Every view loads the business through directory.ownership.get_owned_business_or_404."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commons.lazy_libraries import stripe
from commons.money import parse_amount_to_cents
from commons.ratelimit import Limit
from directory.ownership import get_owned_business_or_404
from fundraising.conf import conf
from fundraising.payments.base import GatewayError, verify_webhook, webhook_secret
from fundraising.payouts import de_minimis as rules
from fundraising.payouts.connect import ensure_account, get_connect, send_demo_account_updated
from fundraising.payouts.models import ConnectedAccount, DeMinimisDeclaration, PledgeRouting, RoutingMode
from fundraising.payouts.requirements import describe_disabled_reason
from fundraising.webhooks import process_event

logger = logging.getLogger(__name__)
MAX_PAYLOAD = 512 * 1024
LINKS_PER_USER = Limit("payouts-link:user", "10/10m", per=Limit.USER)  # Stripe Account Links per owner account


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def status_context(business):
    account = ConnectedAccount.objects.filter(business=business).first()
    routed = PledgeRouting.objects.filter(pledge__business=business, pledge__state="paid")
    return {
        "business": business,
        "account": account,
        "missing": account.missing if account else [],
        "disabled_text": describe_disabled_reason(account.disabled_reason) if account else "",
        "demo_mode": conf.PAYMENTS_DEMO_MODE,
        "direct_count": routed.filter(mode=RoutingMode.DESTINATION).count(),
    }


@login_required
@never_cache
@require_GET
def payout_status(request, business_pk):
    business = get_owned_business_or_404(request.user, business_pk)
    context = status_context(business)
    return _no_store(TemplateResponse(request, "payouts/owner/status.html", context))


def _send_to_stripe(request, business):
    if not LINKS_PER_USER.hit(request):
        messages.error(request, _("Too many attempts. Please wait a few minutes and try again."))
        return redirect("payouts:status", business.pk)
    connect = get_connect()
    try:
        account = ensure_account(business, request.user, connect)
        if account.demo != connect.demo:
            raise GatewayError("The account was created in another payment mode.")
        url = connect.create_link(account)
    except GatewayError as error:
        logger.error("Stripe onboarding for business %s failed: %s", business.pk, error)
        messages.error(request, _("Stripe is not reachable at the moment. Please try again later."))
        return redirect("payouts:status", business.pk)
    return HttpResponseRedirect(url, status=303)


@login_required
@never_cache
@require_POST
def start_onboarding(request, business_pk):
    """Create the connected account (once) and send the owner to Stripe's hosted onboarding."""
    business = get_owned_business_or_404(request.user, business_pk)
    return _send_to_stripe(request, business)


@login_required
@never_cache
@require_GET
def refresh_onboarding(request, business_pk):
    """Stripe's refresh_url: the link expired or was used already. A fresh link, never a new account."""
    business = get_owned_business_or_404(request.user, business_pk)
    if not ConnectedAccount.objects.filter(business=business).exists():
        return redirect("payouts:status", business.pk)
    return _send_to_stripe(request, business)


@login_required
@never_cache
@require_GET
def return_from_onboarding(request, business_pk):
    """Stripe's return_url. Shows state only: the status changes when Stripe's account.updated event arrives."""
    business = get_owned_business_or_404(request.user, business_pk)
    messages.info(
        request, _("Welcome back! Stripe is checking your details; this page shows the result as soon as it arrives.")
    )
    return redirect("payouts:status", business.pk)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def demo_onboarding(request, business_pk):
    """Demo mode only: a clearly labelled stand-in for Stripe's onboarding. The buttons send signed
    account.updated events through the real webhook code."""
    if not conf.PAYMENTS_DEMO_MODE:
        raise Http404
    business = get_owned_business_or_404(request.user, business_pk)
    account = ConnectedAccount.objects.filter(business=business, demo=True).first()
    if account is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ("complete", "incomplete"):
            return _no_store(
                TemplateResponse(
                    request,
                    "payouts/owner/demo_onboarding.html",
                    {"business": business, "account": account},
                    status=400,
                )
            )
        send_demo_account_updated(account, complete=action == "complete")
        return redirect("payouts:return", business.pk)
    return _no_store(
        TemplateResponse(request, "payouts/owner/demo_onboarding.html", {"business": business, "account": account})
    )


@csrf_exempt  # Stripe cannot send a CSRF token; the signature check is the authentication.
@require_POST
def connect_webhook(request):
    """The endpoint for events from connected accounts (Stripe signs them with the Connect endpoint's own secret).
    Verified here, then processed by the fundraising webhook code (event id stored once, hooks for the type)."""

    if len(request.body) > MAX_PAYLOAD:
        return HttpResponse("payload too large", status=413, content_type="text/plain")
    secret = conf.STRIPE_CONNECT_WEBHOOK_SECRET or webhook_secret()
    if not secret:
        return HttpResponse("not configured", status=400, content_type="text/plain")
    try:
        event = verify_webhook(request.body, request.headers.get("Stripe-Signature", ""), secret)
    except (ValueError, stripe.SignatureVerificationError):
        return HttpResponse("invalid signature or payload", status=400, content_type="text/plain")
    result = process_event(event)
    return HttpResponse(result.outcome, status=result.status, content_type="text/plain")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def de_minimis(request, business_pk):
    """The owner confirms the de-minimis declaration (needed for match money when the setting is on)."""

    business = get_owned_business_or_404(request.user, business_pk)
    error = None
    if request.method == "POST":
        other = parse_amount_to_cents(request.POST.get("other_aid", "") or "0")
        if request.POST.get("confirm") != "yes":
            error = _("Please confirm the declaration.")
        elif other is None:
            error = _("Enter the other aid in euros, e.g. 0 or 1200.")
        else:
            DeMinimisDeclaration.objects.create(
                business=business, user=request.user, other_aid_cents=other, text_version=rules.TEXT_VERSION
            )
            messages.success(request, _("Thank you. Your de-minimis declaration is recorded."))
            return redirect("payouts:de_minimis", business.pk)
    context = {
        "business": business,
        "required": rules.required(),
        "declaration": rules.current_declaration(business.pk),
        "aid_cents": rules.aid_cents(business.pk),
        "window_start": rules.window_start(),
        "error": error,
    }
    return _no_store(TemplateResponse(request, "payouts/owner/de_minimis.html", context, status=400 if error else 200))
