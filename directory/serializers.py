"""Plain-data views of published businesses for the API, the GeoJSON, the CSV export and the map.

Built from `.values()` rows plus a fixed number of bulk queries (categories, districts, hours, campaigns), so the
cost does not grow in queries with the number of businesses, and 5,000 businesses build quickly.

Privacy: only `public_lat`/`public_lng` leave this module. For "district only" businesses those are a stable
privacy point, and their street address and postcode are left out too.
"""

from django.utils import timezone

from wagtail.models import Site

from directory import hooks
from directory.filters import SERVICES
from directory.models import AddressVisibility, BusinessPage, Category, District
from directory.opening_hours_logic import is_open, load_rules

VALUE_FIELDS = [
    "pk",
    "title",
    "slug",
    "url_path",
    "short_description",
    "district_id",
    "public_lat",
    "public_lng",
    "address_visibility",
    "street",
    "postcode",
    "city",
    "phone",
    "website",
    "shop_url",
    "temporarily_closed",
    "first_published_at",
    "last_published_at",
    *[attr for attr, _label in SERVICES.values()],
]


class UrlBuilder:
    """Page URLs from url_path without one query per page (same result as Page.get_full_url for the default
    language)."""

    def __init__(self, request=None):
        self.roots = sorted(Site.get_site_root_paths(), key=lambda r: len(r.root_path), reverse=True)
        self.base = request.build_absolute_uri("/").rstrip("/") if request is not None else None

    def __call__(self, url_path):
        for root in self.roots:
            if url_path.startswith(root.root_path):
                rest = url_path[len(root.root_path) :]
                root_url = root.root_url if root.root_url else (self.base or "")
                return f"{root_url}/{rest}"
        return None


def build_records(queryset, request=None, moment=None, with_campaigns=True):
    """A list of dicts, one per business in `queryset` (order kept)."""
    moment = moment or timezone.now()
    rows = list(queryset.values(*VALUE_FIELDS))
    ids_qs = queryset.order_by().values("pk")
    districts = {d.pk: d for d in District.objects.all()}
    categories = {c.pk: c for c in Category.objects.all()}
    through = BusinessPage.categories.through
    category_ids = {}
    for page_id, category_id in through.objects.filter(businesspage_id__in=ids_qs).values_list(
        "businesspage_id", "category_id"
    ):
        category_ids.setdefault(page_id, []).append(category_id)
    rules = load_rules(queryset)
    summaries = hooks.campaign_summaries([row["pk"] for row in rows]) if with_campaigns and rows else {}
    url_for = UrlBuilder(request)
    records = []
    for row in rows:
        exact = row["address_visibility"] == AddressVisibility.EXACT
        district = districts.get(row["district_id"])
        cats = sorted(
            (categories[cid] for cid in category_ids.get(row["pk"], []) if cid in categories),
            key=lambda c: (c.sort_order, c.name),
        )
        rule = rules.get(row["pk"])
        records.append(
            {
                "id": row["pk"],
                "name": row["title"],
                "url": url_for(row["url_path"]),
                "short_description": row["short_description"],
                "categories": [c.slug for c in cats],
                "category_names": [c.display_name for c in cats],
                "colour": cats[0].colour if cats else "#1d4ed8",
                "district": district.slug if district else None,
                "district_name": district.name if district else None,
                "street": row["street"] if exact else None,
                "postcode": row["postcode"] if exact else None,
                "city": row["city"],
                "location_precision": "exact" if exact else "district",
                "lat": row["public_lat"],
                "lng": row["public_lng"],
                "phone": row["phone"] or None,
                "website": row["website"] or None,
                "shop_url": row["shop_url"] or None,
                "services": [key for key, (attr, _label) in SERVICES.items() if row[attr]],
                "temporarily_closed": row["temporarily_closed"],
                "open_now": bool(rule and is_open(rule, moment)),
                "campaign": _campaign(summaries.get(row["pk"])),
                "updated_at": row["last_published_at"].isoformat() if row["last_published_at"] else None,
            }
        )
    return records


CAMPAIGN_KEYS = ("title", "url", "state", "raised_cents", "goal_cents", "percent", "supporters", "days_left")


def _campaign(summary):
    if not summary:
        return None
    return {key: summary.get(key) for key in CAMPAIGN_KEYS}


def geojson_feature(record):
    props = {k: v for k, v in record.items() if k not in ("lat", "lng")}
    return {
        "type": "Feature",
        "id": record["id"],
        "geometry": {"type": "Point", "coordinates": [round(record["lng"], 5), round(record["lat"], 5)]},
        "properties": props,
    }


def geojson(records):
    return {
        "type": "FeatureCollection",
        "features": [geojson_feature(r) for r in records if r["lat"] is not None and r["lng"] is not None],
    }


CSV_COLUMNS = [
    "id",
    "name",
    "url",
    "categories",
    "district",
    "street",
    "postcode",
    "city",
    "location_precision",
    "lat",
    "lng",
    "phone",
    "website",
    "shop_url",
    "services",
    "temporarily_closed",
    "updated_at",
]


def csv_safe(value):
    """Neutralise spreadsheet formulas (CSV injection): a cell starting with = + - @ or a tab gets a quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    value = str(value)
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def csv_rows(records):
    yield CSV_COLUMNS
    for record in records:
        yield [csv_safe(record[c]) for c in CSV_COLUMNS]
