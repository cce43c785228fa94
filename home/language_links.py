"""The language switcher's links (issue 18): plain links, one per other language, to this page in that language.

A Wagtail page links to its own translation (the translated slug, "/en/help/" for "/hilfe/"); without a live
translation, to the source-language page under the target language's prefix ("/tr/hilfe/": the fallback of
cms/serve.py serves it in the Turkish interface). Routable sub-pages keep their route ("…/unterstuetzen/"), other
views keep their path under the other prefix, and the query string is kept (a search stays a search).

The links are a function of the URL alone: no session, no cookie, no CSRF token, so public pages stay in the shared
page cache (cms/caching.py).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from wagtail.models import Page

from commons.page_language import active_language

MAX_QUERY_LENGTH = 1000


def language_links(request, page=None):
    """[{"code", "url"}] for every language but the active one, in the order of settings.LANGUAGES."""
    current = active_language()
    path = request.path if request is not None else "/"
    query = request.META.get("QUERY_STRING", "") if request is not None else ""
    page_urls = _page_urls(request, page, path) if isinstance(page, Page) else {}
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        url = page_urls.get(code) or _path_in_language(path, current, code)
        if query and len(query) <= MAX_QUERY_LENGTH:
            url = f"{url}?{query}"
        links.append({"code": code, "url": url})
    return links


def _page_urls(request, page, path):
    """language → URL of `page` in that language (its translation, else its source-language version)."""
    translations = Page.objects.filter(translation_key=page.translation_key).live().public()
    versions = {version.locale.language_code: version for version in translations.select_related("locale")}
    source = versions.get(settings.LANGUAGE_CODE) or page
    current_url = _url_in(page, active_language(), request)
    # A routable page's sub-route ("unterstuetzen/") follows the page into the other language.
    rest = path[len(current_url) :] if current_url and path.startswith(current_url) else ""
    urls = {}
    for code, _name in settings.LANGUAGES:
        url = _url_in(versions.get(code) or source, code, request)
        if url:
            urls[code] = url + rest
    return urls


def _url_in(page, language, request):
    with translation.override(language):
        url = page.get_url(request=request)
    return urlsplit(url).path if url and url.startswith("/") else url


def _path_in_language(path, current, code):
    """A non-page path in the other language: Django's translate_url, else the prefix swapped."""
    translated = translate_url(path, code)
    if translated != path or current == code:
        return translated
    neutral = path
    if current != settings.LANGUAGE_CODE:
        prefix = f"/{current}"
        if path == prefix or path.startswith(prefix + "/"):
            neutral = path[len(prefix) :] or "/"
    if code == settings.LANGUAGE_CODE:
        return neutral
    return f"/{code}{neutral}"
