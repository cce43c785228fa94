"""`{% load crisis_tags %}{% crisis_settings as crisis %}`: the crisis-mode settings of the request's site, read
without creating a row, from the cache of the navigation and footer (home.site_chrome)."""

from django import template

from wagtail.models import Site

from home.site_chrome import site_chrome

register = template.Library()


@register.simple_tag(takes_context=True)
def crisis_settings(context):
    request = context.get("request")
    if request is None:
        return None
    site = Site.find_for_request(request)
    if site is None:
        return None
    return site_chrome(request, site)["crisis"]  # cached with the navigation, dropped when a setting is saved
