"""The public read API, /api/v1/ (django-ninja, which ships with Wagtail 8; OpenAPI at /api/v1/openapi.json).

Every endpoint takes the directory's filters (see directory.filters) as GET parameters. Unknown values answer
400 with a clear message. Responses are cached (directory.cache) and dropped on publish/unpublish/delete and on
pledges. Only live pages are ever read, so drafts never leak; "district only" businesses never expose their
exact coordinates or street address.
"""

import math

import orjson
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import ValidationError as NinjaValidationError

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count
from django.http import HttpResponse, JsonResponse
from django.utils import translation

from commons.csv_export import OPEN_DATA, csv_text
from directory.cache import available_codings, get_or_build, get_or_build_encoded
from directory.filters import SERVICES, SORTS, DirectoryFilterSet, filter_businesses, order_businesses
from directory.markers import marker_collection
from directory.models import BusinessPage, Category, District
from directory.serializers import CSV_COLUMNS, build_records, csv_rows, geojson_collection
from directory.views_support import data_attributions

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

api = NinjaAPI(
    title="Wir stehen hinter dir – directory API",
    version="1",
    description=(
        "Read-only open data about the local businesses of the platform. Filters: q, category (repeatable), "
        "district (repeatable), service (repeatable: " + ", ".join(SERVICES) + "), open=1, campaign=1, sort "
        "(" + ", ".join(SORTS) + "). Unknown values answer 400. Businesses that only show their district have "
        "no street address and their coordinates are a stable point near the district centre."
    ),
    urls_namespace="directory_api",
    docs_url=None,  # Swagger UI would load from a CDN; the schema itself is at openapi.json
)


class BadRequest(Exception):
    def __init__(self, messages):
        self.messages = messages


@api.exception_handler(BadRequest)
def bad_request(request, exc):
    return JsonResponse({"detail": exc.messages}, status=400)


@api.exception_handler(NinjaValidationError)
def invalid_parameters(request, exc):
    messages = []
    for error in exc.errors:
        location = ".".join(str(part) for part in error.get("loc", []) if part not in ("query", "filters"))
        messages.append(f"{location}: {error.get('msg', 'invalid value')}")
    return JsonResponse({"detail": messages}, status=400)


# Schemas (documentation and tests; responses are built as plain data and cached) -------------------------------


class Filters(Schema):
    q: str | None = Field(None, max_length=200, description="Full-text search")
    category: list[str] | None = Field(None, description="Category slug (repeatable)")
    district: list[str] | None = Field(None, description="District slug (repeatable)")
    service: list[str] | None = Field(None, description="Service (repeatable, all must apply)")
    open: str | None = Field(None, description="1 = open now")
    campaign: str | None = Field(None, description="1 = has an active campaign")
    sort: str | None = Field(None, description="Sort order")


class CampaignOut(Schema):
    title: str | None = None
    url: str | None = None
    state: str | None = None
    raised_cents: int | None = None
    goal_cents: int | None = None
    percent: float | None = None
    supporters: int | None = None
    days_left: int | None = None  # only while the campaign takes support (directory.campaign_status)
    state_label: str | None = None
    invites_support: bool | None = None


class BusinessOut(Schema):
    id: int
    name: str
    url: str | None
    short_description: str
    categories: list[str]
    category_names: list[str]
    colour: str
    district: str | None
    district_name: str | None
    street: str | None
    postcode: str | None
    city: str
    location_precision: str
    lat: float | None
    lng: float | None
    phone: str | None
    website: str | None
    shop_url: str | None
    services: list[str]
    temporarily_closed: bool
    open_now: bool
    campaign: CampaignOut | None
    updated_at: str | None


class BusinessPageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[BusinessOut]


class GeometryOut(Schema):
    type: str
    coordinates: list[float]


class FeatureOut(Schema):
    type: str
    id: int
    geometry: GeometryOut
    properties: dict


class AttributionOut(Schema):
    attribution: str
    licence: str
    url: str


class FeatureCollectionOut(Schema):
    type: str
    features: list[FeatureOut]
    attribution: list[AttributionOut] | None = None  # licences of imported data (ODbL for OpenStreetMap)


