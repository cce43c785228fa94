"""`Locale.get_active()` without a query per request (issue 17, point 3).

Wagtail routes every request through `site.root_page.localized`, which looks the active language's Locale up in the
database. Locales are a handful of rows that change only when an administrator adds or removes a language, so each
worker keeps them per language code: cleared in this process by any Locale save or delete, and looked up again
after `TTL` seconds at the latest, so that a language added through another worker shows up soon there too. A
language without a Locale is never remembered (it falls back to the default, as Wagtail does).
"""

import time

from django.db.models.signals import post_delete, post_save
from django.utils import translation

from wagtail.models import Locale

TTL = 60.0
_BY_LANGUAGE = {}


def _uncached(cls):
    try:
        return cls.objects.get_for_language(translation.get_language()), True
    except (cls.DoesNotExist, LookupError):
        return cls.get_default(), False


def get_active(cls):
    """Drop-in for Wagtail's `Locale.get_active` (a classmethod)."""
    language = translation.get_language()
    now = time.monotonic()
    hit = _BY_LANGUAGE.get(language)
    if hit is not None and hit[0] > now:
        return hit[1]
    locale, found = _uncached(cls)
    if found:
        _BY_LANGUAGE[language] = (now + TTL, locale)
    return locale


def forget(**kwargs):
    _BY_LANGUAGE.clear()


def cache_active_locale():
    """Install the cached lookup once (the host project's AppConfig.ready)."""
    if not getattr(Locale.get_active, "cached_per_language", False):
        get_active.cached_per_language = True
        Locale.get_active = classmethod(get_active)
        post_save.connect(forget, sender=Locale, dispatch_uid="cms.active_locale.save")
        post_delete.connect(forget, sender=Locale, dispatch_uid="cms.active_locale.delete")
