"""Campaign page, pledge creation, thank-you and cancel pages."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from wagtail import hooks
from wagtail.models import Page

from commons.ratelimit import Limit
from fundraising import gifts, stock, subscription_links, subscriptions, targets
from fundraising.conf import conf
from fundraising.confirmation_pdf import CONFIRMABLE, filename, render_confirmation
from fundraising.forms import PledgeForm
from fundraising.issuer import withdrawal_context
from fundraising.legal import payment_class_snapshot
from fundraising.models import CampaignPause, FundraisingSettings, Pledge, PledgeState, Reward, RewardStock
from fundraising.payments import get_gateway
from fundraising.payments.base import GatewayError
from fundraising.share import share_links

logger = logging.getLogger(__name__)
SUPPORTERS_SHOWN = 30
# Every pledge POST per client address, and pledges that reach Stripe per supporter email address.
PLEDGES_PER_ADDRESS = Limit("pledge:address", "10/10m")
PLEDGES_PER_EMAIL = Limit("pledge:email", "5/h", per=Limit.KEY)


def _context(campaign, request, form=None, error=None):
    """The campaign page's context. What only the page's body shows (the form, the supporters) is lazy: when the
    body comes from the fragment cache (commons/fragment_cache.py) it is never built. `fragment_key` names what the
    body shows beyond the page's revision and the public-content generation (stock left, totals, pause)."""
    fundraising_settings = FundraisingSettings.cached_for_request(request)
    bound = form is not None
    form = form or SimpleLazyObject(lambda: PledgeForm(campaign=campaign, settings=fundraising_settings))
    rewards = list(campaign.rewards.all())
    limited = [reward for reward in rewards if reward.quantity_limit is not None]
    claimed = (
        dict(RewardStock.objects.filter(reward__in=limited).values_list("reward_id", "claimed")) if limited else {}
    )
    for reward in rewards:
        reward.remaining = (
            None if reward.quantity_limit is None else max(0, reward.quantity_limit - claimed.get(reward.pk, 0))
        )
    supporters = SimpleLazyObject(
        lambda: list(
            Pledge.objects.filter(campaign.pledge_filter(), state=PledgeState.PAID)
            .only("display_name", "anonymous", "message", "message_approved", "amount_cents", "paid_at")
            .order_by("-paid_at")[:SUPPORTERS_SHOWN]
        )
    )
    captcha_html = [
        html for html in (fn(request) for fn in hooks.get_hooks("fundraising_pledge_form_extra_html")) if html
    ]
    # First: a collective campaign's progress reuses the ledger its context loads.
    page_context = _target_type(campaign).page_context(campaign, request)
    progress = campaign.progress
    accepts_pledges = campaign.accepts_pledges()
    campaign_pause = CampaignPause.current()
    context = {
        "page": campaign,
        "self": campaign,
        "progress": progress,
        "rewards": rewards,
        "supporters": supporters,
        "form": form,
        "form_error": error,
        "accepts_pledges": accepts_pledges,
        "campaign_pause": campaign_pause,
        "fundraising_settings": fundraising_settings,
        "share": share_links(request, campaign),
        "captcha_html": captcha_html,
        "demo_mode": conf.PAYMENTS_DEMO_MODE,
        "withdrawal": withdrawal_context(),
        # A posted form, an error or per-request HTML (a CAPTCHA) is never shared through the fragment cache.
        "fragment_cache_off": bound or bool(error) or bool(captcha_html),
        "fragment_key": (
            campaign.pk,
            campaign.latest_revision_id,
            tuple(sorted(progress.items())),
            accepts_pledges,
            campaign_pause.pk if campaign_pause else None,
            tuple((reward.pk, reward.remaining) for reward in rewards),
            conf.PAYMENTS_DEMO_MODE,
        ),
    }
    context.update(page_context)
    return context


