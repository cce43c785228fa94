"""The supporter's page for their monthly support, reached only through the signed link in every email."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fundraising import subscriptions
from fundraising.conf import conf
from fundraising.models import RUNNING_STATES, SubscriptionState
from fundraising.payments.base import GatewayError
from fundraising.payments.demo_gateway import DemoGateway
from fundraising.subscription_links import manage_path, subscription_for_token


class CancelForm(forms.Form):
    confirm = forms.BooleanField(label=gettext_lazy("Yes, cancel my monthly support."))


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


@require_http_methods(["GET", "POST"])
def manage(request, token):
    subscription = subscription_for_token(token)
    if subscription is None:
        raise Http404
    form = CancelForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "cancel":
            form = CancelForm(request.POST)
            if form.is_valid():
                return _cancel(request, subscription)
        elif action in ("next_month", "failed_month") and conf.PAYMENTS_DEMO_MODE:
            _simulate(subscription, paid=action == "next_month")
            return HttpResponseRedirect(request.path)
        else:
            return _private(HttpResponseRedirect(request.path))
    sessions = subscription.demo_sessions.all() if conf.PAYMENTS_DEMO_MODE else []
    context = {
        "subscription": subscription,
        "campaign": subscription.target.specific,
        "form": form,
        "running": subscription.state in RUNNING_STATES,
        "pending": subscription.state == SubscriptionState.PENDING,
        "just_subscribed": "neu" in request.GET,
        "months_paid": subscription.pledges.filter(state="paid").count(),
        "demo_mode": conf.PAYMENTS_DEMO_MODE and any(s.status == "complete" for s in sessions),
    }
    status = 400 if form.errors else 200
    return _private(TemplateResponse(request, "fundraising/subscription_manage.html", context, status=status))


def _cancel(request, subscription):
    try:
        done = subscriptions.cancel(subscription, "cancelled by the supporter")
    except GatewayError:
        messages.error(request, _("The payment service is not reachable. Please try again later."))
    else:
        if done:
            messages.success(request, _("Your monthly support is cancelled. No further payments will be taken."))
    return _private(HttpResponseRedirect(manage_path(subscription)))


def _simulate(subscription, paid):
    """Demo mode only: the next month's invoice, paid or failed (fundraising.payments.demo_gateway)."""
    session = subscription.demo_sessions.filter(status="complete").first()
    if session is not None:
        DemoGateway().simulate_month(session, paid=paid)
