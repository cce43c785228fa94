"""The navigation, footer and crisis banner settings of every page, cached: built once per site and language and
read with one cache call.

The main menu (the site root's live, public "show in menus" children), the footer (site settings and the legal
pages) and the crisis banner's settings are the same on every page, yet cost 12 queries to build. They are kept
in the default cache under one key per site and language, and dropped when a page is published, unpublished,
moved, deleted or saved while live, and when any site setting or a site changes (``connect_signals``, called from
``HomeConfig.ready``). What depends on the visitor (the active item, links from the ``main_menu_items`` hook,
log-in state) is added at render time.
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from django.utils.translation import get_language

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import BaseViewRestriction, Locale, Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from commons.generation import Generation
from commons.page_language import _language_of_locale, active_language
from home.models import CrisisSettings, SiteSettings

KEY = "site-chrome:{site}:{language}"
SITE_CHROME = Generation("site-chrome:generation")


def cache_seconds():
    return int(getattr(settings, "SITE_CHROME_CACHE_SECONDS", 3600))


def _in_visitor_language(pages):
    """Each page's live translation in the active language, else the page itself (shown marked with its lang).

    One query for all of them, none in the default language."""
    language = active_language()
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False) or language == settings.LANGUAGE_CODE or not pages:
        return pages
    translations = {
        page.translation_key: page
        for page in Page.objects.live()
        .filter(locale__language_code=language, translation_key__in=[page.translation_key for page in pages])
        .specific()
    }
    return [translations.get(page.translation_key, page) for page in pages]


def _lang(page):
    """The page's language when it differs from the interface's (for lang="…" on its title), else ""."""
    language = _language_of_locale(page.locale_id)
    return "" if language == active_language() else language


def _easy_language(site_settings, request):
    """The page in Leichte Sprache (German easy language), if the site has one: its link is labelled in German in
    every interface language, marked lang="de", and it leads to the German interface, because the page is German."""
    page = getattr(site_settings, "easy_language_page", None)
    if page is None or not page.live:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        url = page.get_url(request=request)
    return {"url": url, "label": "Leichte Sprache"}


def _build(request, site):
    pages = _in_visitor_language(list(site.root_page.get_children().live().public().in_menu().specific()))
    menu = [{"label": page.title, "url": page.get_url(request=request), "lang": _lang(page)} for page in pages]
    site_settings = SiteSettings.for_site(site)
    legal_pages = (site_settings.imprint_page, site_settings.privacy_page, site_settings.accessibility_page)
    legal = [
        {"label": page.title, "url": page.get_url(request=request), "lang": _lang(page)}
        for page in _in_visitor_language([page for page in legal_pages if page is not None and page.live])
    ]
    crisis = CrisisSettings.objects.filter(site=site).first() or CrisisSettings(site=site)  # never creates a row
    return {
        "menu": menu,
        "site_settings": site_settings,
        "legal_links": legal,
        "easy_language": _easy_language(site_settings, request),
        "crisis": crisis,
    }


def site_chrome(request, site):
    """{"menu": [{label, url, lang}], "site_settings", "legal_links": [...], "easy_language", "crisis"}, memoised
    on the request."""
    memo = getattr(request, "_site_chrome", None)
    if memo is not None and memo[0] == site.pk:
        return memo[1]
    key = KEY.format(site=site.pk, language=get_language() or settings.LANGUAGE_CODE)
    chrome = SITE_CHROME.get_or_build(key, lambda: _build(request, site), timeout=cache_seconds())
    if request is not None:
        request._site_chrome = (site.pk, chrome)
    return chrome


def invalidate_site_chrome(**_kwargs):
    """Drop the cached navigation and footer of every site and language (now and after the transaction commits,
    see commons.generation)."""
    SITE_CHROME.invalidate()


def _on_save(sender, instance=None, raw=False, **kwargs):
    if raw:
        return
    if issubclass(sender, Page):
        if getattr(instance, "live", False):
            invalidate_site_chrome()
    elif issubclass(sender, (Site, BaseSiteSetting, BaseViewRestriction, Locale)):
        invalidate_site_chrome()


def _on_delete(sender, **kwargs):
    if issubclass(sender, (Page, Site, BaseSiteSetting, BaseViewRestriction, Locale)):
        invalidate_site_chrome()


def connect_signals():
    page_published.connect(invalidate_site_chrome, dispatch_uid="site-chrome-published")
    page_unpublished.connect(invalidate_site_chrome, dispatch_uid="site-chrome-unpublished")
    post_page_move.connect(invalidate_site_chrome, dispatch_uid="site-chrome-moved")
    post_save.connect(_on_save, dispatch_uid="site-chrome-save")
    post_delete.connect(_on_delete, dispatch_uid="site-chrome-delete")