def _page(campaign, request, context, status=200):
    """The campaign's own page (a business's campaign or a collective campaign), with the pledge form."""
    return TemplateResponse(request, campaign.get_template(request), context, status=status)


def _target_type(campaign):
    """The registered type of the page (fundraising.targets); its hooks (ready, context) default to the page's."""
    return targets.type_for(campaign) or targets.PledgeTargetType()


def campaign_index(campaign, request):
    _target_type(campaign).ensure_ready(campaign)
    return _page(campaign, request, _context(campaign, request))


def _captcha_error(request):
    """The CAPTCHA hook: `fundraising_pledge_captcha` functions return an error message or None (none by default)."""
    for fn in hooks.get_hooks("fundraising_pledge_captcha"):
        error = fn(request)
        if error:
            return error
    return None


def _too_many(request):
    return TemplateResponse(request, "fundraising/rate_limited.html", {}, status=429)


def pledge_create(campaign, request):
    if request.method != "POST":
        return redirect(campaign.url)
    _target_type(campaign).ensure_ready(campaign)
    if not PLEDGES_PER_ADDRESS.hit(request):
        return _too_many(request)
    fundraising_settings = FundraisingSettings.cached_for_request(request)
    form = PledgeForm(request.POST, campaign=campaign, settings=fundraising_settings)
    if not campaign.accepts_pledges():
        context = _context(campaign, request, form, _("This campaign does not accept pledges at the moment."))
        return _page(campaign, request, context, status=400)
    if not form.is_valid():
        return _page(campaign, request, _context(campaign, request, form), status=400)
    error = _captcha_error(request)
    if error:
        return _page(campaign, request, _context(campaign, request, form, error), status=400)
    data = form.cleaned_data
    if not PLEDGES_PER_EMAIL.hit(request, key=data["email"]):
        return _too_many(request)
    if data.get("monthly"):
        return _monthly_checkout(campaign, request, form, data)
    reward = data.get("reward")
    with transaction.atomic():
        if reward and not stock.claim(reward):
            form.add_error("reward", _("Sorry, this reward is sold out. Please choose another one."))
            return _page(campaign, request, _context(campaign, request, form), status=409)
        pledge = Pledge.objects.create(
            **campaign.pledge_target_fields(),
            # Other target types' rewards (e.g. city-wide vouchers) are no fundraising.Reward: the snapshot is all.
            reward=reward if isinstance(reward, Reward) else None,
            reward_title=reward.title if reward else "",
            reward_kind=reward.kind if reward else "",
            voucher_value_cents=reward.voucher_value_cents if reward else None,
            voucher_valid_until=reward.valid_until if reward else None,
            **payment_class_snapshot(reward),
            reward_reserved=bool(reward and reward.quantity_limit is not None),
            amount_cents=data["amount_cents"],
            name=data["name"],
            email=data["email"],
            display_name=data["display_name"],
            anonymous=data["anonymous"] or not data["display_name"],
            message=data["message"],
            language=(translation.get_language() or settings.LANGUAGE_CODE)[:2],
            expires_at=timezone.now() + datetime.timedelta(minutes=conf.FUNDRAISING_CHECKOUT_MINUTES),
        )
        if data.get("gift"):
            gifts.attach(pledge, data)
    base = conf.BASE_URL.rstrip("/")
    success_url = base + reverse("fundraising:thanks", args=[pledge.public_token]) + "?session_id={CHECKOUT_SESSION_ID}"
    cancel_url = base + reverse("fundraising:cancelled", args=[pledge.public_token])
    try:
        result = get_gateway().create_checkout(pledge, success_url, cancel_url)
    except GatewayError as gateway_error:
        logger.error("Checkout for pledge %s failed: %s", pledge.pk, gateway_error)
        Pledge.objects.filter(pk=pledge.pk, state=PledgeState.PENDING).update(state=PledgeState.FAILED)
        stock.release(pledge)
        context = _context(campaign, request, form, _("The payment service is not reachable. Please try again later."))
        return _page(campaign, request, context, status=502)
    Pledge.objects.filter(pk=pledge.pk).update(stripe_session_id=result.session_id)
    return HttpResponseRedirect(result.url, status=303)


