"""Emails to supporters, in their language, sent after the transaction commits (commons.emails.queue_email)."""

import contextlib
import contextvars
import dataclasses

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from commons.emails import queue_email
from commons.money import format_cents
from fundraising.conf import conf
from fundraising.confirmation_pdf import attachment_for as confirmation_attachment_for
from fundraising.issuer import withdrawal_context
from fundraising.models import Pledge, PledgeGift
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
            "title": voucher.display_title,
            "value": format_cents(voucher.face_value_cents, decimals=2),
            "valid_until": date_format(voucher.valid_until, "DATE_FORMAT"),
            "url": _url("fundraising:voucher", voucher.token, language=language),
            "qr_cid": qr_content_id(voucher.pk),  # the QR image attached inline by voucher_pdf.voucher_attachment
        }


def _titles(pledge):
    """Campaign and business titles in one light query (no page instances). For a target without one business
    (e.g. a campaign for a group of businesses), the "business" is the target page's title too. A pledge read by the
    webhook (fundraising.webhooks._locking) brings them along."""
    if "target_title" in pledge.__dict__ and "business_title" in pledge.__dict__:
        target, business = pledge.target_title, pledge.business_title
    else:
        target, business = Pledge.objects.filter(pk=pledge.pk).values_list("target__title", "business__title").get()
    return target, (business or target)


def breakdown_context(pledge):
    """What the payment is (fundraising.legal), as text for emails and documents (call inside the language)."""
    parts = pledge.breakdown
    return {
        "label": str(parts.class_label),
        "is_voucher": parts.is_voucher,
        "voucher": format_cents(parts.voucher_cents, decimals=2),
        "support": format_cents(parts.support_cents, decimals=2),
        "vat_rate": parts.vat_rate_percent,
        "vat": format_cents(parts.vat_cents, decimals=2) if parts.vat_rate_percent else "",
    }


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
            "reward": pledge.display_reward_title,
            "reward_kind": pledge.reward_kind,
            "vouchers": [_voucher_context(voucher, language) for voucher in vouchers],
            "payment": breakdown_context(pledge),
            # The right of withdrawal is for vouchers bought online (§ 312g BGB), not cash or transfers recorded
            # offline by the business or the editors.
            "withdrawal_url": _url("fundraising:withdrawal", language=language) if not pledge.is_offline else "",
            # Plain values: the context crosses the task queue as JSON.
            "operator": dataclasses.asdict(withdrawal_context()["operator"]),
            "withdrawal_email": withdrawal_context()["withdrawal_email"],
            "gift": gift_for_buyer(pledge, language),
        }
    # One PDF per voucher, built inside the email task from the voucher's id (fundraising.voucher_pdf).
    # The payment confirmation (fundraising.confirmation_pdf) goes with every paid pledge.
    attachments = [*attachments_for(vouchers), confirmation_attachment_for(pledge)]
    _queue("fundraising/email/pledge_paid", pledge.email, context, language, attachments=attachments)


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


def offer_url(offer, language="de"):
    with translation.override(language):
        return conf.BASE_URL.rstrip("/") + reverse("fundraising:closure_offer", args=[offer.token])


def closure_offer_notice(offer):
    """A business closed for good: the voucher's holder chooses a refund or an exchange (fundraising.closure)."""
    voucher = offer.voucher
    pledge = voucher.pledge
    language = pledge.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "name": pledge.name,
            "business": offer.business.title,
            "code": voucher.display_code,
            "remaining": format_cents(offer.remaining_cents, decimals=2),
            "deadline": offer.deadline.strftime("%d.%m.%Y"),
            "exchange_offered": offer.exchange_offered,
            "url": offer_url(offer, language),
        }
    _queue("fundraising/email/closure_offer", pledge.email, context, language)


def cached_gift(pledge):
    """The pledge's gift or None, without a query when it was read with the pledge (`select_related("gift")`)."""
    if Pledge.gift.is_cached(pledge):
        return getattr(pledge, "gift", None)
    return PledgeGift.objects.filter(pledge_id=pledge.pk).first()


def gift_for_buyer(pledge, language):
    """What the buyer's confirmation says about a gift (plain values: the context crosses the task queue)."""
    gift = cached_gift(pledge)
    if gift is None:
        return None
    with translation.override(language):
        return {
            "recipient_name": gift.recipient_name,
            "recipient_email": gift.recipient_email,
            "deliver_on": date_format(gift.deliver_on, "DATE_FORMAT"),
            "today": gift.deliver_on <= timezone.localdate(),
            "manage_url": _url("fundraising:gift", pledge.public_token, language=language),
        }


def notify_gift_recipient(gift, vouchers, address):
    """The gift itself: the voucher email and PDF to the recipient, in the buyer's language (the only one we know).
    Nothing of the buyer's but the name they gave and their message; no link to the buyer's payment."""
    pledge = gift.pledge
    language = pledge.language or settings.LANGUAGE_CODE
    campaign_title, business_title = _titles(pledge)
    with translation.override(language):
        context = {
            "recipient_name": gift.recipient_name,
            "sender_name": gift.sender_name,
            "message": gift.message,
            "campaign": campaign_title,
            "business": business_title,
            "campaign_url": _url("fundraising:short", pledge.target_id, language=language),
            "vouchers": [_voucher_context(voucher, language) for voucher in vouchers],
        }
    _queue("fundraising/email/gift_voucher", address, context, language, attachments=attachments_for(vouchers))
