"""Helpers shared by outreach views."""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.text import slugify

from wagtail.models import Site

from fundraising.conf import conf

from .. import posters, signals

FORMATS = {"pdf": ("application/pdf", posters.render_pdf), "png": ("image/png", posters.render_png)}


def poster_language(request):
    """?lang=de|en, else the language of the request. Anything else is ignored (never echoed)."""
    wanted = (request.GET.get("lang") or "")[:5]
    if wanted in dict(settings.LANGUAGES):
        return wanted
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]


def poster_response(request, business, campaign, fmt, *, cache_seconds=300, public=False):
    if fmt not in FORMATS:
        raise Http404

    language = poster_language(request)
    content_type, render = FORMATS[fmt]
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    key = signals.cache_key(
        "poster", fmt, business.pk, campaign.pk if campaign else 0, language, site.pk if site else 0
    )
    data = cache.get(key)
    if data is None:
        data = render(posters.poster_data(business, campaign, language, site))
        cache.set(key, data, cache_seconds)
    response = HttpResponse(data, content_type=content_type)
    name = slugify(business.title)[:50] or "poster"
    suffix = "poster" if fmt == "pdf" else "square"
    disposition = "inline" if fmt == "png" and request.GET.get("preview") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}-{suffix}-{language}.{fmt}"'
    response["Cache-Control"] = f"public, max-age={cache_seconds}" if public else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def absolute_url(page):
    """The page's public URL on BASE_URL (like CampaignPage.short_url), whatever host name the Site record has."""
    url = page.get_url() or "/"
    if url.startswith(("http://", "https://")):
        return url
    return conf.BASE_URL.rstrip("/") + url
