"""What the directory asks other apps (fundraising) through Wagtail hooks — it never imports them.

See docs/DEVELOPING.md for the hook contracts. With no hook registered there is simply no campaign data.
"""

from wagtail import hooks


def campaign_summaries(business_ids):
    """{business_id: summary dict} from every `directory_campaign_summaries` hook (one query per hook)."""
    ids = list(business_ids)
    summaries = {}
    if not ids:
        return summaries
    for fn in hooks.get_hooks("directory_campaign_summaries"):
        summaries.update(fn(ids) or {})
    return summaries


def business_page_panels(request, page):
    """Rendered, safe HTML sections from every `directory_business_page_panels` hook (None results dropped).

    The business page is cached for anonymous visitors: panels must not depend on the visitor."""
    panels = [fn(request, page) for fn in hooks.get_hooks("directory_business_page_panels")]
    return [html for html in panels if html]


def active_campaign_querysets():
    """Querysets of BusinessPage ids with a live, active campaign (one per registered hook)."""
    return [fn() for fn in hooks.get_hooks("directory_active_campaign_business_ids")]
