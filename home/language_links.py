"""The language switcher's links (issue 18): plain links, one per other language, to this page in that language.

A Wagtail page links to its own translation (the translated slug, "/en/help/" for "/hilfe/"); without a live
translation, to the source-language page under the target language's prefix ("/tr/hilfe/": the fallback of
cms/serve.py serves it in the Turkish interface). Routable sub-pages keep their route ("…/unterstuetzen/"), other
views keep their path under the other prefix, and the query string is kept (a search stays a search).

The same computation gives the `<link rel="alternate" hreflang>` tags in the page's <head> (`hreflang_links`): one
per language with a live translation, plus x-default for the source language, absolute URLs. It runs once per
request and page (remembered on the request), so the head and the two menus cost the queries of one.

The links are a function of the URL alone: no session, no cookie, no CSRF token, so public pages stay in the shared
page cache (cms/caching.py). The language versions of a page are also kept in the cache under the navigation's
generation (home/site_chrome.py: dropped on publish, unpublish, move, delete and view-restriction changes), so a
page rendered outside the page cache pays no query for them (tests/test_page_query_budget.py).
"""

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from wagtail.models import Page

from commons.page_language import active_language
from home.site_chrome import SITE_CHROME, cache_seconds

MAX_QUERY_LENGTH = 1000


def language_links(request, page=None):
    """[{"code", "url"}] for every language but the active one, in the order of settings.LANGUAGES."""
    current = active_language()
    path = request.path if request is not None else "/"
    query = request.META.get("QUERY_STRING", "") if request is not None else ""
    page_urls = _page_versions(request, page, path)[0] if isinstance(page, Page) else {}
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        url = page_urls.get(code) or _path_in_language(path, current, code)
        if query and len(query) <= MAX_QUERY_LENGTH:
            url = f"{url}?{query}"
        links.append({"code": code, "url": url})
    return links


def hreflang_links(request, page=None):
    """[{"code", "url"}] for the <head>: every language with a live translation of `page`, then x-default.

    Absolute URLs (Google asks for them), routable sub-routes kept. Empty for anything that is not a Wagtail page
    and for a page without a live translation: a fallback version in another language is not an alternate.
    """
    if not isinstance(page, Page):
        return []
    path = request.path if request is not None else "/"
    urls, translated = _page_versions(request, page, path)
    languages = [code for code, _name in settings.LANGUAGES if code in translated and urls.get(code)]
    if len(languages) < 2:
        return []
    links = [{"code": code, "url": _absolute(request, urls[code])} for code in languages]
    if settings.LANGUAGE_CODE in languages:
        links.append({"code": "x-default", "url": _absolute(request, urls[settings.LANGUAGE_CODE])})
    return links


def _absolute(request, url):
    return request.build_absolute_uri(url) if request is not None and url.startswith("/") else url


def _page_versions(request, page, path):
    """(language → URL of `page` in it, languages with a live translation), computed once per request and page."""
    key = (page.pk, path, active_language())
    memo = getattr(request, "_language_versions", None) if request is not None else None
    if memo is not None and key in memo:
        return memo[key]
    result = _cached_page_versions(request, page, path)
    if request is not None:
        if memo is None:
            memo = request._language_versions = {}
        memo[key] = result
    return result


def _cached_page_versions(request, page, path):
    host = request.get_host() if request is not None else ""
    raw = "\n".join([host, str(page.pk), path, active_language()])
    key = "language-versions:" + hashlib.sha256(raw.encode()).hexdigest()[:32]
    return SITE_CHROME.get_or_build(key, lambda: _compute_page_versions(request, page, path), timeout=cache_seconds())


def _compute_page_versions(request, page, path):
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
    return urls, frozenset(versions)


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
