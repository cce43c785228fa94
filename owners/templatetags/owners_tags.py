"""Template tags other apps may use without importing owners code: `{% load owners_tags %}`.

- `{% claim_link page %}`: "This is my business" link for a business page without owners (renders nothing else).
- `{% suggest_url %}`: URL of the public "suggest a favourite business" form.
- `{% owner_menu_items as items %}`: the dashboard's extra tabs, from the hook `owner_dashboard_menu_items` (so that
  plugin views rendering into the dashboard layout need no owners code).
- `{% owner_business_menus as menus %}`: per owned business its links (overview and the hook
  `owner_dashboard_business_menu_items`), the business on screen marked `current` (see owners/menu.py).
"""

from django import template
from django.urls import reverse

from directory.models import BusinessOwner
from owners.menu import business_menus
from owners.views import hook_menu_items

register = template.Library()


@register.inclusion_tag("owners/includes/claim_link.html")
def claim_link(page):
    show = bool(page and page.pk and page.live and not BusinessOwner.objects.filter(business_id=page.pk).exists())
    return {"show": show, "url": reverse("owners:claim", args=[page.pk]) if show else ""}


@register.simple_tag
def suggest_url():
    return reverse("owners:suggest")


@register.simple_tag(takes_context=True)
def owner_menu_items(context):
    request = context.get("request")
    return hook_menu_items(request) if request is not None else []


@register.simple_tag(takes_context=True)
def owner_business_menus(context):
    request = context.get("request")
    return business_menus(request) if request is not None else []
