"""Header navigation, footer and language switcher as inclusion tags.

Other apps add links to the main menu with the Wagtail hook `main_menu_items`: `fn(request) -> list[tuple[str, str]]`
(label, url), e.g. the owners' dashboard for a logged-in owner.
"""

import logging

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from wagtail import hooks
from wagtail.models import Site

from home.language_links import hreflang_links, language_links
from home.site_chrome import site_chrome

register = template.Library()
logger = logging.getLogger(__name__)
MAX_NEXT_LENGTH = 1000


def _site(request):
    return Site.find_for_request(request) if request is not None else None


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
        for entry in site_chrome(request, site)["menu"]:
            items.append({**entry, "active": _is_active(request, entry["url"])})
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
        # computed once for the wide and the narrow menu
        "language_links": language_links(request, context.get("page")),
    }


@register.inclusion_tag("includes/site_footer.html", takes_context=True)
def site_footer(context):
    request = context.get("request")
    site = _site(request)
    empty = {"site_settings": None, "legal_links": [], "easy_language": None}
    chrome = site_chrome(request, site) if site is not None else empty
    return {
        "request": request,
        "site_settings": chrome["site_settings"],
        "legal_links": chrome["legal_links"],
        "easy_language": chrome["easy_language"],
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "CITY_NAME": settings.CITY_NAME,
    }


@register.inclusion_tag("home/includes/easy_language_link.html", takes_context=True)
def easy_language_link(context):
    """The start page's pointer to the page in Leichte Sprache."""
    request = context.get("request")
    site = _site(request)
    return {"easy_language": site_chrome(request, site)["easy_language"] if site is not None else None}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Plain links to this page in every other language (home/language_links.py)."""
    request = context.get("request")
    return {"links": language_links(request, context.get("page"))}


@register.inclusion_tag("includes/hreflang_links.html", takes_context=True)
def language_alternates(context):
    """<link rel="alternate" hreflang> for the page's translations (home/language_links.py; shared with the menu)."""
    return {"links": hreflang_links(context.get("request"), context.get("page"))}


@register.simple_tag(takes_context=True)
def home_slot(context, name):
    """Render a home-page slot from the Wagtail hook `home_<name>` (e.g. `home_featured_campaigns`).

    Each registered function is called as `fn(request, page)` and returns rendered, safe HTML or None; the results
    are joined in registration order. Apps fill the slots without editing the home page template.
    """
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
