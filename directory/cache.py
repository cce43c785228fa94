"""Cached public directory data (API responses), invalidated by publishing and by pledges.

Invalidation bumps a generation number (commons.generation) that is part of every key, so one call drops every
cached response without knowing the keys (works with locmem and Redis alike). Entries also expire after
API_CACHE_SECONDS because "open now" changes with the clock.
"""

import hashlib

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published, page_unpublished

from commons.generation import Generation
from directory.conf import conf

DIRECTORY_GENERATION = Generation("directory:cache-version")
VERSION_KEY = DIRECTORY_GENERATION.key
current_version = DIRECTORY_GENERATION.current


def cache_seconds():
    return int(conf.get("DIRECTORY_API_CACHE_SECONDS"))


def invalidate_directory_cache(**_kwargs):
    """Drop every cached directory response. Safe to connect to any signal."""
    DIRECTORY_GENERATION.invalidate()


def make_key(name, params):
    """A cache key for endpoint `name` and its (already validated) parameters."""
    raw = "&".join(f"{k}={v}" for k, v in sorted(params))
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"directory:{current_version()}:{name}:{digest}"


def get_or_build(name, params, build):
    key = make_key(name, params)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=cache_seconds())
    return value


def connect_signals():
    """Called from DirectoryConfig.ready()."""
    from directory.models import BusinessPage, Category, District  # reason: imported while apps load

    page_published.connect(_on_page_change, dispatch_uid="directory-cache-published")
    page_unpublished.connect(_on_page_change, dispatch_uid="directory-cache-unpublished")
    post_delete.connect(_on_page_change, sender=BusinessPage, dispatch_uid="directory-cache-deleted")
    for model in (Category, District):
        post_save.connect(invalidate_directory_cache, sender=model, dispatch_uid=f"directory-cache-{model.__name__}")
        post_delete.connect(
            invalidate_directory_cache, sender=model, dispatch_uid=f"directory-cache-del-{model.__name__}"
        )
    # Fundraising connects this to its own signals (pledge paid/refunded, campaign changed): see FundraisingConfig.


def _on_page_change(sender=None, instance=None, **kwargs):
    # Any page: child pages of businesses (e.g. campaigns) also change what the directory shows.
    invalidate_directory_cache()
