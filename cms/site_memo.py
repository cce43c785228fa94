"""Wagtail finds the request's Site (one query) and then the site's root page as its specific page (another) on
every page it serves. Both change only when a site, a locale or a page is saved or published — all of which bump
the public-content generation (cms/caching.py) — so the Site, with its root page and that page's specific row
loaded, is kept in the cache under that generation: one cache round trip instead of two queries. Only hosts that
pass ALLOWED_HOSTS are looked up, and a cache outage falls back to Wagtail's own lookup."""

from django.http.request import split_domain_port

from wagtail.models import Site

from commons import fragment_cache

TIMEOUT = 3600


def remember_site(request):
    """Set the Site Wagtail's ``Site.find_for_request`` returns for this request (from the cache when it can)."""
    if hasattr(request, "_wagtail_site"):
        return
    try:
        request.get_host()  # DisallowedHost: leave it to Django
    except Exception:
        return
    hostname = split_domain_port(request._get_raw_host())[0]
    key = f"site-for-host:{hostname}:{request.get_port()}"
    site = fragment_cache.PUBLIC_CONTENT.get_or_build(key, lambda: _find_with_root(request), timeout=TIMEOUT)
    if site is not None:
        request._wagtail_site = site


def _find_with_root(request):
    site = Site._find_for_request(request)
    if site is not None:
        site.root_page.specific  # noqa: B018 - loaded now, so that the cached copy carries it
    return site
