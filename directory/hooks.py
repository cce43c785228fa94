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


LAYER_STATES = ("upcoming", "active", "ended")


def map_layers(request):
    """Highlight layers for the map from every `directory_map_layers` hook (e.g. collective campaigns), checked and
    normalised: [{id, title, url, state, initiator, start_date, end_date, beneficiaries: {business_id: share_cents
    or None}}]. Layers with an id seen before, without a title or with an unknown state are dropped.

    The map page is cached for anonymous visitors: layers must not depend on the visitor."""
    layers, seen = [], set()
    for fn in hooks.get_hooks("directory_map_layers"):
        for raw in fn(request) or []:
            try:
                layer_id = int(raw["id"])
                beneficiaries = {
                    int(pk): (None if (info or {}).get("share_cents") is None else int(info["share_cents"]))
                    for pk, info in (raw.get("beneficiaries") or {}).items()
                }
            except (KeyError, TypeError, ValueError):
                continue
            if layer_id in seen or not raw.get("title") or raw.get("state") not in LAYER_STATES:
                continue
            seen.add(layer_id)
            layers.append(
                {
                    "id": layer_id,
                    "title": str(raw["title"]),
                    "url": raw.get("url") or "",
                    "state": raw["state"],
                    "initiator": raw.get("initiator") or "",
                    "start_date": raw.get("start_date"),
                    "end_date": raw.get("end_date"),
                    "beneficiaries": beneficiaries,
                }
            )
    return layers
