"""Cached public directory data (API responses), invalidated by publishing and by pledges.

Invalidation bumps a generation number (commons.generation) stored with every entry, so one call drops every
cached response without knowing the keys (works with locmem and Redis alike): an entry is used only while its
generation is the current one. The generation and the entry are read together (``Generation.read``: one round trip
to Redis per hit). Entries also expire after API_CACHE_SECONDS because "open now" changes with the clock.

Responses are kept compressed (:func:`get_or_build_encoded`): one entry per content coding (gzip, brotli when the
``brotli`` package is installed, identity), each with the ETag of the uncompressed body, so a hit reads only the
bytes it sends and never compresses anything.
"""

import gzip
import hashlib

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
    """A cache key for endpoint `name` and its (already validated) parameters (the generation is in the value)."""
    raw = "&".join(f"{k}={v}" for k, v in sorted(params))
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"directory:{name}:{digest}"


def get_or_build(name, params, build):
    return DIRECTORY_GENERATION.get_or_build(make_key(name, params), build, timeout=cache_seconds())


CODINGS = ("br", "gzip", "identity")


def _brotli():
    try:
        import brotli  # reason: optional dependency
    except ImportError:  # without it, gzip
        return None
    return brotli


def available_codings():
    return CODINGS if _brotli() is not None else CODINGS[1:]


def etag_of(body):
    return 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def encode(body, coding):
    """`body` in content coding `coding` (identity, gzip or br)."""
    if coding == "gzip":
        return gzip.compress(body, compresslevel=6, mtime=0)
    if coding == "br":
        return _brotli().compress(body, quality=int(conf.get("DIRECTORY_BROTLI_QUALITY")))
    return body


def get_or_build_encoded(name, params, build, coding):
    """(etag, bytes, hit) of the response body `build()` makes, in content coding `coding` (see available_codings).

    Each coding is compressed once, when a client first asks for it, from the cached uncompressed body (built at
    most once per generation); the ETag is the uncompressed body's, the same for every coding. `hit` is True when
    the encoded body came from the cache as it is."""
    key = make_key(name, params)
    generation, value = DIRECTORY_GENERATION.read(f"{key}:{coding}")
    if value is not None:
        return (*value, True)
    raw = None
    if coding != "identity":
        _generation, raw_entry = DIRECTORY_GENERATION.read(f"{key}:identity")
        raw = raw_entry[1] if raw_entry is not None else None
    entries = {}
    if raw is None:
        raw = build()
        entries[f"{key}:identity"] = (etag_of(raw), raw)
    value = (etag_of(raw), encode(raw, coding))
    entries[f"{key}:{coding}"] = value
    DIRECTORY_GENERATION.write_many(entries, generation, timeout=cache_seconds())
    return (*value, False)


def connect_signals():
    """Called from DirectoryConfig.ready()."""
    # Senders named lazily ("app_label.Model"): fundraising's AppConfig imports this module while apps load.
    page_published.connect(_on_page_change, dispatch_uid="directory-cache-published")
    page_unpublished.connect(_on_page_change, dispatch_uid="directory-cache-unpublished")
    post_delete.connect(_on_page_change, sender="directory.BusinessPage", dispatch_uid="directory-cache-deleted")
    for name in ("Category", "District"):
        post_save.connect(
            invalidate_directory_cache, sender=f"directory.{name}", dispatch_uid=f"directory-cache-{name}"
        )
        post_delete.connect(
            invalidate_directory_cache, sender=f"directory.{name}", dispatch_uid=f"directory-cache-del-{name}"
        )
    # Fundraising connects this to its own signals (pledge paid/refunded, campaign changed): see FundraisingConfig.


def _on_page_change(sender=None, instance=None, **kwargs):
    # Any page: child pages of businesses (e.g. campaigns) also change what the directory shows.
    invalidate_directory_cache()
