from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import get_language

from commons.money import format_cents
from directory.campaign_status import state_badge
from fundraising.conf import conf
from fundraising.progress import active_campaigns, summary_for, with_progress

register = template.Library()


@register.filter
def cents(value):
    """Integer cents as a localised euro amount (decimals only when needed)."""
    try:
        return format_cents(int(value))
    except (TypeError, ValueError):
        return ""


@register.filter
def cents_exact(value):
    try:
        return format_cents(int(value), decimals=2)
    except (TypeError, ValueError):
        return ""


@register.simple_tag
def campaign_state_badge(state):
    """The state's badge, as everywhere else (directory.campaign_status is the one place that defines it)."""
    css, label = state_badge(state)
    return format_html('<span class="badge {}">{}</span>', css, label)


@register.inclusion_tag("fundraising/includes/featured_campaigns.html", takes_context=True)
def featured_campaigns(context, limit=3):
    """For the home page: active campaigns, those closest to their goal first."""

    campaigns = list(with_progress(active_campaigns().select_related("business_page")).order_by("end_date")[:20])
    summaries = [summary_for(c) | {"business": c.business_page.title if c.business_page_id else ""} for c in campaigns]
    summaries.sort(key=lambda s: -s["percent"])
    return {"campaigns": summaries[: int(limit)], "request": context.get("request")}


@register.filter
def cents_input(value):
    """Cents as a plain decimal for an input field, e.g. 1250 -> '12,50' (German) / '12.50'."""

    try:
        value = int(value)
    except (TypeError, ValueError):
        return ""
    separator = "." if (get_language() or "de").startswith("en") else ","
    return f"{value // 100}{separator}{value % 100:02d}"


@register.inclusion_tag("fundraising/includes/campaign_picture.html")
def campaign_picture(campaign, business=None):
    """The campaign's hero: its own picture, else the business's photo, else its category's illustration."""
    own = getattr(campaign, "image", None)
    photo = None
    if business is not None:
        business = business.specific  # the business page with its pictures and categories
    if own is None and business is not None:
        photo = next(iter(business.gallery_images.all()), None)
    return {"image": own or (photo.image if photo else None), "business": business, "campaign": campaign}


@register.simple_tag
def owner_business_url(business):
    """Back to the owner's screen of `business`: the URL name in FUNDRAISING_OWNER_BUSINESS_URL_NAME (the host's
    owners' dashboard, called with the business id), else the business's public page."""
    name = conf.get("FUNDRAISING_OWNER_BUSINESS_URL_NAME")
    if name:
        try:
            return reverse(name, args=[business.pk])
        except NoReverseMatch:
            pass
    return business.url or ""
