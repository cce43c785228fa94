"""One set of canonical, Open Graph and Twitter tags for every page type (`{% social_meta %}` in base.html).

Pages and views only add facts to their context — `og_image` (a URL, relative or absolute), `og_type`,
`og_title`, `og_description` — and never write meta tags themselves. Every URL is absolute and built from the
`BASE_URL` setting (the public address), never from the request's host, so a page rendered behind a proxy or on
a developer's machine shares the address people can open.
"""

from urllib.parse import urljoin

from django import template
from django.conf import settings

register = template.Library()


def absolute(url):
    """`url` made absolute against BASE_URL; absolute URLs are kept."""
    if not url:
        return ""
    return urljoin(settings.BASE_URL.rstrip("/") + "/", str(url))


def canonical_url(context):
    """The page's public address: a Wagtail page's own URL, or the request's path (without query) otherwise."""
    page = context.get("page") or context.get("self")
    request = context.get("request")
    url = ""
    if page is not None and getattr(page, "pk", None) and hasattr(page, "get_url"):
        url = page.get_url(request=request) or ""
    if not url and request is not None:
        url = request.path
    return absolute(url)


@register.inclusion_tag("includes/social_meta.html", takes_context=True)
def social_meta(context):
    page = context.get("page") or context.get("self")
    title = context.get("og_title") or getattr(page, "seo_title", "") or getattr(page, "title", "")
    description = (
        context.get("og_description")
        or getattr(page, "search_description", "")
        or getattr(page, "short_description", "")
        or getattr(page, "introduction", "")
    )
    image = absolute(context.get("og_image"))
    return {
        "site_name": f"{settings.PLATFORM_NAME} {settings.CITY_NAME}",
        "og_type": context.get("og_type") or "website",
        "title": title or settings.PLATFORM_NAME,
        "description": str(description)[:300],
        "url": canonical_url(context),
        "image": image,
        "image_alt": context.get("og_image_alt") or title,
        "image_size": context.get("og_image_size") or ((1200, 630) if image else None),
    }
