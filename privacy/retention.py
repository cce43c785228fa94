"""Retention (docs/legal.md): personal data is anonymised after configurable periods; bookkeeping records stay.

Settings (days): `RETENTION_CONTACT_DAYS` (supporters' name and email on paid pledges, counted from the payment and
only once none of the pledge's vouchers is still open), `RETENTION_UNPAID_DAYS` (pledges never paid),
`RETENTION_MESSAGE_DAYS` (supporters' messages), `RETENTION_LOG_DAYS` (the record of processed payment events).
`RETENTION_BOOKKEEPING_YEARS` (10, § 147 AO) is how long payment records stay: this job never deletes a pledge or a
voucher, it overwrites the personal fields (privacy.services.anonymise_pledges) and leaves amounts, dates, states,
classes and references as they are.

Monthly support (fundraising.Subscription) once it is over: cancelled or ended ones `RETENTION_CONTACT_DAYS` after
they ended, expired checkouts (never paid) after `RETENTION_UNPAID_DAYS`; their manage links die with it. Gift
recipients: name and address of a delivered gift `RETENTION_CONTACT_DAYS` after the delivery, once none of its
vouchers is still open (the recipient holds them); a gift of a pledge never paid is never delivered, its recipient
goes with the unpaid pledge.

Idempotent: what is anonymised already is not touched again. Run daily: `manage.py apply_retention`.
"""

import dataclasses
import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from fundraising.models import Pledge, PledgeGift, StripeEvent, Subscription, SubscriptionState, Voucher, VoucherState
from fundraising.models.subscription import new_manage_nonce
from privacy.services import ANONYMISED_EMAIL, ANONYMISED_NAME, anonymise_pledges

MIN_LOG_DAYS = 30  # payment events are the guard against processing one twice; reconciliation looks back days


@dataclasses.dataclass(frozen=True)
class Periods:
    contact_days: int
    unpaid_days: int
    message_days: int
    log_days: int
    bookkeeping_years: int


def periods():
    return Periods(
        contact_days=int(getattr(settings, "RETENTION_CONTACT_DAYS", 3 * 365)),
        unpaid_days=int(getattr(settings, "RETENTION_UNPAID_DAYS", 30)),
        message_days=int(getattr(settings, "RETENTION_MESSAGE_DAYS", 365)),
        log_days=max(MIN_LOG_DAYS, int(getattr(settings, "RETENTION_LOG_DAYS", 90))),
        bookkeeping_years=int(getattr(settings, "RETENTION_BOOKKEEPING_YEARS", 10)),
    )


def apply(now=None):
    """Anonymise and delete what is due. Returns {what: count}."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    config = periods()
    open_voucher = Voucher.objects.filter(
        pledge=OuterRef("pk"), state=VoucherState.ACTIVE, balance_cents__gt=0, valid_until__gte=today
    )
    not_yet = Pledge.objects.exclude(email=ANONYMISED_EMAIL)
    paid = not_yet.filter(paid_at__lt=now - datetime.timedelta(days=config.contact_days)).exclude(Exists(open_voucher))
    unpaid = not_yet.filter(paid_at__isnull=True, created_at__lt=now - datetime.timedelta(days=config.unpaid_days))
    counts = {
        "contacts": anonymise_pledges(paid) + anonymise_pledges(unpaid),
        "subscriptions": anonymise_subscriptions(subscriptions_due(now, config)),
        "gifts": anonymise_recipients(gifts_due(now, config)),
        "messages": Pledge.objects.filter(created_at__lt=now - datetime.timedelta(days=config.message_days))
        .exclude(message="")
        .update(message="", message_approved=False),
        "logs": StripeEvent.objects.filter(received_at__lt=now - datetime.timedelta(days=config.log_days)).delete()[0],
    }
    return counts


def subscriptions_due(now, config):
    """Monthly support that is over: cancelled or ended ones after the contact period (counted from the end),
    expired checkouts after the unpaid period. Running and pending ones are never touched."""
    over = Subscription.objects.exclude(email=ANONYMISED_EMAIL)
    contact_cutoff = now - datetime.timedelta(days=config.contact_days)
    unpaid_cutoff = now - datetime.timedelta(days=config.unpaid_days)
    ended = Q(state__in=[SubscriptionState.CANCELLED, SubscriptionState.ENDED]) & (
        Q(ended_at__lt=contact_cutoff) | Q(ended_at__isnull=True, updated_at__lt=contact_cutoff)
    )
    expired = Q(state=SubscriptionState.EXPIRED) & (
        Q(ended_at__lt=unpaid_cutoff) | Q(ended_at__isnull=True, created_at__lt=unpaid_cutoff)
    )
    return over.filter(ended | expired)


def anonymise_subscriptions(subscriptions):
    """The same neutral values as a pledge's, and a new nonce each: every manage link sent so far is dead.
    Amounts, dates, states and Stripe references stay (bookkeeping). Returns the count."""
    count = 0
    for pk in list(subscriptions.values_list("pk", flat=True)):
        count += Subscription.objects.filter(pk=pk).update(
            name=ANONYMISED_NAME,
            email=ANONYMISED_EMAIL,
            display_name="",
            anonymous=True,
            manage_nonce=new_manage_nonce(),
        )
    return count


def gifts_due(now, config):
    """Delivered gifts whose recipient no longer needs to be reached: sent before the contact period and none of
    the pledge's vouchers open. The pledge itself may be anonymised already (it can be paid long before the
    delivery date) or not yet. And gifts of pledges never paid whose buyer was anonymised: they are never
    delivered."""
    open_voucher_of_gift = Voucher.objects.filter(
        pledge=OuterRef("pledge_id"),
        state=VoucherState.ACTIVE,
        balance_cents__gt=0,
        valid_until__gte=timezone.localdate(now),
    )
    delivered = Q(sent_at__lt=now - datetime.timedelta(days=config.contact_days)) & ~Q(Exists(open_voucher_of_gift))
    never_paid = Q(sent_at__isnull=True, pledge__paid_at__isnull=True, pledge__email=ANONYMISED_EMAIL)
    return PledgeGift.objects.filter(delivered | never_paid).exclude(recipient_email="", recipient_name=ANONYMISED_NAME)


def anonymise_recipients(gifts):
    """Recipient and buyer's words on the gift go; the delivery date and when it was sent stay. Returns the count."""
    return gifts.update(
        recipient_name=ANONYMISED_NAME, recipient_email="", sent_to="", sender_name=ANONYMISED_NAME, message=""
    )
