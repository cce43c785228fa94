"""Pages in the visitor's language, with a fallback to the source language (issue 18).

Each language has its own page tree (WAGTAIL_I18N_ENABLED). A page that is not translated into the visitor's
language is still reachable under that language's prefix ("/tr/unternehmen/…" serves the German page inside the
Turkish interface, its content marked lang="de"); the host project's serve view routes such paths
(cms.serve.serve_with_fallback). Pages link accordingly: `VisitorLanguageURLMixin` keeps the visitor's language
prefix in every page URL, so a Turkish visitor never drops into the German interface by following a link. It wraps
Wagtail's `Page.get_url_parts` once (`keep_visitor_language_in_page_urls()`, called by the host project's AppConfig):
menus and listings hold plain `Page` objects, so a mixin on the specific page classes would not reach them.

Template use: `<div{% content_lang page %}>` adds ` lang="de"` where the page's language is not the interface's.
"""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from wagtail.models import Locale, Page


def _prefix(language):
    with translation.override(language):
        try:
            return reverse("wagtail_serve", args=("",))
        except NoReverseMatch:
            return None


def active_language():
    code = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


_LOCALE_CODES = {}


def _language_of_locale(locale_id):
    """A locale's language code without a query per page (locales are a handful of rows that never change code)."""
    if locale_id not in _LOCALE_CODES:
        _LOCALE_CODES.update(Locale.objects.values_list("pk", "language_code"))
    return _LOCALE_CODES.get(locale_id, settings.LANGUAGE_CODE)


def _visitor_language_url_parts(original):
    def get_url_parts(self, request=None):
        parts = original(self, request=request)
        if parts is None or parts[2] is None or not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return parts
        site_id, root_url, page_path = parts
        active = active_language()
        own = _language_of_locale(self.locale_id)
        if active == own:
            return parts
        own_prefix, active_prefix = _prefix(own), _prefix(active)
        if own_prefix is None or active_prefix is None or not page_path.startswith(own_prefix):
            return parts
        return site_id, root_url, active_prefix + page_path[len(own_prefix) :]

    get_url_parts.visitor_language = True
    return get_url_parts


def keep_visitor_language_in_page_urls():
    """A page's URL keeps the active interface language's prefix, also for pages in another content language."""
    if not getattr(Page.get_url_parts, "visitor_language", False):
        Page.get_url_parts = _visitor_language_url_parts(Page.get_url_parts)


def page_language(page):
    locale = getattr(page, "locale", None)
    return getattr(locale, "language_code", None) or settings.LANGUAGE_CODE
