"""Cached public directory data (API responses), invalidated by publishing and by pledges.

Invalidation bumps a version number stored with every entry, so one call drops every cached response without
knowing the keys (works with locmem and Redis alike): an entry is used only while its version is the current one.
The version and the entry are read together (``get_many``: one round trip to Redis per hit). Entries also expire
after API_CACHE_SECONDS because "open now" changes with the clock.

Responses are kept compressed (:func:`get_or_build_encoded`): one entry per content coding (gzip, brotli when the
``brotli`` package is installed, identity), each with the ETag of the uncompressed body, so a hit reads only the
bytes it sends and never compresses anything.
"""

import gzip
import hashlib

from django.conf import settings
from django.core.cache import cache

VERSION_KEY = "directory:cache-version"


def cache_seconds():
    return int(getattr(settings, "DIRECTORY_API_CACHE_SECONDS", 120))


def current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def invalidate_directory_cache(**_kwargs):
    """Drop every cached directory response. Safe to connect to any signal."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def make_key(name, params):
    """A cache key for endpoint `name` and its (already validated) parameters (the version is in the value)."""
    raw = "&".join(f"{k}={v}" for k, v in sorted(params))
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"directory:{name}:{digest}"


def _lookup(key):
    """(current version, the value stored under `key` for that version or None), in one cache round trip."""
    values = cache.get_many([VERSION_KEY, key])
    version = values.get(VERSION_KEY)
    if version is None:
        version = current_version()
    entry = values.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == version:
        return version, entry[1]
    return version, None


def get_or_build(name, params, build):
    key = make_key(name, params)
    version, value = _lookup(key)
    if value is None:
        value = build()
        cache.set(key, (version, value), timeout=cache_seconds())
    return value


CODINGS = ("br", "gzip", "identity")


def _brotli():
    try:
        import brotli
    except ImportError:  # optional: without it, gzip
        return None
    return brotli


def available_codings():
    return CODINGS if _brotli() is not None else CODINGS[1:]


def encode(body):
    """{coding: (etag, bytes)} for `body`: identity, gzip and (if available) brotli; one weak ETag for all."""
    etag = 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    variants = {"identity": (etag, body), "gzip": (etag, gzip.compress(body, compresslevel=6, mtime=0))}
    brotli = _brotli()
    if brotli is not None:
        variants["br"] = (etag, brotli.compress(body, quality=int(getattr(settings, "DIRECTORY_BROTLI_QUALITY", 6))))
    return variants


def get_or_build_encoded(name, params, build, coding):
    """(etag, bytes) of the response body `build()` makes, in content coding `coding` (see available_codings)."""
    key = make_key(name, params)
    version, value = _lookup(f"{key}:{coding}")
    if value is None:
        variants = encode(build())
        cache.set_many({f"{key}:{c}": (version, v) for c, v in variants.items()}, timeout=cache_seconds())
        value = variants[coding]
    return value


def connect_signals():
    """Called from DirectoryConfig.ready()."""
    from django.db.models.signals import post_delete, post_save

    from wagtail.signals import page_published, page_unpublished

    from directory.models import BusinessPage, Category, District

    page_published.connect(_on_page_change, dispatch_uid="directory-cache-published")
    page_unpublished.connect(_on_page_change, dispatch_uid="directory-cache-unpublished")
    post_delete.connect(_on_page_change, sender=BusinessPage, dispatch_uid="directory-cache-deleted")
    for model in (Category, District):
        post_save.connect(invalidate_directory_cache, sender=model, dispatch_uid=f"directory-cache-{model.__name__}")
        post_delete.connect(
            invalidate_directory_cache, sender=model, dispatch_uid=f"directory-cache-del-{model.__name__}"
        )
    try:
        from fundraising import signals as fundraising_signals  # a signal object, not fundraising logic
    except ImportError:  # the directory also works without the fundraising app
        return
    for name in ("pledge_paid", "pledge_refunded", "campaign_changed"):
        signal = getattr(fundraising_signals, name, None)
        if signal is not None:
            signal.connect(invalidate_directory_cache, dispatch_uid=f"directory-cache-{name}")


def _on_page_change(sender=None, instance=None, **kwargs):
    # Any page: campaign pages (fundraising) also change what the directory shows.
    invalidate_directory_cache()
