"""The shared public-page cache: anonymous GET responses for Wagtail pages and the public API.

How it stays correct
--------------------
* Only requests that carry neither a session cookie nor a messages cookie (i.e. anonymous visitors with nothing
  pending) are served from or stored in the cache, and only GET requests without Authorization, X-Requested-With,
  HX-Request or Range headers (no view may render differently for those without the cache knowing).
* A response is stored only when it is a plain 200 for a Wagtail page (URL name ``wagtail_serve``, which includes
  routable sub-pages), a path under ``PUBLIC_CACHE_PATH_PREFIXES`` (the API), or a view decorated with
  :func:`cache_public`; and only when it sets **no cookie** (a page that renders ``{% csrf_token %}`` always
  sets the CSRF cookie, so pages with POST forms are never cached), is not ``private``/``no-store``/``no-cache``,
  uses no CSP nonce and varies on nothing but Cookie / Accept-Language (the key holds the language).
* Invalidation bumps one generation counter (``invalidate_public_cache``); every entry is stored together with the
  generation it was rendered under and only served while that is still the current one. Entries also expire after
  ``PAGE_CACHE_SECONDS``. A request remembers the generation it looked up with and stores under that one, so a
  response rendered from data read before an invalidation can never be served after it.
* A hit is **one cache round trip**: the counter and the entry are read together with ``get_many`` (one ``MGET``
  on Redis); the key itself does not contain the generation.
* It fails open: if the cache (Redis) is unreachable, requests are served uncached.

Invalidated by: page published / unpublished / moved / deleted, a live page saved directly, saves and deletes of
models in ``PUBLIC_CACHE_INVALIDATING_MODELS`` (categories, districts, images, redirects …) and of every site
setting (any app's ``BaseSiteSetting``, e.g. the fundraising settings), and
``fundraising.signals.pledge_paid`` / ``pledge_refunded``. Signals are connected in ``cms.apps.CmsConfig.ready``, so
this also works in management commands and the task worker. The fragment cache (commons/fragment_cache.py) shares
the counter, so the same events drop cached fragments.
"""

import hashlib
import logging
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from django.utils.cache import cc_delim_re

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from commons.generation import Generation
from commons.signals import public_content_changed

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-cache:generation"
ALLOWED_VARY = {"cookie", "accept-language", "accept-encoding"}
MAX_QUERY_STRING = 512
BYPASS_HEADERS = {"HTTP_AUTHORIZATION", "HTTP_X_REQUESTED_WITH", "HTTP_HX_REQUEST", "HTTP_RANGE"}

DEFAULT_INVALIDATING_MODELS = [
    "home",  # site settings, navigation, news …
    "directory",  # categories, districts, opening hours …
    "wagtailcore.site",
    "wagtailcore.locale",
    "wagtailimages.image",
    "wagtaildocs.document",
    "wagtailredirects.redirect",
    "taggit.tag",
]


def _cache():
    return caches[getattr(settings, "PUBLIC_CACHE_ALIAS", "default")]


def enabled():
    return bool(getattr(settings, "PUBLIC_PAGE_CACHE", False)) and int(settings.PAGE_CACHE_SECONDS) > 0


PUBLIC_GENERATION = Generation(GENERATION_KEY, cache=lambda: _cache())  # late-bound: tests replace _cache
current_generation = PUBLIC_GENERATION.current
_bump = PUBLIC_GENERATION.bump


def invalidate_public_cache(**_kwargs):
    """Drop every cached public response. Connect it to any signal (commons.generation: bumps now and after commit)."""
    PUBLIC_GENERATION.invalidate()


def cache_public(view_func):
    """Mark a non-Wagtail view's responses as cacheable for anonymous visitors (same rules as pages)."""

    @wraps(view_func)
    def wrapper(*args, **kwargs):
        response = view_func(*args, **kwargs)
        response.public_cache = True
        return response

    return wrapper


def _bypass_cookies():
    return {settings.SESSION_COOKIE_NAME, "messages", *getattr(settings, "PUBLIC_CACHE_BYPASS_COOKIES", [])}


def _excluded_prefixes():
    return tuple(
        getattr(
            settings,
            "PUBLIC_CACHE_EXCLUDE_PREFIXES",
            ["/admin/", "/django-admin/", "/documents/", "/healthz", settings.STATIC_URL, settings.MEDIA_URL],
        )
    )


