"""Fresh information: owners confirm that their listing is still right; listings not confirmed for a while are
flagged to the editors and marked on their page. The reminders themselves are the host's job (owners app)."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from wagtail.models import Site

from directory.models import BusinessPage, DirectorySettings, Freshness


def settings_for(site=None):
    """The site's directory settings, or unsaved defaults (never creates a row while a page renders: that would
    clear the public page cache)."""
    if site is None:  # one query for the default site's settings
        found = DirectorySettings.objects.filter(site__is_default_site=True).select_related("site").first()
        return found or DirectorySettings(site=Site.objects.filter(is_default_site=True).first())
    return DirectorySettings.objects.filter(site=site).first() or DirectorySettings(site=site)


def confirm(business_id, user=None, when=None):
    """Record that the listing is right as it is (one upsert; repeating it only moves the date)."""
    when = when or timezone.now()
    Freshness.objects.update_or_create(
        business_id=business_id, defaults={"confirmed_at": when, "confirmed_by": user if user and user.pk else None}
    )


def cutoff(days, now=None):
    return (now or timezone.now()) - dt.timedelta(days=days)


def stale_filter(days, now=None):
    """A Q on BusinessPage: not confirmed within `days` (never confirmed counts as stale)."""
    limit = cutoff(days, now)
    return Q(freshness__confirmed_at__lt=limit) | Q(freshness__confirmed_at__isnull=True)


def stale_businesses(days=None, now=None):
    days = settings_for().stale_after_days if days is None else days
    return BusinessPage.objects.live().filter(stale_filter(days, now)).select_related("freshness", "district")


def page_freshness(page, now=None, site=None):
    """{"confirmed_at", "stale", "days"} for the business page (its freshness row from the page's
    select_related cache when routing loaded it, see BusinessPage.route_select_related)."""
    if "freshness" in page._state.fields_cache:
        record = page._state.fields_cache["freshness"]
    else:
        record = Freshness.objects.filter(business_id=page.pk).first() if page.pk else None
    days = settings_for(site).stale_after_days
    confirmed = record.confirmed_at if record else None
    return {
        "confirmed_at": confirmed,
        "stale": confirmed is None or confirmed < cutoff(days, now),
        "days": days,
        "closed_on": record.closed_on if record else None,
    }
