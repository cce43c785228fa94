from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from wagtail import hooks

from commons.money import format_cents
from directory.campaign_status import state_badge
from fundraising import owner_links
from fundraising.legal import reward_class_text
from fundraising.progress import active_campaigns, summary_for, with_progress

register = template.Library()


@register.filter
def payment_class_text(reward):
    """What a reward is in law, for the pledge form (fundraising.legal)."""
    return reward_class_text(reward)


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
def campaign_picture(campaign, business=None, category=None):
    """The campaign's hero: its own picture, else the business's photo, else its category's illustration (a
    campaign without a business, e.g. for a group of businesses, names the `category` to draw; without one the
    default illustration)."""
    own = getattr(campaign, "image", None)
    photo = None
    if business is not None:
        business = business.specific  # the business page with its pictures and categories
    if own is None and business is not None:
        photo = next(iter(business.gallery_images.all()), None)
    return {
        "image": own or (photo.image if photo else None),
        "business": business,
        "category": category,
        "campaign": campaign,
    }


def _joined(parts):
    return mark_safe("".join(conditional_escape(part) for part in parts if part))  # noqa: S308 (each part escaped)


@register.simple_tag(takes_context=True)
def campaign_sections(context, page, progress):
    """What sub-apps add to a campaign page, through the `fundraising_campaign_page_sections` hook —
    `fn(request, page, progress) -> dict | None` with any of `summary` (HTML under the status), `story` (HTML under
    the story) and `top_up_cents` (money added on top of the pledges, e.g. the city's match, shown in the total).
    `{% campaign_sections page progress as sections %}`."""
    request = context.get("request")
    summary, story, top_up = [], [], 0
    for fn in hooks.get_hooks("fundraising_campaign_page_sections"):
        section = fn(request, page, progress) or {}
        summary.append(section.get("summary"))
        story.append(section.get("story"))
        top_up += int(section.get("top_up_cents") or 0)
    return {"summary": _joined(summary), "story": _joined(story), "top_up_cents": top_up}


@register.simple_tag(takes_context=True)
def thanks_sections(context, pledge):
    """What sub-apps add to the thank-you page (`fundraising_thanks_sections` hook: `fn(request, pledge) -> HTML`,
    e.g. outreach's offer to follow the campaign's updates)."""
    request = context.get("request")
    return _joined(fn(request, pledge) for fn in hooks.get_hooks("fundraising_thanks_sections"))


@register.simple_tag
def owner_business_url(business):
    """Back to the owner's screen of `business`: the URL name in FUNDRAISING_OWNER_BUSINESS_URL_NAME (the host's
    owners' dashboard, called with the business id), else the business's public page."""
    return owner_links.owner_business_url(business)


@register.simple_tag
def owner_dashboard_url(business):
    """The owner's dashboard (FUNDRAISING_OWNER_DASHBOARD_URL_NAME), else the owner's screen of `business`."""
    return owner_links.owner_dashboard_url(business)
