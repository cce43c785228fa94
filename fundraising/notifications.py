"""Emails to supporters, in their language, sent after the transaction commits (commons.emails.queue_email)."""

import contextlib
import contextvars

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from commons.emails import queue_email
from commons.money import format_cents
from fundraising.conf import conf
from fundraising.models import Pledge
from fundraising.voucher_pdf import attachments_for, qr_content_id

_muted = contextvars.ContextVar("fundraising_mail_muted", default=False)


@contextlib.contextmanager
def muted():
    """Demo data: run the real flow without sending mail to made-up supporters."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def _queue(prefix, to, context, language, attachments=None):
    if not _muted.get():
        queue_email(prefix, to, context, language, attachments=attachments)


def _url(name, *args, language="de"):
    with translation.override(language):
        return conf.BASE_URL.rstrip("/") + reverse(name, args=args)


def _voucher_context(voucher, language):
    with translation.override(language):
        return {
            "code": voucher.display_code,
            "title": voucher.title,
            "value": format_cents(voucher.face_value_cents, decimals=2),
            "valid_until": voucher.valid_until.strftime("%d.%m.%Y"),
            "url": _url("fundraising:voucher", voucher.token, language=language),
            "qr_cid": qr_content_id(voucher.pk),  # the QR image attached inline by voucher_pdf.voucher_attachment
        }


def _titles(pledge):
    """Campaign and business titles in one light query (no page instances). For a collective campaign, whose money
    goes to a group of businesses, the "business" is the campaign's title too."""

    campaign, business, collective = (
        Pledge.objects.filter(pk=pledge.pk).values_list("campaign__title", "business__title", "collective__title").get()
    )
    return (campaign or collective), (business or collective)


def notify_paid(pledge, vouchers):
    language = pledge.language or settings.LANGUAGE_CODE
    campaign_title, business_title = _titles(pledge)
    with translation.override(language):
        context = {
            "name": pledge.name,
            "amount": format_cents(pledge.amount_cents, decimals=2),
            "campaign": campaign_title,
            "business": business_title,
            "campaign_url": _url("fundraising:short", pledge.target_id, language=language),
            "reward": pledge.reward_title,
            "reward_kind": pledge.reward_kind,
            "vouchers": [_voucher_context(voucher, language) for voucher in vouchers],
        }
    # One PDF per voucher, built inside the email task from the voucher's id (fundraising.voucher_pdf).
    _queue("fundraising/email/pledge_paid", pledge.email, context, language, attachments=attachments_for(vouchers))


def notify_refunded(pledge):
    language = pledge.language or settings.LANGUAGE_CODE
    campaign_title, business_title = _titles(pledge)
    with translation.override(language):
        context = {
            "name": pledge.name,
            "amount": format_cents(pledge.amount_cents, decimals=2),
            "campaign": campaign_title,
            "business": business_title,
            "vouchers": [_voucher_context(voucher, language) for voucher in pledge.vouchers.all()],
        }
    _queue("fundraising/email/pledge_refunded", pledge.email, context, language)


def crisis_notice(email, language, action, notice, notice_en, days, role):
    """A city-wide pause, resumption or extension of campaigns (fundraising.crisis), to an owner or a supporter."""
    language = (language or settings.LANGUAGE_CODE)[:2]
    text = notice_en if language == "en" and notice_en else notice
    context = {"action": action, "notice": text, "days": days, "role": role}
    _queue("fundraising/email/crisis_notice", email, context, language)