class MarkersOut(Schema):
    """Compact markers for the map (see directory.markers): each marker is [id, lat, lng, name, url, [category
    index, …], district index or null, flags (1 open now, 2 temporarily closed, 4 approximate location), campaign
    index or null]; a url without a scheme continues `base`."""

    base: str
    categories: list[list[str]]
    districts: list[str]
    campaigns: list[dict]
    markers: list[list]
    attribution: list[AttributionOut] | None = None


class CategoryOut(Schema):
    slug: str
    name: str
    name_en: str
    icon: str
    colour: str
    count: int


class DistrictOut(Schema):
    slug: str
    name: str
    lat: float
    lng: float
    count: int


class ErrorOut(Schema):
    detail: list[str]


# Helpers -------------------------------------------------------------------------------------------------------


def _filtered(request):
    """(cleaned filter data, cache-key params); raises BadRequest. Uses no query when the taxonomy is cached."""
    categories, districts = get_or_build(
        "taxonomy", [], lambda: (list(Category.objects.all()), list(District.objects.all()))
    )
    form = DirectoryFilterSet(request.GET, categories=categories, districts=districts).form
    if not form.is_valid():
        raise BadRequest(form.error_messages_flat())
    data = form.cleaned_data
    params = [(key, ",".join(sorted(value)) if isinstance(value, list) else value) for key, value in data.items()]
    return data, params


def _queryset(data):
    """Live, public businesses matching the filters, in the requested order (built only on a cache miss)."""
    queryset = BusinessPage.objects.live().public()
    queryset, search_order = filter_businesses(queryset, data)
    sort = data.get("sort") or ("relevance" if data.get("q") else "name")
    return order_businesses(queryset, sort, search_order)


_ENCODER = DjangoJSONEncoder()
# Dates, times and dataclasses go to DjangoJSONEncoder as before (the same text as json.dumps with it); orjson
# writes compact UTF-8 like json.dumps(ensure_ascii=False, separators=(",", ":")), about eight times as fast.
_ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def _json(payload, status=200):
    return orjson.dumps(payload, default=_ENCODER.default, option=_ORJSON_OPTIONS)


def _response(body, content_type="application/json"):
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = "public, max-age=60"
    response["Access-Control-Allow-Origin"] = "*"  # open data
    return response


def _coding(request):
    """The best content coding the client accepts: brotli, gzip, or none (q=0 refuses a coding)."""
    accepted = set()
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "")[:200].split(","):
        token, _sep, params = part.strip().lower().partition(";")
        quality = params.strip().removeprefix("q=")
        if token and not (params and quality.replace(".", "").replace("0", "") == ""):
            accepted.add(token)
    for coding in available_codings():
        if coding in accepted or (coding != "identity" and "*" in accepted):
            return coding
    return "identity"


def _etag_matches(request, etag):
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not header:
        return False
    if header.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == bare for tag in header[:2000].split(","))


def _encoded_response(request, name, params, build, content_type="application/json"):
    """The cached body in the best coding the client accepts, with an ETag; 304 when If-None-Match matches.

    The response is not stored again by the public page cache (whose key does not hold the coding): the directory
    cache already holds every coding of it. ``X-Directory-Cache: hit|miss`` tells operators which it was."""
    coding = _coding(request)
    etag, body, hit = get_or_build_encoded(name, params, build, coding)
    if _etag_matches(request, etag):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=content_type)
        if coding != "identity":
            response["Content-Encoding"] = coding
    response["ETag"] = etag
    response["X-Directory-Cache"] = "hit" if hit else "miss"
    response["Vary"] = "Accept-Encoding"
    response["Cache-Control"] = "public, max-age=60"
    response["Access-Control-Allow-Origin"] = "*"  # open data
    response.public_cache = False
    return response


def _language(request):
    lang = request.GET.get("lang")
    return lang if lang in ("de", "en") else "de"


# Endpoints -----------------------------------------------------------------------------------------------------


