from django import template

from home.models import SiteSettings
from privacy.retention import periods

register = template.Library()


@register.inclusion_tag("privacy/includes/retention.html", takes_context=True)
def retention_notice(context, page):
    """The retention periods from the settings, on the site's privacy page (Settings → Site settings) and on each of
    its translations (same translation key), and nowhere else."""
    request = context.get("request")
    show = False
    if request is not None and page is not None:
        site_settings = SiteSettings.for_request(request)
        privacy_id = site_settings.privacy_page_id
        show = privacy_id == page.pk or (
            privacy_id is not None
            and getattr(page, "translation_key", None) is not None
            and site_settings.privacy_page.translation_key == page.translation_key
        )
    return {"show": show, "periods": periods()}
