"""`{% load crisis_tags %}{% crisis_settings as crisis %}`: the crisis-mode settings of the request's site, read
without creating a row (see home.models.CrisisSettings.current)."""

from django import template

from home.models import CrisisSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def crisis_settings(context):
    request = context.get("request")
    return CrisisSettings.current(request) if request is not None else None
