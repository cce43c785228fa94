import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from commons.money import format_cents
from directory import illustrations
from directory.campaign_status import campaign_status as status_of

register = template.Library()


@register.filter
def getlist(data, key):
    """All values of a GET parameter (QueryDict.getlist), [] for a plain dict or nothing."""
    if hasattr(data, "getlist"):
        return data.getlist(key)
    value = (data or {}).get(key)
    return [value] if value else []


@register.filter
def euros(cents):
    """Integer cents as a localised euro amount without decimals when whole (commons.money.format_cents)."""
    if cents in (None, ""):
        return ""
    return format_cents(int(cents))


@register.filter
def local_time(moment):
    """HH:MM of an aware datetime in the city's time zone."""
    if not moment:
        return ""
    return timezone.localtime(moment).strftime("%H:%M")


@register.filter
def local_day(moment):
    """Weekday name (or date) of an aware datetime, relative to today in the city's time zone."""
    if not moment:
        return ""
    local = timezone.localtime(moment)
    return date_format(local, "l")


@register.simple_tag
def is_today(moment):
    return bool(moment) and timezone.localtime(moment).date() == timezone.localdate()


@register.inclusion_tag("directory/includes/campaign_status.html")
def campaign_status(summary, variant="card", cta=True, matched_cents=0, title=True):
    """THE component for a campaign's state, progress and call to action, everywhere (see directory.campaign_status).

    variant: "card" (a box on cards and the business page), "inline" (lists), "page" (the campaign's own page:
    big numbers, the city's top-up in one total). Ended or upcoming campaigns never show a call to support."""
    return {
        "summary": summary,
        "status": status_of(summary, matched_cents),
        "variant": variant,
        "cta": cta,
        "title": title,
    }


@register.filter
def json_ld(data):
    """A schema.org data block; escaped like json_script so that no content can close the script element."""

    json_str = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(json_str))  # noqa: S308


def _main_category(business):
    categories = list(business.categories.all())  # prefetched on lists
    return categories[0] if categories else None


@register.simple_tag
def category_tile(business_or_category, width=16, height=9):
    """The category's illustration on its colour (inline SVG): the picture of a business without a photo."""
    category = business_or_category
    if hasattr(business_or_category, "categories"):
        category = _main_category(business_or_category)
    return illustrations.tile(getattr(category, "icon", ""), getattr(category, "colour", ""), width, height)


@register.simple_tag
def business_photo(business):
    """The business's photo (the first picture of its gallery; owners upload it as "photo"), or None."""
    items = list(business.gallery_images.all())  # prefetched on lists
    return items[0].image if items else None
