"""Plain-data views of published businesses for the API, the GeoJSON, the CSV export and the map.

Built from `.values()` rows plus a fixed number of bulk queries (categories, districts, hours, campaigns), so the
cost does not grow in queries with the number of businesses, and 5,000 businesses build quickly.

Privacy: only `public_lat`/`public_lng` leave this module. For "district only" businesses those are a stable
privacy point, and their street address and postcode are left out too.
"""

import gc

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import CharField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site

from directory import hooks
from directory.campaign_status import campaign_status
from directory.filters import SERVICES
from directory.models import AddressVisibility, BusinessPage, Category, District
from directory.opening_hours_logic import OpenChecker, rules_from_data

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
    *[attr for attr, _label in SERVICES.values()],
]
# The columns a lean record reads (no text read only by the list API and the CSV, no timestamp cast).
LEAN_VALUE_FIELDS = [
    "pk",
    "title",
    "url_path",
    "district_id",
    "public_lat",
    "public_lng",
    "address_visibility",
    "temporarily_closed",
    *[attr for attr, _label in SERVICES.values()],
]
# What the map and the GeoJSON need (the full-city GeoJSON is built for thousands of businesses).
LEAN_KEYS = (
    "id",
    "name",
    "url",
    "categories",
    "category_names",
    "colour",
    "district",
    "district_name",
    "location_precision",
    "lat",
    "lng",
    "services",
    "temporarily_closed",
    "open_now",
    "campaign",
)


class UrlBuilder:
    """Page URLs from url_path without one query per page: absolute like Page.get_full_url (default language), or,
    with `relative=True` on a single-site installation, relative in the active language (like {% pageurl %})."""

    def __init__(self, request=None, relative=False):
        self.roots = sorted(Site.get_site_root_paths(), key=lambda r: len(r.root_path), reverse=True)
        self.base = request.build_absolute_uri("/").rstrip("/") if request is not None else None
        self.relative_prefix = reverse("wagtail_serve", args=[""]) if relative and len(self.roots) == 1 else None

    def __call__(self, url_path):
        for root in self.roots:
            if url_path.startswith(root.root_path):
                rest = url_path[len(root.root_path) :]
                if self.relative_prefix is not None:
                    return f"{self.relative_prefix}{rest}"
                root_url = root.root_url if root.root_url else (self.base or "")
                return f"{root_url}/{rest}"
        return None


def build_records(queryset, request=None, moment=None, with_campaigns=True, lean=False, relative_urls=False):
    """A list of dicts, one per business in `queryset` (order kept); `lean` leaves out what only the list API and
    the CSV need (description, street, contact, updated_at) — the GeoJSON and the map use it.

    The cyclic garbage collector is paused while the records are built: tens of thousands of small containers are
    allocated and none of them form cycles, and collections triggered by those allocations cost more than half of
    the full-city build time.
    """
    with gc_paused():
        return _build_records(queryset, request, moment, with_campaigns, lean, relative_urls)


def geojson_collection(queryset, request=None, moment=None):
    """The same as ``geojson(build_records(queryset, request, moment, lean=True))``, built in one pass: each
    feature's properties are made directly instead of copying a record (the full-city GeoJSON has thousands)."""
    with gc_paused():
        return {
            "type": "FeatureCollection",
            "features": _build_records(queryset, request, moment, True, True, False, as_features=True),
        }


class gc_paused:
    """Pauses the cyclic garbage collector (see build_records)."""

    def __enter__(self):
        self.enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        if self.enabled:
            gc.enable()


