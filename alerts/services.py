"""Subscribing (double opt-in, enumeration-safe), confirming, managing, unsubscribing."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from .mail import queue_email
from .models import Subscriber


def confirm_days():
    return int(getattr(settings, "ALERTS_CONFIRM_DAYS", 7))


def absolute(name, token, language):
    with translation.override(language):
        return settings.BASE_URL.rstrip("/") + reverse(name, args=[token])


def links(subscriber):
    language = subscriber.language
    return {
        "confirm_url": absolute("alerts:confirm", subscriber.token, language),
        "manage_url": absolute("alerts:manage", subscriber.token, language),
        "unsubscribe_url": absolute("alerts:unsubscribe", subscriber.token, language),
    }


def unsubscribe_headers(subscriber):
    """RFC 2369 / RFC 8058: mail clients offer their own one-click "unsubscribe" (a POST to this URL)."""
    url = links(subscriber)["unsubscribe_url"]
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _names(subscriber):
    return {
        "districts": ", ".join(d.name for d in subscriber.districts.all()),
        "categories": ", ".join(c.display_name for c in subscriber.categories.all()),
    }


def subscribe(email, districts, categories, language):
    """Always the same outcome for the caller (enumeration-safe); returns what happened, for tests and logs:
    "new", "resent" (pending: selection replaced, confirmation sent again), "known" (confirmed: a note with the
    manage link; the selection is *not* changed by someone who only knows the address)."""
    email = email.strip()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(email=email, language=language)
            except IntegrityError:  # a parallel sign-up for the same address
                return "resent"
            outcome = "new"
        elif subscriber.is_confirmed:
            _send(subscriber, "alerts/email/already_subscribed")
            return "known"
        else:
            outcome = "resent"
            Subscriber.objects.filter(pk=subscriber.pk).update(language=language)
            subscriber.language = language
        subscriber.districts.set(districts)
        subscriber.categories.set(categories)
        Subscriber.objects.filter(pk=subscriber.pk).update(confirm_sent_at=timezone.now())
        _send(subscriber, "alerts/email/confirm")
    return outcome


def _send(subscriber, prefix):
    queue_email(
        prefix,
        subscriber.email,
        {**links(subscriber), **_names(subscriber), "confirm_days": confirm_days()},
        subscriber.language,
    )


def subscriber_for(token):
    if not token or len(token) > 100:
        return None
    return Subscriber.objects.filter(token=token).first()


def confirm(subscriber):
    """True when this call confirmed it (conditional UPDATE); an expired confirmation link does nothing."""
    limit = timezone.now() - dt.timedelta(days=confirm_days())
    return bool(
        Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True, confirm_sent_at__gte=limit).update(
            confirmed_at=timezone.now()
        )
    )


def unsubscribe(token):
    """Delete the subscriber (repeatable: an unknown token simply deletes nothing)."""
    subscriber = subscriber_for(token)
    if subscriber is not None:
        subscriber.delete()


def purge_unconfirmed(now=None):
    limit = (now or timezone.now()) - dt.timedelta(days=confirm_days())
    deleted, _ = Subscriber.objects.filter(confirmed_at__isnull=True, created_at__lt=limit).delete()
    return deleted
