"""Wagtail's page view with a fallback to the source language (issue 18).

`/en/…` is routed through the English page tree. Where a page (or one of its ancestors) has no English translation
yet, the path is routed through the default language's tree instead: the German page is served inside the English
interface (its content marked lang="de" by the templates) – never hidden, never a 404. When the page found there
does have a translation in the visitor's language, the visitor is sent to it (302: translations come and go).
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import translation

from wagtail import hooks
from wagtail.models import Locale, Site
from wagtail.views import serve as wagtail_serve
from wagtail.views import serve_chain

from cms.site_memo import remember_site
from commons.page_language import active_language


def _route_in_default_language(request, path):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    root = site.root_page
    default_locale = Locale.get_default()
    if root.locale_id != default_locale.pk:
        root = root.get_translation_or_none(default_locale) or root
    components = [component for component in path.split("/") if component]
    return root.specific.route(request, components)


def serve_with_fallback(request, path):
    remember_site(request)
    try:
        return wagtail_serve(request, path)
    except Http404:
        # Only a path the visitor's page tree does not have falls back; a page that answered 404 itself stays 404.
        if active_language() == settings.LANGUAGE_CODE or getattr(request, "_wagtail_route_for_request", None):
            raise
    page, args, kwargs = _route_in_default_language(request, path)  # raises Http404 when nothing is there either
    translated = page.get_translation_or_none(Locale.get_active())
    if translated is not None and translated.live and not args:
        with translation.override(active_language()):
            url = translated.get_url(request=request)
        if url:
            return redirect(url)
    request._wagtail_route_for_request = (page, args, kwargs)
    on_serve_chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        on_serve_chain = fn(on_serve_chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return on_serve_chain(page, request, args, kwargs)