def request_key(request):
    """The cache key for this request, or None when the request must not use the cache."""
    if not enabled() or request.method != "GET":
        return None
    if BYPASS_HEADERS & set(request.META):  # credentials, partial/AJAX variants, ranges: never shared
        return None
    if _bypass_cookies() & set(request.COOKIES):
        return None
    if request.path.startswith(_excluded_prefixes()):
        return None
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY_STRING:
        return None
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: let Django answer it uncached
        return None
    language = translation.get_language_from_request(request, check_path=True)
    raw = "\n".join([request.scheme, host, request.path, query, language])
    digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()
    return f"public-cache:page:{digest}"


def _opted_in(request, response):
    opted = getattr(response, "public_cache", None)
    if opted is not None:  # True: cache_public; False: the view caches itself (e.g. compressed API bodies)
        return opted
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name in getattr(settings, "PUBLIC_CACHE_URL_NAMES", ["wagtail_serve"]):
        return True
    return request.path.startswith(tuple(getattr(settings, "PUBLIC_CACHE_PATH_PREFIXES", ["/api/"])))


def response_is_cacheable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not _opted_in(request, response):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if getattr(request, "_csp_nonce", None) is not None:  # a nonce must never be shared between visitors
        return False
    cache_control = {d.strip().split("=")[0].lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))}
    if cache_control & {"private", "no-store", "no-cache"}:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    return not (vary - ALLOWED_VARY)


def lookup(request, key):
    """The cached response for `key` if it was stored under the current generation, else None.

    One round trip: the generation counter and the entry come back together (``Generation.read``). Remembers the
    generation on the request (for :func:`store`); on a cache outage it returns None and the request is not
    stored either."""
    request._public_cache_generation = None
    try:
        generation, response = PUBLIC_GENERATION.read(key)
    except Exception:
        logger.warning("Public page cache unavailable; serving uncached", exc_info=True)
        return None
    request._public_cache_generation = generation
    return response  # None when missing or rendered before the last invalidation


def store(request, key, response):
    generation = getattr(request, "_public_cache_generation", None)
    if generation is None:  # the lookup failed: the cache is down, or was never asked
        return
    try:
        PUBLIC_GENERATION.write(key, generation, response, timeout=int(settings.PAGE_CACHE_SECONDS))
    except Exception:
        logger.warning("Could not store a page in the public cache", exc_info=True)


def connect_signals():
    """Called from CmsConfig.ready(): every change that alters public pages invalidates the cache."""
    page_published.connect(invalidate_public_cache, dispatch_uid="public-cache-published")
    page_unpublished.connect(invalidate_public_cache, dispatch_uid="public-cache-unpublished")
    post_page_move.connect(invalidate_public_cache, dispatch_uid="public-cache-moved")
    post_save.connect(_on_save, dispatch_uid="public-cache-save")
    post_delete.connect(_on_delete, dispatch_uid="public-cache-delete")

    labels = getattr(settings, "PUBLIC_CACHE_INVALIDATING_MODELS", DEFAULT_INVALIDATING_MODELS)
    _INVALIDATING.clear()
    for label in labels:
        if "." in label:
            try:
                _INVALIDATING.add(apps.get_model(label))
            except LookupError:
                continue
        else:
            try:
                _INVALIDATING.update(apps.get_app_config(label).get_models())
            except LookupError:
                continue
    _PAGE[0] = Page

    public_content_changed.connect(invalidate_public_cache, dispatch_uid="public-cache-public-content-changed")
    try:
        from fundraising import signals as fundraising_signals  # reason: optional, a site without fundraising
    except ImportError:
        return
    fundraising_signals.pledge_paid.connect(invalidate_public_cache, dispatch_uid="public-cache-pledge-paid")
    fundraising_signals.pledge_refunded.connect(invalidate_public_cache, dispatch_uid="public-cache-pledge-refunded")
    fundraising_signals.campaign_changed.connect(invalidate_public_cache, dispatch_uid="public-cache-campaign-changed")


_INVALIDATING = set()
_PAGE = [None]


def _is_page(sender):
    return _PAGE[0] is not None and issubclass(sender, _PAGE[0])


def _on_save(sender, instance=None, raw=False, **kwargs):
    if raw:  # fixture loading
        return
    if _is_page(sender):
        if getattr(instance, "live", False):  # a live page changed without publishing a revision
            invalidate_public_cache()
    elif sender in _INVALIDATING:
        invalidate_public_cache()
    elif issubclass(sender, BaseSiteSetting) and not kwargs.get("created"):
        # A row just created holds the defaults (``for_site`` creates it on first read, while a page renders).
        invalidate_public_cache()


def _on_delete(sender, **kwargs):
    if _is_page(sender) or sender in _INVALIDATING or issubclass(sender, BaseSiteSetting):
        invalidate_public_cache()
