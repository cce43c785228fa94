"""Public outreach views: campaign posters, the embeddable widget, subscribing to and unsubscribing from updates."""

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.http import require_http_methods, require_POST

from commons.embedding import allow_embedding
from fundraising.conf import conf
from fundraising.models import CampaignPage, Pledge

from .. import signals, updates
from ..models import UpdateSubscription
from .common import absolute_url, poster_response

WIDGET_SECONDS = 60


def _live_campaign(pk):
    campaign = get_object_or_404(CampaignPage.objects.live().select_related("business_page"), pk=pk)
    business = campaign.business_page
    if business is None or not business.live:
        raise Http404
    return business, campaign


def campaign_poster(request, pk, fmt):
    """Public: the poster of a live campaign holds only public facts, so supporters may print it too."""
    business, campaign = _live_campaign(pk)
    return poster_response(request, business, campaign, fmt, public=True)


@allow_embedding
def campaign_widget(campaign, request):
    """`/<campaign-url>/widget/`: a small card for an iframe on the business's own site. Sets no cookie, uses no
    session; framing is allowed for this response only (commons.embedding.allow_embedding)."""

    language = (translation.get_language() or "de")[:2]
    key = signals.cache_key("widget", campaign.pk, language)
    html = cache.get(key)
    if html is None:
        business = campaign.get_parent().specific
        html = render_to_string(
            "outreach/widget.html",
            {
                "campaign": campaign,
                "business": business,
                "progress": campaign.progress,
                "campaign_url": absolute_url(campaign),
                "accepts_pledges": campaign.accepts_pledges(),
                "PLATFORM_NAME": conf.PLATFORM_NAME,
            },
        )
        cache.set(key, html, WIDGET_SECONDS)
    response = HttpResponse(html)
    response["Cache-Control"] = f"public, max-age={WIDGET_SECONDS}"
    response["X-Robots-Tag"] = "noindex"
    return response


def _pledge(token):
    if not token or len(token) > 64:
        raise Http404
    return get_object_or_404(Pledge.objects.select_related("campaign"), public_token=token)


def _private(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def subscribe(request, token):
    """From the thank-you page: the pledge's secret token proves who asks. Repeating it changes nothing."""
    pledge = _pledge(token)
    if pledge.state not in updates.SUBSCRIBABLE_STATES or pledge.campaign_id is None:
        return _private(
            TemplateResponse(request, "outreach/subscribed.html", {"pledge": pledge, "refused": True}, status=409)
        )
    _sub, created = updates.subscribe(pledge)
    context = {"pledge": pledge, "campaign": pledge.campaign, "created": created}
    return _private(TemplateResponse(request, "outreach/subscribed.html", context))


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks (link scanners in mail systems must not unsubscribe anyone), POST does it; both any number of times."""
    subscription = updates.subscription_from_token(token)
    if subscription is None:
        return _private(TemplateResponse(request, "outreach/unsubscribe.html", {"invalid": True}, status=404))
    context = {"subscription": subscription, "campaign": subscription.pledge.campaign, "token": token}
    if request.method == "POST":
        changed = updates.unsubscribe(subscription)
        context.update(done=True, already=changed == 0)
    else:
        context["already"] = not UpdateSubscription.objects.filter(
            pledge__campaign_id=subscription.pledge.campaign_id,
            pledge__email__iexact=subscription.pledge.email,
            unsubscribed_at__isnull=True,
        ).exists()
    return _private(TemplateResponse(request, "outreach/unsubscribe.html", context))
