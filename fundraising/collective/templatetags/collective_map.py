"""{% collective_map_url page as map_url %}: the city map with this campaign's layer chosen (?aktion=<id>)."""

import datetime
from urllib.parse import urlencode

from django import template
from django.utils import timezone

from directory.models import MapPage

from ..map_layer import RECENT_DAYS

register = template.Library()


@register.simple_tag(takes_context=True)
def collective_map_url(context, page):
    """The map's URL with the campaign's layer chosen, or "" when the map would not show the campaign."""

    if not getattr(page, "pk", None) or not page.live:
        return ""
    if page.end_date < timezone.localdate() - datetime.timedelta(days=RECENT_DAYS):
        return ""
    map_page = MapPage.objects.live().public().first()
    if map_page is None:
        return ""
    url = map_page.get_url(context.get("request"))
    return f"{url}?{urlencode({'aktion': page.pk})}" if url else ""
