"""The local test checkout used in demo mode. Its buttons drive the real webhook code through signed events."""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from fundraising.conf import conf
from fundraising.models import DemoCheckoutSession
from fundraising.payments.demo_gateway import DemoGateway


@require_http_methods(["GET", "POST"])
def demo_checkout(request, session_id):
    if not conf.PAYMENTS_DEMO_MODE:
        raise Http404
    session = get_object_or_404(
        DemoCheckoutSession.objects.select_related("pledge__target", "subscription__target"), session_id=session_id
    )
    if request.method == "POST":
        gateway = DemoGateway()
        action = request.POST.get("action")
        if action == "pay" and session.subscription_id:  # monthly support
            gateway.subscribe(session)
            return HttpResponseRedirect(session.success_url)
        if action == "pay":
            gateway.pay(session)
            return HttpResponseRedirect(session.success_url.replace("{CHECKOUT_SESSION_ID}", session.session_id))
        if action == "cancel":
            gateway.cancel(session)
            return HttpResponseRedirect(session.cancel_url)
    response = TemplateResponse(
        request,
        "fundraising/demo_checkout.html",
        {
            "session": session,
            "pledge": session.pledge,
            "subscription": session.subscription,
            "campaign": (session.subscription or session.pledge).target,
        },
    )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
