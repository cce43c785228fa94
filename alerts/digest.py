"""The daily digest: at most one email per subscriber and day, only when there is something new.

Sections: new businesses (here) and whatever other apps add through the Wagtail hook `alerts_digest_sections`:
`fn(businesses, since, language) -> list of {"key": str, "title": str, "items": [{"key", "title", "url", "text"}]}`,
where `businesses` is a queryset of the BusinessPages the subscriber follows (fundraising adds new campaigns and
campaigns close to their goal). Item keys already sent to a subscriber are not sent again.

Each subscriber's day is claimed with one conditional UPDATE of `last_digest_on`, so overlapping runs (two
servers, a retry) never send two digests on one day. Subscribers with the same selection share the queries.
"""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wagtail import hooks

from directory.models import BusinessPage

from . import services
from .mail import queue_email
from .models import Subscriber

MAX_ITEMS = 10
MAX_KEYS = 500


def followed(district_ids, category_ids):
    queryset = BusinessPage.objects.live().public()
    if district_ids:
        queryset = queryset.filter(district_id__in=district_ids)
    if category_ids:
        queryset = queryset.filter(categories__in=category_ids)
    return queryset.distinct()


def base_url():
    return settings.BASE_URL.rstrip("/")


def new_businesses(businesses, since):
    rows = businesses.filter(first_published_at__gt=since).order_by("-first_published_at")[:MAX_ITEMS]
    return {
        "key": "businesses",
        "title": _("New businesses"),
        "items": [
            {
                "key": f"business:{b.pk}",
                "title": b.title,
                "url": base_url() + (b.url or ""),
                "text": b.short_description,
            }
            for b in rows
        ],
    }


def sections_for(district_ids, category_ids, since, language):
    with translation.override(language):
        businesses = followed(district_ids, category_ids)
        sections = [new_businesses(businesses, since)]
        for fn in hooks.get_hooks("alerts_digest_sections"):
            sections.extend(fn(businesses, since, language) or [])
    return sections


def _claim(subscriber, today):
    return bool(
        Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=False)
        .filter(Q(last_digest_on__lt=today) | Q(last_digest_on__isnull=True))
        .update(last_digest_on=today)
    )


def send_digests(now=None):
    """Send today's digests; returns the number of emails queued."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    services.purge_unconfirmed(now)
    due = (
        Subscriber.objects.filter(confirmed_at__isnull=False)
        .filter(Q(last_digest_on__lt=today) | Q(last_digest_on__isnull=True))
        .prefetch_related("districts", "categories")
        .order_by("pk")
    )
    cache = {}
    sent = 0
    for subscriber in due:
        if not _claim(subscriber, today):
            continue
        district_ids = tuple(sorted(d.pk for d in subscriber.districts.all()))
        category_ids = tuple(sorted(c.pk for c in subscriber.categories.all()))
        since = subscriber.last_sent_at or subscriber.confirmed_at
        key = (district_ids, category_ids, since.date(), subscriber.language)
        if key not in cache:
            cache[key] = sections_for(district_ids, category_ids, since, subscriber.language)
        seen = set(subscriber.sent_keys or [])
        sections = []
        for section in cache[key]:
            items = [item for item in section["items"] if item["key"] not in seen][:MAX_ITEMS]
            if items:
                sections.append({**section, "items": items})
        if not sections:
            continue
        keys = [item["key"] for section in sections for item in section["items"]]
        Subscriber.objects.filter(pk=subscriber.pk).update(last_sent_at=now, sent_keys=(list(seen) + keys)[-MAX_KEYS:])
        queue_email(
            "alerts/email/digest",
            subscriber.email,
            {**services.links(subscriber), "sections": sections, "count": len(keys)},
            subscriber.language,
            headers=services.unsubscribe_headers(subscriber),
        )
        sent += 1
    return sent
