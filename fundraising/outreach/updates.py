"""Campaign updates: posting one (with the limits that stop floods and double posts) and emailing subscribers."""

import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from commons.emails import queue_email
from fundraising.conf import conf
from fundraising.models import PledgeState

from .models import CampaignUpdate, UpdateSubscription
from .views.common import absolute_url

UNSUBSCRIBE_SALT = "outreach.update-unsubscribe"
SUBSCRIBABLE_STATES = (PledgeState.PENDING, PledgeState.PROCESSING, PledgeState.PAID)


class UpdateRejected(Exception):
    pass


def daily_limit():
    return int(conf.OUTREACH_UPDATES_PER_DAY)


def normalise(text):
    """Plain text: unify line breaks, strip trailing spaces, at most one empty line in a row."""
    lines = [line.rstrip() for line in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip()


@transaction.atomic
def post_update(campaign, author, text):
    """Store the update and queue one email per subscribed supporter. Raises UpdateRejected for a repeat of the
    latest update or more than OUTREACH_UPDATES_PER_DAY in 24 hours."""

    # Lock the campaign row so two simultaneous posts cannot both pass the checks below.
    type(campaign).objects.select_for_update().filter(pk=campaign.pk).first()
    since = timezone.now() - datetime.timedelta(hours=24)
    recent = list(
        CampaignUpdate.objects.filter(campaign=campaign, created_at__gte=since).values_list("text", flat=True)
    )
    if text in recent:
        raise UpdateRejected(_("You already posted this update."))
    if len(recent) >= daily_limit():
        raise UpdateRejected(_("You can post at most %(count)d updates a day.") % {"count": daily_limit()})
    update = CampaignUpdate.objects.create(campaign=campaign, author=author, text=text)
    update.recipients = notify_subscribers(update)
    CampaignUpdate.objects.filter(pk=update.pk).update(recipients=update.recipients)
    return update


def subscribers(campaign):
    """One active subscription per email address (case-insensitive) among paid pledges of the campaign."""
    subs = (
        UpdateSubscription.objects.filter(
            pledge__campaign=campaign, pledge__state=PledgeState.PAID, unsubscribed_at__isnull=True
        )
        .select_related("pledge")
        .order_by("pk")
    )
    seen, result = set(), []
    for sub in subs:
        email = sub.pledge.email.strip().lower()
        if email and email not in seen:
            seen.add(email)
            result.append(sub)
    return result


def unsubscribe_token(subscription):
    return signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def subscription_from_token(token):
    if not token or len(token) > 200:
        return None
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return UpdateSubscription.objects.select_related("pledge", "pledge__campaign").filter(pk=pk).first()


def absolute(path):
    return conf.BASE_URL.rstrip("/") + path


def notify_subscribers(update):
    campaign = update.campaign
    business_title = campaign.get_parent().title
    count = 0
    for sub in subscribers(campaign):
        language = (sub.pledge.language or settings.LANGUAGE_CODE)[:2]
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        with translation.override(language):
            campaign_url = absolute_url(campaign)
            unsubscribe_url = absolute(reverse("outreach:unsubscribe", args=[unsubscribe_token(sub)]))
        queue_email(
            "outreach/email/campaign_update",
            sub.pledge.email,
            {
                "campaign_title": campaign.title,
                "business_title": business_title,
                "text": update.text,
                "campaign_url": campaign_url,
                "unsubscribe_url": unsubscribe_url,
            },
            language=language,
        )
        count += 1
    return count


def subscribe(pledge):
    """Idempotent: returns (subscription, created). A former unsubscribe is reversed by an explicit new opt-in."""
    sub, created = UpdateSubscription.objects.get_or_create(pledge=pledge)
    if not created and sub.unsubscribed_at is not None:
        UpdateSubscription.objects.filter(pk=sub.pk).update(unsubscribed_at=None)
        sub.unsubscribed_at = None
    return sub, created


def unsubscribe(subscription):
    """Unsubscribe this address from the campaign (all its pledges). Returns how many were active: 0 means it was
    already done (the link works any number of times)."""
    pledge = subscription.pledge
    return UpdateSubscription.objects.filter(
        pledge__campaign_id=pledge.campaign_id, pledge__email__iexact=pledge.email, unsubscribed_at__isnull=True
    ).update(unsubscribed_at=timezone.now())