def _monthly_checkout(campaign, request, form, data):
    """Monthly support: a pending Subscription and a Checkout Session in subscription mode (fundraising.subscriptions).
    Success leads to the signed manage page, which shows the state; the webhook alone activates it."""
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    subscription = subscriptions.create_pending(campaign, data, language)
    success_url = subscription_links.manage_url(subscription, language) + "?neu=1"
    cancel_url = conf.BASE_URL.rstrip("/") + campaign.url
    try:
        result = subscriptions.start_checkout(subscription, success_url, cancel_url)
    except GatewayError as gateway_error:
        logger.error("Checkout for subscription %s failed: %s", subscription.pk, gateway_error)
        context = _context(campaign, request, form, _("The payment service is not reachable. Please try again later."))
        return _page(campaign, request, context, status=502)
    return HttpResponseRedirect(result.url, status=303)


def _cross_site(request):
    """True when the browser says the form was posted from another site (Origin, else Referer header)."""
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source or source == "null":
        return bool(source)
    own = f"{request.scheme}://{request.get_host()}"
    return not (source == own or source.startswith(own + "/"))


@csrf_exempt
@require_POST
def pledge_submit(request, campaign_id):
    """The pledge form's target, outside the page so that the campaign page sets no CSRF cookie and stays cacheable.

    Why no CSRF token: the form is anonymous and changes nothing of a logged-in user's; a forged post could only
    create a pending pledge that nobody pays. A browser's Origin/Referer naming another site is refused all the
    same, and the rate limits, honeypot and amount rules apply as on every post.
    """
    if _cross_site(request):
        return TemplateResponse(request, "fundraising/rate_limited.html", {"cross_site": True}, status=403)
    return pledge_create(_live_target(campaign_id), request)


def _live_target(pk):
    """A live, public page of a registered pledge target type (fundraising.targets)."""
    page = get_object_or_404(Page.objects.live().public().specific(), pk=pk)
    if not targets.is_target(page):
        raise Http404
    return page


def _pledge_by_token(token):
    if not token or len(token) > 64:
        raise Http404
    return get_object_or_404(Pledge.objects.select_related("campaign", "target"), public_token=token)


def thanks(request, token):
    """Shows state only; never changes it. The token is the pledge's secret; a session id that does not belong to
    this pledge is ignored (no data of another pledge is ever shown)."""
    pledge = _pledge_by_token(token)
    campaign = pledge.target.specific
    response = TemplateResponse(
        request,
        "fundraising/thanks.html",
        {
            "pledge": pledge,
            "campaign": campaign,
            "share": share_links(request, campaign),
            "status_url": reverse("fundraising:thanks_status", args=[pledge.public_token]),
        },
    )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def thanks_status(request, token):
    pledge = _pledge_by_token(token)
    response = JsonResponse({"state": pledge.state})
    response["Cache-Control"] = "no-store"
    return response


def withdrawal_page(request):
    """The withdrawal information and model form on a page of its own (linked from emails and the terms)."""
    return TemplateResponse(request, "fundraising/legal/withdrawal_page.html", withdrawal_context())


def confirmation_pdf(request, token):
    """The payment confirmation of a paid pledge, by the pledge's secret token (404 until it is paid)."""
    pledge = _pledge_by_token(token)
    if pledge.state not in CONFIRMABLE:
        raise Http404
    response = HttpResponse(render_confirmation(pledge), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename(pledge)}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def cancelled(request, token):
    pledge = _pledge_by_token(token)
    response = TemplateResponse(request, "fundraising/cancelled.html", {"pledge": pledge, "campaign": pledge.target})
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def short_link(request, pk):
    return redirect(_live_target(pk).url)
