"""Gift vouchers: the buyer names a recipient; the recipient gets the voucher email and PDF on the delivery date.

- The pledge form stores a `PledgeGift` beside the pending pledge (`attach`).
- When the pledge is paid (webhook fulfilment or an offline pledge), `signals.pledge_paid` calls `deliver_if_due`:
  a gift for today goes out at once; later ones wait for the daily `manage.py deliver_gifts` (`deliver_due`).
- `deliver` claims the gift with one conditional UPDATE (`sent_at IS NULL -> now`) before it queues the email, so a
  gift is sent exactly once, whether the task runs twice, concurrently or right after the payment.
- The buyer may correct the recipient's address from the gift link of their confirmation (`resend`), rate-limited;
  a gift already sent then goes to the new address again.
"""

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from fundraising.models import Pledge, PledgeGift, PledgeState, Voucher, VoucherState
from fundraising.notifications import cached_gift, notify_gift_recipient

logger = logging.getLogger(__name__)


def attach(pledge, data):
    """Store the gift of a new pledge from the pledge form's cleaned data (inside its transaction)."""
    return PledgeGift.objects.create(
        pledge=pledge,
        sender_name=data.get("gift_sender_name") or pledge.name,
        recipient_name=data["gift_recipient_name"],
        recipient_email=data["gift_recipient_email"],
        message=data.get("gift_message", ""),
        deliver_on=data["gift_deliver_on"],
    )


def gift_of(pledge):
    return PledgeGift.objects.filter(pledge_id=pledge.pk).first()


def _deliverable(gift_queryset):
    """Gifts whose pledge is paid and that carry a voucher that is still valid."""
    return gift_queryset.filter(
        pledge__state=PledgeState.PAID,
        pledge__vouchers__state=VoucherState.ACTIVE,
    ).exclude(recipient_email="")  # erased at the recipient's request: never delivered


def deliver(gift_id, today=None):
    """Send one due gift to its recipient, once. Returns True when this call sent it."""
    today = today or timezone.localdate()
    with transaction.atomic():
        due = _deliverable(PledgeGift.objects.filter(pk=gift_id, sent_at__isnull=True, deliver_on__lte=today))
        if not due.exists():
            return False
        gift = PledgeGift.objects.select_related("pledge").get(pk=gift_id)
        claimed = PledgeGift.objects.filter(pk=gift_id, sent_at__isnull=True).update(
            sent_at=timezone.now(), sent_to=gift.recipient_email
        )
        if claimed != 1:
            return False  # a concurrent run claimed it first
        _send_to_recipient(gift, gift.recipient_email)
    return True


def deliver_due(today=None):
    """Every paid gift whose delivery date has come and that was not sent yet (the daily task). Returns the count."""
    today = today or timezone.localdate()
    ids = list(
        _deliverable(PledgeGift.objects.filter(sent_at__isnull=True, deliver_on__lte=today))
        .order_by("deliver_on", "pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    return sum(1 for gift_id in ids if deliver(gift_id, today))


def deliver_if_due(sender, pledge, **kwargs):
    """Receiver of `signals.pledge_paid`: a gift for today (or an earlier day) goes out right after the payment."""
    gift = cached_gift(pledge)  # no query for a pledge the webhook read (with its gift)
    gift_id = gift.pk if gift is not None else None
    if gift_id is not None:
        try:
            deliver(gift_id)
        except Exception:  # the daily task tries again; the payment stands
            logger.exception("Gift %s of pledge %s: delivery failed", gift_id, pledge.pk)


def resend(gift, recipient_name, recipient_email):
    """The buyer corrected the recipient. Before the delivery date only the address changes; a gift already sent is
    sent again to the (new) address. Returns True when an email was queued."""
    with transaction.atomic():
        PledgeGift.objects.filter(pk=gift.pk).update(recipient_name=recipient_name, recipient_email=recipient_email)
        gift.recipient_name, gift.recipient_email = recipient_name, recipient_email
        if gift.sent_at is None:
            return False
        PledgeGift.objects.filter(pk=gift.pk).update(
            sent_to=recipient_email, resent_count=F("resent_count") + 1, last_resent_at=timezone.now()
        )
        if not _deliverable(PledgeGift.objects.filter(pk=gift.pk)).exists():
            return False
        _send_to_recipient(gift, recipient_email)
    return True


def _send_to_recipient(gift, address):
    vouchers = list(Voucher.objects.filter(pledge_id=gift.pledge_id, state=VoucherState.ACTIVE))
    notify_gift_recipient(gift, vouchers, address)


def is_gift_voucher(voucher):
    return PledgeGift.objects.filter(pledge_id=voucher.pledge_id).exists()


def pledges_with_gift_to(email):
    return Pledge.objects.filter(gift__recipient_email__iexact=email)
