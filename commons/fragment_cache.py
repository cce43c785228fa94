"""Rendered template fragments shared between requests: `{% load fragment_cache %}{% cache_fragment "name" a b %}…
{% endcache_fragment %}` (commons/templatetags/fragment_cache.py).

A fragment is stored under a digest of its name, the values it names (`a b`: what the fragment shows that is not
covered below), the active language, the request's scheme and host (absolute links) and today's date (campaign
states and "days left" change at midnight), together with the **public-content generation** it was rendered under:
the same counter as the public-page cache (cms/caching.py), bumped when a page is published, unpublished, moved or
deleted, a live page or a site setting is saved, and when a pledge is paid or refunded, a match is allocated, an
update posted or a campaign ended (`commons.signals.public_content_changed`, `fundraising.signals`). A fragment
rendered before such an event is never shown after it, and none lives longer than ``FRAGMENT_CACHE_SECONDS``.
Reading one is one cache round trip (the counter and the entry together, ``Generation.read``).

The host wires the invalidation (cms/caching.py), so the cache is off unless ``FRAGMENT_CACHE_SECONDS`` > 0.
Nothing per visitor may go into a fragment: no CSRF token (a fragment that renders one is never stored), no form
that was posted, nothing for a logged-in user (wrap only what every visitor sees, or switch it off in the context:
``fragment_cache_off``). Previews and non-GET requests always render.
"""

import hashlib
import logging

from django.conf import settings
from django.utils import timezone, translation

from commons.generation import Generation

logger = logging.getLogger(__name__)

PUBLIC_CONTENT = Generation(
    "public-cache:generation", alias=lambda: getattr(settings, "PUBLIC_CACHE_ALIAS", "default")
)  # the public-page cache's counter (cms/caching.py), so one bump drops cached pages and fragments alike
NEVER_STORE = ("csrfmiddlewaretoken",)


def seconds():
    return int(getattr(settings, "FRAGMENT_CACHE_SECONDS", 0) or 0)


def usable(request, context=None):
    """Whether a fragment may come from (and go into) the cache for this request."""
    if seconds() <= 0 or request is None or request.method not in ("GET", "HEAD"):
        return False
    if getattr(request, "is_preview", False) or getattr(request, "is_dummy", False):
        return False
    return not (context is not None and context.get("fragment_cache_off"))


def key(request, name, parts):
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: the page itself will answer it
        host = ""
    raw = "\x1f".join(
        [
            name,
            translation.get_language() or settings.LANGUAGE_CODE,
            request.scheme,
            host,
            timezone.localdate().isoformat(),
            *(repr(part) for part in parts),
        ]
    )
    return f"fragment:{name}:{hashlib.sha256(raw.encode('utf-8', 'surrogateescape')).hexdigest()}"


def peek(request, name, parts):
    """The cached fragment `name` for `parts`, or None, read ahead of rendering: a view that finds it can skip
    building what only the fragment shows. The template tag reuses this read (no second round trip)."""
    if not usable(request):
        return None
    cache_key = key(request, name, parts)
    generation, html = read(cache_key)
    request.__dict__.setdefault("_fragment_reads", {})[cache_key] = (generation, html)
    return html


def read(cache_key, request=None):
    """(generation, html or None); (None, None) when the cache is down."""
    reads = getattr(request, "_fragment_reads", None)
    if reads and cache_key in reads:
        return reads.pop(cache_key)
    try:
        return PUBLIC_CONTENT.read(cache_key)
    except Exception:
        logger.warning("Fragment cache unavailable; rendering", exc_info=True)
        return None, None


def write(cache_key, generation, html):
    if generation is None or any(marker in html for marker in NEVER_STORE):
        return
    try:
        PUBLIC_CONTENT.write(cache_key, generation, str(html), timeout=seconds())
    except Exception:
        logger.warning("Could not store a fragment", exc_info=True)


def invalidate(**_kwargs):
    """Drop every fragment (and every cached public page: they share the counter)."""
    PUBLIC_CONTENT.invalidate()
