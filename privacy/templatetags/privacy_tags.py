from django import template

from home.models import SiteSettings
from privacy.retention import periods

register = template.Library()


@register.inclusion_tag("privacy/includes/retention.html", takes_context=True)
def retention_notice(context, page):
    """The retention periods from the settings, on the site's privacy page only (Settings → Site settings)."""
    request = context.get("request")
    show = False
    if request is not None and page is not None:
        show = SiteSettings.for_request(request).privacy_page_id == page.pk
    return {"show": show, "periods": periods()}
