"""Header navigation, footer and language switcher as inclusion tags.

Other apps add links to the main menu with the Wagtail hook `main_menu_items`: `fn(request) -> list[tuple[str, str]]`
(label, url), e.g. the owners' dashboard for a logged-in owner.
"""

import logging

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language

from wagtail import hooks
from wagtail.models import Page, Site

from home.models import SiteSettings

register = template.Library()
logger = logging.getLogger(__name__)
MAX_NEXT_LENGTH = 1000


def _site(request):
    return Site.find_for_request(request) if request is not None else None


def _in_visitor_language(pages):
    """Each page's live translation in the active language, else the page itself (shown marked with its lang).

    One query for all of them, none in the default language."""
    from commons.page_language import active_language

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
    from commons.page_language import _language_of_locale, active_language

    language = _language_of_locale(page.locale_id)
    return "" if language == active_language() else language


def _is_active(request, url):
    if request is None or not url:
        return False
    if url == "/" or url.rstrip("/") in ("", "/en"):
        return request.path == url
    return request.path.startswith(url)


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = _site(request)
    items = []
    if site is not None:
        pages = _in_visitor_language(list(site.root_page.get_children().live().public().in_menu().specific()))
        for page in pages:
            url = page.get_url(request=request)
            items.append({"label": page.title, "url": url, "active": _is_active(request, url), "lang": _lang(page)})
    if request is not None:
        for fn in hooks.get_hooks("main_menu_items"):
            for label, url in fn(request) or []:
                items.append({"label": label, "url": url, "active": _is_active(request, url)})
    user = getattr(request, "user", None)
    return {
        "request": request,
        "items": items,
        "search_url": reverse("search"),
        "is_authenticated": bool(user and user.is_authenticated),
        "login_url": reverse("account_login"),
        "logout_url": reverse("account_logout"),
    }


@register.inclusion_tag("includes/site_footer.html", takes_context=True)
def site_footer(context):
    request = context.get("request")
    site = _site(request)
    site_settings = SiteSettings.for_site(site) if site is not None else None
    legal_links = []
    if site_settings is not None:
        pages = (site_settings.imprint_page, site_settings.privacy_page, site_settings.accessibility_page)
        for page in _in_visitor_language([page for page in pages if page is not None and page.live]):
            if page is not None:
                legal_links.append({"label": page.title, "url": page.get_url(request=request), "lang": _lang(page)})
    return {
        "request": request,
        "site_settings": site_settings,
        "legal_links": legal_links,
        "easy_language": _easy_language(site_settings, request),
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "CITY_NAME": settings.CITY_NAME,
    }


def _easy_language(site_settings, request):
    """The page in Leichte Sprache (German easy language), if the site has one: its link is labelled in German in
    every interface language, marked lang="de", and it leads to the German interface, because the page is German."""
    page = getattr(site_settings, "easy_language_page", None)
    if page is None or not page.live:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        url = page.get_url(request=request)
    return {"url": url, "label": "Leichte Sprache"}


@register.inclusion_tag("home/includes/easy_language_link.html", takes_context=True)
def easy_language_link(context):
    """The start page's pointer to the page in Leichte Sprache."""
    request = context.get("request")
    site = _site(request)
    site_settings = SiteSettings.for_site(site) if site is not None else None
    return {"easy_language": _easy_language(site_settings, request)}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context.get("request")
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    return {
        "request": request,
        "languages": settings.LANGUAGES,
        "current": current,
        "next": language_neutral_path(request.get_full_path() if request is not None else "/", current),
    }


def language_neutral_path(path, current):
    """The default-language (unprefixed) form of `path`: Django's set_language translates it into the target language.

    Passing the prefixed form ("/en/...") would be resolved under the default language and come back doubled.
    """
    if len(path) > MAX_NEXT_LENGTH:  # e.g. a huge search query: return to the page, not to the query
        path = path.split("?", 1)[0][:MAX_NEXT_LENGTH]
    if current != settings.LANGUAGE_CODE:
        prefix = f"/{current}"
        if path == prefix or path.startswith(prefix + "/") or path.startswith(prefix + "?"):
            path = path[len(prefix) :] or "/"
            if path.startswith("?"):
                path = "/" + path
    return path


@register.simple_tag(takes_context=True)
def home_slot(context, name):
    """Render a home-page slot from the Wagtail hook `home_<name>` (e.g. `home_featured_campaigns`).

    Each registered function is called as `fn(request, page)` and returns rendered, safe HTML or None; the results
    are joined in registration order. Apps fill the slots without editing the home page template.
    """
    from django.utils.html import format_html_join
    from django.utils.safestring import mark_safe

    request = context.get("request")
    page = context.get("page")
    parts = []
    for fn in hooks.get_hooks(f"home_{name}"):
        try:
            html = fn(request, page)
        except Exception:  # a broken section must not take the home page down
            logger.exception("home slot %s: hook %r failed", name, fn)
            continue
        if html:
            parts.append((mark_safe(html),))  # noqa: S308 - hooks return rendered, escaped templates
    return format_html_join("\n", "{}", parts)
