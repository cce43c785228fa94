"""The map's markers in a compact form (``/api/v1/markers.json``): what ``static/directory/map.js`` shows, a fifth
of the GeoJSON's bytes.

The public GeoJSON (``businesses.geojson``) keeps its shape for open-data users; the map needs less of it: no
service list, no category slugs, and names of categories, districts and campaigns once instead of per business.

    {
      "base": "https://example.org/",            URLs starting with it are given without it
      "categories": [[name, colour], …],         every category, in display order
      "districts": [name, …],
      "campaigns": [{title, url, state, state_label, badge_class, invites_support, days_left, raised_cents,
                     goal_cents, percent, supporters}, …],
      "markers": [[id, lat, lng, name, url, [category index, …], district index or null, flags,
                   campaign index or null], …]
    }

``flags``: 1 open now, 2 temporarily closed, 4 the point is the district's (approximate location). Markers come in
the order of the filters' sort (German alphabetical by default), only businesses with a public point, with the
same privacy rules as the GeoJSON (public_lat/public_lng only).
"""

from django.utils import timezone

from directory import hooks
from directory.models import AddressVisibility, BusinessPage, Category, District
from directory.opening_hours_logic import OpenChecker, rules_from_data
from directory.serializers import UrlBuilder, campaign_data, gc_paused, raw_rows

OPEN, CLOSED, APPROXIMATE = 1, 2, 4
FIELDS = ["pk", "title", "url_path", "district_id", "public_lat", "public_lng", "address_visibility"]
FIELDS += ["temporarily_closed", "hours_data"]


def marker_collection(queryset, request=None, moment=None):
    """The compact markers of the businesses in `queryset` (order kept); a fixed number of queries."""
    with gc_paused():
        return _build(queryset, request, moment)


def _build(queryset, request, moment):
    rows = [row for row in raw_rows(queryset, FIELDS) if row[4] is not None and row[5] is not None]
    categories = list(Category.objects.all())  # display order
    category_index = {c.pk: i for i, c in enumerate(categories)}
    districts = list(District.objects.all())
    district_index = {d.pk: i for i, d in enumerate(districts)}
    through = BusinessPage.categories.through
    pairs = through.objects.filter(businesspage_id__in=queryset.order_by().values("pk"))
    categories_of = {}
    for page_id, category_id in pairs.values_list("businesspage_id", "category_id"):
        if category_id in category_index:
            categories_of.setdefault(page_id, []).append(category_index[category_id])
    for indexes in categories_of.values():
        indexes.sort()
    summaries = hooks.campaign_summaries([row[0] for row in rows]) if rows else {}
    campaigns, campaign_index = [], {}
    for pk, summary in summaries.items():
        if summary:
            campaign_index[pk] = len(campaigns)
            campaigns.append(campaign_data(summary))
    url_for = UrlBuilder(request)
    base = ((url_for.roots[0].root_url if url_for.roots else "") or url_for.base or "") + "/"
    cut = len(base)
    open_checker = OpenChecker(moment or timezone.now())
    open_by_hours = {}
    exact = AddressVisibility.EXACT
    no_categories = []
    markers = []
    append = markers.append
    for pk, title, url_path, district_id, lat, lng, visibility, closed, hours in rows:
        if closed:
            flags = CLOSED
        else:
            is_open = open_by_hours.get(hours)
            if is_open is None:
                is_open = open_by_hours[hours] = bool(hours and open_checker(rules_from_data(hours)))
            flags = OPEN if is_open else 0
        if visibility != exact:
            flags |= APPROXIMATE
        url = url_for(url_path)
        if url and base and url.startswith(base):
            url = url[cut:]
        append(
            [
                pk,
                round(lat, 5),
                round(lng, 5),
                title,
                url,
                categories_of.get(pk, no_categories),
                district_index.get(district_id),
                flags,
                campaign_index.get(pk),
            ]
        )
    return {
        "base": base,
        "categories": [[c.display_name, c.colour] for c in categories],
        "districts": [d.name for d in districts],
        "campaigns": campaigns,
        "markers": markers,
    }
