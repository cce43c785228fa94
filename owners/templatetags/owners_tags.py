"""Template tags other apps may use without importing owners code: `{% load owners_tags %}`.

- `{% claim_link page %}`: "This is my business" link for a business page without owners (renders nothing else).
- `{% suggest_url %}`: URL of the public "suggest a favourite business" form.
"""

from django import template
from django.urls import reverse

from directory.models import BusinessOwner

register = template.Library()


@register.inclusion_tag("owners/includes/claim_link.html")
def claim_link(page):
    show = bool(page and page.pk and page.live and not BusinessOwner.objects.filter(business_id=page.pk).exists())
    return {"show": show, "url": reverse("owners:claim", args=[page.pk]) if show else ""}


@register.simple_tag
def suggest_url():
    return reverse("owners:suggest")
