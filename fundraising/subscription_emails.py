"""Emails about monthly support, in the supporter's language; every one carries the signed manage link."""

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime

from commons.emails import queue_email
from commons.money import format_cents
from fundraising import targets
from fundraising.conf import conf
from fundraising.confirmation_pdf import attachment_for as confirmation_attachment_for
from fundraising.notifications import _muted
from fundraising.subscription_links import manage_url

KINDS = ("paid", "failed", "cancelled", "ended")


def context_for(subscription, kind, pledge=None):
    language = subscription.language or settings.LANGUAGE_CODE
    with translation.override(language):
        next_date = subscription.current_period_end
        return {
            "kind": kind,
            "name": subscription.name,
            "amount": format_cents(subscription.amount_cents, decimals=2),
            "paid": format_cents(pledge.amount_cents, decimals=2) if pledge else "",
            "first": bool(pledge) and subscription.pledges.count() == 1,
            "campaign": targets.title_of(subscription.target),
            "campaign_url": conf.BASE_URL.rstrip("/") + subscription.target.specific.url
            if subscription.target.live
            else "",
            "next_date": date_format(localtime(next_date), "DATE_FORMAT") if next_date else "",
            "manage_url": manage_url(subscription, language),
        }


def notify(subscription, kind, pledge=None):
    """Queue the email after the commit (commons.emails); the payment confirmation PDF goes with a paid month."""
    assert kind in KINDS
    if _muted.get():
        return
    attachments = [confirmation_attachment_for(pledge)] if pledge else None
    queue_email(
        "fundraising/email/subscription",
        subscription.email,
        context_for(subscription, kind, pledge),
        subscription.language or settings.LANGUAGE_CODE,
        attachments=attachments,
    )
