"""Retention (docs/legal.md): personal data is anonymised after configurable periods; bookkeeping records stay.

Settings (days): `RETENTION_CONTACT_DAYS` (supporters' name and email on paid pledges, counted from the payment and
only once none of the pledge's vouchers is still open), `RETENTION_UNPAID_DAYS` (pledges never paid),
`RETENTION_MESSAGE_DAYS` (supporters' messages), `RETENTION_LOG_DAYS` (the record of processed payment events).
`RETENTION_BOOKKEEPING_YEARS` (10, § 147 AO) is how long payment records stay: this job never deletes a pledge or a
voucher, it overwrites the personal fields (privacy.services.anonymise_pledges) and leaves amounts, dates, states,
classes and references as they are.

Idempotent: what is anonymised already is not touched again. Run daily: `manage.py apply_retention`.
"""

import dataclasses
import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from fundraising.models import Pledge, StripeEvent, Voucher, VoucherState
from privacy.services import ANONYMISED_EMAIL, anonymise_pledges

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
        "messages": Pledge.objects.filter(created_at__lt=now - datetime.timedelta(days=config.message_days))
        .exclude(message="")
        .update(message="", message_approved=False),
        "logs": StripeEvent.objects.filter(received_at__lt=now - datetime.timedelta(days=config.log_days)).delete()[0],
    }
    return counts