@api.get(
    "/businesses/",
    response={200: BusinessPageOut, 400: ErrorOut},
    summary="Published businesses, paginated",
    url_name="businesses",
)
def businesses(
    request,
    filters: Query[Filters],
    page: int = Query(1, ge=1, le=1_000_000),
    page_size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
):
    data, params = _filtered(request)

    def build():
        queryset = _queryset(data)
        count = queryset.count()
        pages = max(1, math.ceil(count / page_size))
        if page > pages:
            raise BadRequest([f"page: {page} is out of range (1–{pages})."])
        start = (page - 1) * page_size
        ids = list(queryset.values_list("pk", flat=True)[start : start + page_size])
        with translation.override(_language(request)):
            records = build_records(BusinessPage.objects.filter(pk__in=ids), request)
        position = {pk: i for i, pk in enumerate(ids)}
        records.sort(key=lambda record: position[record["id"]])
        base = request.build_absolute_uri(request.path)
        query = request.GET.copy()

        def link(number):
            query["page"] = str(number)
            return f"{base}?{query.urlencode()}"

        payload = {
            "count": count,
            "page": page,
            "pages": pages,
            "page_size": page_size,
            "next": link(page + 1) if page < pages else None,
            "previous": link(page - 1) if page > 1 else None,
            "results": records,
        }
        return _json(payload)

    key_params = [*params, ("page", page), ("page_size", page_size), ("lang", _language(request))]
    return _encoded_response(request, "businesses", key_params, build)


@api.get(
    "/businesses.geojson",
    response={200: FeatureCollectionOut, 400: ErrorOut},
    summary="Published businesses as a GeoJSON FeatureCollection",
    url_name="businesses_geojson",
)
def businesses_geojson(request, filters: Query[Filters]):
    return _map_data_response(request, "geojson", geojson_collection, "application/geo+json")


@api.get(
    "/markers.json",
    response={200: MarkersOut, 400: ErrorOut},
    summary="Compact map markers of the published businesses (the map's data; same filters as the GeoJSON)",
    url_name="markers",
)
def markers(request, filters: Query[Filters]):
    return _map_data_response(request, "markers", marker_collection)


def _map_data_response(request, name, collect, content_type="application/json"):
    """The filtered businesses as `collect(queryset, request)` (GeoJSON or the compact markers), in the request's
    language, with the data licences of imported listings as an "attribution" member (a GeoJSON foreign member)."""
    data, params = _filtered(request)

    def build():
        with translation.override(_language(request)):
            queryset = _queryset(data)
            payload = collect(queryset, request)
            attributions = data_attributions(queryset)
            if attributions:
                payload["attribution"] = attributions
            return _json(payload)

    return _encoded_response(request, name, [*params, ("lang", _language(request))], build, content_type)


@api.get(
    "/businesses.csv",
    response={200: str, 400: ErrorOut},
    summary="Open-data export of the directory (CSV, UTF-8)",
    url_name="businesses_csv",
)
def businesses_csv(request, filters: Query[Filters]):
    data, params = _filtered(request)

    def build():
        records = build_records(_queryset(data), request, with_campaigns=False)
        return csv_text(CSV_COLUMNS, csv_rows(records), OPEN_DATA).encode("utf-8")

    response = _response(get_or_build("csv", params, build), "text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="businesses.csv"'
    attributions = data_attributions(_queryset(data))
    if attributions:  # the rows include imported data whose licence asks for attribution (ODbL for OSM)
        response["X-Data-Attribution"] = "; ".join(f"{a['attribution']} ({a['licence']})" for a in attributions)
    return response


@api.get("/categories/", response=list[CategoryOut], summary="Categories with the number of published businesses")
def categories(request):
    def build():
        counts = _counts("categories")
        return _json(
            [
                {
                    "slug": c.slug,
                    "name": c.name,
                    "name_en": c.name_en,
                    "icon": c.icon,
                    "colour": c.colour,
                    "count": counts.get(c.pk, 0),
                }
                for c in Category.objects.all()
            ]
        )

    return _encoded_response(request, "categories", [], build)


@api.get("/districts/", response=list[DistrictOut], summary="Districts with the number of published businesses")
def districts(request):
    def build():
        counts = _counts("district")
        return _json(
            [
                {"slug": d.slug, "name": d.name, "lat": d.center_lat, "lng": d.center_lng, "count": counts.get(d.pk, 0)}
                for d in District.objects.all()
            ]
        )

    return _encoded_response(request, "districts", [], build)


def _counts(field):
    live = BusinessPage.objects.live().public()
    if field == "district":
        rows = live.order_by().values("district_id").annotate(n=Count("pk"))
        return {row["district_id"]: row["n"] for row in rows}
    through = BusinessPage.categories.through
    rows = (
        through.objects.filter(businesspage_id__in=live.values("pk"))
        .order_by()
        .values("category_id")
        .annotate(n=Count("businesspage_id"))
    )
    return {row["category_id"]: row["n"] for row in rows}
