"""Reminding owners to confirm their listing (directory.freshness holds the dates and the stale rule).

`remind_owners` (scheduled daily, docs/operations.md) emails every owner of a published business that was neither
confirmed nor reminded within the interval of the directory settings. Each reminder is claimed with one conditional
UPDATE of `reminded_at`, so two runs at the same time never send it twice. The email has a one-click link (signed,
bound to the business and the owner, valid for twice the interval) and the dashboard link.
"""

import datetime as dt

from django.core import signing
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from directory import freshness
from directory.models import BusinessOwner, BusinessPage, Freshness

from .notifications import absolute, localized_url, notify_user

SALT = "owners.confirm-listing"


def confirm_token(business_id, user_id):
    return signing.dumps([business_id, user_id], salt=SALT, compress=True)


def read_confirm_token(token, max_age_days):
    """(business_id, user_id) or None for a forged, expired or malformed token."""
    if not token or len(token) > 200:
        return None
    try:
        value = signing.loads(token, salt=SALT, max_age=dt.timedelta(days=max_age_days))
    except signing.BadSignature:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
        return None
    return value[0], value[1]


def token_days(interval_days):
    return max(interval_days, 7) * 2


def due_businesses(interval_days, now=None):
    """Published businesses with owners, neither confirmed nor reminded within the interval."""
    limit = (now or timezone.now()) - dt.timedelta(days=interval_days)
    return (
        BusinessPage.objects.live()
        .filter(pk__in=BusinessOwner.objects.values("business_id"))
        .filter(Q(freshness__confirmed_at__lt=limit) | Q(freshness__confirmed_at__isnull=True))
        .filter(Q(freshness__reminded_at__lt=limit) | Q(freshness__reminded_at__isnull=True))
    )


def claim_reminder(business_id, interval_days, now):
    """True for the one run that may remind this business now (conditional UPDATE after an idempotent create)."""
    limit = now - dt.timedelta(days=interval_days)
    Freshness.objects.get_or_create(business_id=business_id)
    return bool(
        Freshness.objects.filter(business_id=business_id)
        .filter(Q(reminded_at__lt=limit) | Q(reminded_at__isnull=True))
        .update(reminded_at=now)
    )


def send_reminders(now=None, limit=None):
    """Remind the owners of every due business; returns the number of businesses reminded."""
    now = now or timezone.now()
    settings = freshness.settings_for()
    interval = settings.reminder_interval_days
    if not interval:
        return 0
    count = 0
    businesses = due_businesses(interval, now).order_by("pk")
    for business in businesses[:limit] if limit else businesses:
        if not claim_reminder(business.pk, interval, now):
            continue
        last = Freshness.objects.filter(business_id=business.pk).values_list("confirmed_at", flat=True).first()
        owners = BusinessOwner.objects.filter(business=business).select_related("user")
        for ownership in owners:
            user = ownership.user
            if not user.is_active:
                continue
            token = confirm_token(business.pk, user.pk)
            notify_user(
                user,
                "confirm_reminder",
                {
                    "title": business.title,
                    "confirmed_on": last.date().strftime("%d.%m.%Y") if last else "",
                    "stale_days": settings.stale_after_days,
                    "confirm_url": absolute(reverse("owners:confirm_listing", args=[token])),
                    "business_url": localized_url("owners:business", "de", pk=business.pk),
                },
            )
        count += 1
    return count