def raw_rows(queryset, fields):
    """The rows of ``queryset.values_list(*fields)`` as the database driver returns them: one query, without
    Django's per-value converters (booleans stay 0/1 on SQLite, so callers test them for truth or call bool()),
    which were a large part of the full-city build. Columns come in the order of `fields` (annotations named last,
    as Django selects them); columns the database needs beyond them (ORDER BY terms of a DISTINCT query) are cut."""
    values = queryset.values_list(*fields)
    query = values.query
    if list(query.extra_select) or [*query.values_select, *query.annotation_select] != list(fields):
        raise ValueError(f"raw_rows cannot keep the order of {fields}")  # values_list would reorder them
    try:
        sql, params = query.get_compiler(values.db).as_sql()
    except EmptyResultSet:
        return []
    with connections[values.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    width = len(fields)
    if rows and len(rows[0]) > width:
        return [row[:width] for row in rows]
    return rows


def _category_lookup(category_ids):
    """{page id: (slugs, names, colour)} with the category lists of each distinct combination built once (shared,
    read-only) and the categories in their display order."""
    categories = list(Category.objects.all())  # ordered by (sort_order, name)
    rank = {c.pk: position for position, c in enumerate(categories)}
    info = {c.pk: (c.slug, c.display_name, c.colour) for c in categories}
    combinations = {}
    by_page = {}
    for page_id, ids in category_ids.items():
        key = tuple(ids)
        entry = combinations.get(key)
        if entry is None:
            known = sorted((cid for cid in ids if cid in info), key=rank.__getitem__)
            entry = combinations[key] = (
                [info[cid][0] for cid in known],
                [info[cid][1] for cid in known],
                info[known[0]][2] if known else DEFAULT_COLOUR,
            )
        by_page[page_id] = entry
    return by_page


DEFAULT_COLOUR = "#1d4ed8"
NO_CATEGORIES = ([], [], DEFAULT_COLOUR)


def _build_records(queryset, request, moment, with_campaigns, lean, relative_urls, as_features=False):
    fields = LEAN_VALUE_FIELDS if lean else VALUE_FIELDS
    if lean:
        rows = raw_rows(queryset, [*fields, "hours_data"])
    else:
        rows = raw_rows(
            queryset.annotate(updated=Cast("last_published_at", output_field=CharField())),
            [*fields, "hours_data", "updated"],
        )
    col = {name: index for index, name in enumerate([*fields, "hours_data", "updated"])}
    i_pk, i_title, i_url_path, i_district = col["pk"], col["title"], col["url_path"], col["district_id"]
    i_lat, i_lng, i_visibility, i_closed, i_hours = (
        col["public_lat"],
        col["public_lng"],
        col["address_visibility"],
        col["temporarily_closed"],
        col["hours_data"],
    )
    districts = {d.pk: (d.slug, d.name) for d in District.objects.all()}
    no_district = (None, None)
    through = BusinessPage.categories.through
    pairs = through.objects.filter(businesspage_id__in=queryset.order_by().values("pk"))
    category_ids = {}
    for page_id, category_id in pairs.values_list("businesspage_id", "category_id"):
        category_ids.setdefault(page_id, []).append(category_id)
    categories_of = _category_lookup(category_ids)
    summaries = hooks.campaign_summaries([row[i_pk] for row in rows]) if with_campaigns and rows else {}
    campaigns = {pk: campaign_data(summary) for pk, summary in summaries.items() if summary}
    url_for = UrlBuilder(request, relative=relative_urls)
    # "Open now" depends only on the hours (the same text for many businesses) at this one moment.
    open_checker = OpenChecker(moment or timezone.now())
    open_by_hours = {}
    service_cols = [(key, col[attr]) for key, (attr, _label) in SERVICES.items()]
    service_indexes = [index for _key, index in service_cols]
    services_by_flags = {}
    exact_value = AddressVisibility.EXACT
    records = []
    append = records.append
    for row in rows:
        pk = row[i_pk]
        lat, lng = row[i_lat], row[i_lng]
        if as_features and (lat is None or lng is None):
            continue  # a feature needs a point (as geojson() filters)
        exact = row[i_visibility] == exact_value
        district_slug, district_name = districts.get(row[i_district], no_district)
        slugs, names, colour = categories_of.get(pk, NO_CATEGORIES)
        flags = tuple([bool(row[index]) for index in service_indexes])
        services = services_by_flags.get(flags)
        if services is None:
            services = services_by_flags[flags] = [
                key for (key, _index), on in zip(service_cols, flags, strict=True) if on
            ]
        closed = bool(row[i_closed])
        if closed:
            open_now = False
        else:
            hours = row[i_hours]
            open_now = open_by_hours.get(hours)
            if open_now is None:
                open_now = open_by_hours[hours] = bool(hours and open_checker(rules_from_data(hours)))
        if as_features:
            # The keys of a lean record, in the same order, without lat/lng (see geojson_feature). The lists are
            # shared between features (serialized at once, never changed).
            append(
                {
                    "type": "Feature",
                    "id": pk,
                    "geometry": {"type": "Point", "coordinates": [round(lng, 5), round(lat, 5)]},
                    "properties": {
                        "id": pk,
                        "name": row[i_title],
                        "url": url_for(row[i_url_path]),
                        "categories": slugs,
                        "category_names": names,
                        "colour": colour,
                        "district": district_slug,
                        "district_name": district_name,
                        "location_precision": "exact" if exact else "district",
                        "services": services,
                        "temporarily_closed": closed,
                        "open_now": open_now,
                        "campaign": campaigns.get(pk),
                    },
                }
            )
            continue
        record = {
            "id": pk,
            "name": row[i_title],
            "url": url_for(row[i_url_path]),
            "categories": list(slugs),
            "category_names": list(names),
            "colour": colour,
            "district": district_slug,
            "district_name": district_name,
            "location_precision": "exact" if exact else "district",
            "lat": lat,
            "lng": lng,
            "services": list(services),
            "temporarily_closed": closed,
            "open_now": open_now,
            "campaign": campaigns.get(pk),
        }
        if not lean:
            record.update(
                short_description=row[col["short_description"]],
                street=row[col["street"]] if exact else None,
                postcode=row[col["postcode"]] if exact else None,
                city=row[col["city"]],
                phone=row[col["phone"]] or None,
                website=row[col["website"]] or None,
                shop_url=row[col["shop_url"]] or None,
                updated_at=_utc_text(row[col["updated"]]),
            )
        append(record)
    return records


def _utc_text(value):
    """ISO 8601 (UTC) from a timestamp read as text: SQLite gives "2026-11-25 09:36:52.29", PostgreSQL (session
    time zone UTC under USE_TZ) "2026-11-25 09:36:52.29+00". Read as text because per-row datetime conversion was
    a large part of the full-city GeoJSON build time."""
    if not value:
        return None
    return value[:19].replace(" ", "T") + "Z"


CAMPAIGN_KEYS = ("title", "url", "state", "raised_cents", "goal_cents", "percent", "supporters", "days_left")


def campaign_data(summary):
    if not summary:
        return None
    status = campaign_status(summary)
    data = {key: summary.get(key) for key in CAMPAIGN_KEYS}
    # What the state means for a visitor (directory.campaign_status): map popups show no call to support for an
    # ended campaign, and no "0 days left".
    data.update(
        state_label=status["label"],
        badge_class=status["badge_class"],
        invites_support=status["invites_support"],
        days_left=status["days_left"],
    )
    return data


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


def csv_rows(records):
    """The data rows of the open-data CSV (header: CSV_COLUMNS), as typed values for `commons.csv_export`:
    coordinates stay numbers (negative ones too), lists become space-separated text."""
    for record in records:
        values = (record.get(column) for column in CSV_COLUMNS)
        yield [" ".join(map(str, value)) if isinstance(value, list) else value for value in values]
