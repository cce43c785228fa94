import csv
import io
import json

import pytest
from jsonschema import Draft202012Validator

from directory.cache import invalidate_directory_cache
from directory.factories import BusinessPageFactory

from .conftest import summary

pytestmark = pytest.mark.django_db

API = "/api/v1/"


def get_json(client, path, status=200, **params):
    response = client.get(API + path, params)
    assert response.status_code == status, response.content
    return response.json()


@pytest.fixture
def openapi(client, db):
    return get_json(client, "openapi.json")


def validate(openapi, path, payload, status="200"):
    """Validate a payload against the response schema the OpenAPI document declares for `path`."""
    operation = openapi["paths"][f"/api/v1/{path}"]["get"]
    schema = operation["responses"][status]["content"]["application/json"]["schema"]
    schema = {**schema, "components": openapi["components"]}
    schema = json.loads(json.dumps(schema).replace("#/components/", "#/components/"))
    Draft202012Validator(schema).validate(payload)


def test_openapi_describes_every_endpoint(openapi):
    paths = set(openapi["paths"])
    for path in ["businesses/", "businesses.geojson", "businesses.csv", "categories/", "districts/"]:
        assert f"/api/v1/{path}" in paths
    params = {p["name"] for p in openapi["paths"]["/api/v1/businesses/"]["get"]["parameters"]}
    assert {"q", "category", "district", "service", "open", "campaign", "sort", "page", "page_size"} <= params


def test_business_list_validates_and_is_paginated(client, make_business, openapi, campaign_hooks):
    first = make_business(title="A", offers_delivery=True, hours=True)
    for name in "BCD":
        make_business(title=name)
    campaign_hooks({first.pk: summary()})
    payload = get_json(client, "businesses/", page_size="2")
    validate(openapi, "businesses/", payload)
    assert payload["count"] == 4 and payload["pages"] == 2
    assert [r["name"] for r in payload["results"]] == ["A", "B"]
    assert payload["next"].endswith("page_size=2&page=2")
    record = payload["results"][0]
    assert record["services"] == ["delivery"]
    assert record["open_now"] is True
    assert record["campaign"]["raised_cents"] == 12_500
    assert record["url"].startswith("http") and record["url"].endswith("/a/") is False
    second = get_json(client, "businesses/", page_size="2", page="2")
    assert [r["name"] for r in second["results"]] == ["C", "D"] and second["next"] is None


def test_geojson_validates_and_uses_lng_lat_order(client, make_business, openapi):
    make_business(title="A", location="SRID=4326;POINT(7.4653 51.5136)")
    payload = get_json(client, "businesses.geojson")
    validate(openapi, "businesses.geojson", payload)
    assert payload["type"] == "FeatureCollection"
    feature = payload["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [7.4653, 51.5136]}
    assert feature["properties"]["name"] == "A"
    for key in ("url", "categories", "district", "open_now", "services", "campaign"):
        assert key in feature["properties"]


def test_categories_and_districts_count_only_live_businesses(client, make_business, taxonomy, openapi):
    make_business(title="A")
    draft = make_business(title="B", district=taxonomy["sued"])
    draft.unpublish()
    categories = get_json(client, "categories/")
    validate(openapi, "categories/", categories)
    assert {c["slug"]: c["count"] for c in categories} == {"gastronomie": 1, "buecher": 0}
    districts = get_json(client, "districts/")
    validate(openapi, "districts/", districts)
    assert {d["slug"]: d["count"] for d in districts} == {"nord": 1, "sued": 0}


def test_csv_export(client, make_business):
    make_business(title='=HYPERLINK("http://evil")', phone="+49 231 1234")
    response = client.get(API + "businesses.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["id", "name", "url"]
    assert rows[1][1].startswith("'=")  # spreadsheet formula neutralised
    assert rows[1][rows[0].index("phone")] == "'+49 231 1234"


FILTERED_ENDPOINTS = ("businesses/", "businesses.geojson", "businesses.csv")
FILTER_ERRORS = [
    ({"category": "nope"}, "nope"),
    ({"district": "atlantis"}, "atlantis"),
    ({"service": "teleport"}, "teleport"),
    ({"open": "true"}, "true"),
    ({"sort": "random"}, "random"),
    ({"q": "x" * 300}, ""),
]
PAGINATION_ERRORS = [
    ({"page": "abc"}, "page"),
    ({"page": "0"}, "page"),
    ({"page": "99"}, "out of range"),
    ({"page": "9" * 40}, "page"),
    ({"page_size": "1000"}, "page_size"),
]


@pytest.mark.parametrize(
    "endpoint, params, fragment",
    [
        (endpoint, *case)
        for endpoint in ("businesses/", "businesses.geojson", "businesses.csv")
        for case in FILTER_ERRORS
    ]
    + [("businesses/", *case) for case in PAGINATION_ERRORS],
)
def test_bad_parameters_answer_400_with_a_message(client, make_business, openapi, params, fragment, endpoint):
    make_business(title="A")
    payload = get_json(client, endpoint, status=400, **params)
    validate(openapi, "businesses/", payload, status="400")
    assert payload["detail"] and fragment in " ".join(payload["detail"])


@pytest.mark.parametrize("query", ["<script>alert(1)</script>", "' OR 1=1 --", '"; DROP TABLE x; --', "\x00"])
def test_hostile_search_is_harmless(client, make_business, query):
    make_business(title="A")
    response = client.get(API + "businesses/", {"q": query})
    assert response.status_code == (400 if "\x00" in query else 200)  # NUL: "Null characters are not allowed"
    assert "<script>" not in response.content.decode()


def test_filters_work_like_the_directory(client, make_business, taxonomy):
    make_business(title="A", categories=[taxonomy["books"]], offers_pickup=True)
    make_business(title="B", district=taxonomy["sued"], hours=True)
    assert [r["name"] for r in get_json(client, "businesses/", category="buecher")["results"]] == ["A"]
    assert [r["name"] for r in get_json(client, "businesses/", district="sued")["results"]] == ["B"]
    assert [r["name"] for r in get_json(client, "businesses/", service="pickup")["results"]] == ["A"]
    assert [r["name"] for r in get_json(client, "businesses/", open="1")["results"]] == ["B"]
    assert [f["properties"]["name"] for f in get_json(client, "businesses.geojson", district="sued")["features"]] == [
        "B"
    ]


def test_drafts_and_unpublished_changes_never_leak(client, make_business):
    live = make_business(title="Live name", short_description="public text")
    live.title = "Draft name"
    live.short_description = "secret draft text"
    live.save_revision()  # a draft revision, not published
    hidden = make_business(title="Never published")
    hidden.unpublish()
    for endpoint in ["businesses/", "businesses.geojson", "businesses.csv"]:
        body = client.get(API + endpoint).content.decode()
        assert "Live name" in body
        assert "Draft name" not in body and "secret draft text" not in body and "Never published" not in body


def test_district_only_businesses_never_expose_exact_coordinates(client, make_business, taxonomy):
    business = make_business(
        title="Freelancer",
        address_visibility="district",
        location="SRID=4326;POINT(7.412345 51.523456)",
        street="Geheimweg 7",
    )
    business.refresh_from_db()
    assert (business.lat, business.lng) == (51.523456, 7.412345)
    assert (business.public_lat, business.public_lng) != (business.lat, business.lng)
    for endpoint in ["businesses/", "businesses.geojson", "businesses.csv"]:
        body = client.get(API + endpoint).content.decode()
        assert "51.523" not in body and "7.4123" not in body and "Geheimweg" not in body
    record = get_json(client, "businesses/")["results"][0]
    assert record["location_precision"] == "district" and record["street"] is None and record["postcode"] is None


def test_responses_are_cached_and_invalidated_by_publishing(client, make_business, django_assert_num_queries):
    make_business(title="A")
    get_json(client, "businesses/")
    with django_assert_num_queries(0):
        assert get_json(client, "businesses/")["count"] == 1
    make_business(title="B")  # publishing invalidates
    assert get_json(client, "businesses/")["count"] == 2


def test_unpublish_and_delete_invalidate(client, make_business):
    a = make_business(title="A")
    b = make_business(title="B")
    assert get_json(client, "businesses.geojson")["features"].__len__() == 2
    a.unpublish()
    assert len(get_json(client, "businesses.geojson")["features"]) == 1
    b.delete()
    assert len(get_json(client, "businesses.geojson")["features"]) == 0


def test_pledge_signals_invalidate(client, make_business):
    """The directory listens to fundraising's signals (sending them here would run fundraising's own receivers,
    which need a real pledge, so we check the connection and the effect of the receiver)."""
    from django.core.cache import cache

    from directory.cache import current_version
    from fundraising.signals import campaign_changed, pledge_paid, pledge_refunded

    for signal in (pledge_paid, pledge_refunded, campaign_changed):
        sync_receivers, _async = signal._live_receivers(sender=None)
        assert invalidate_directory_cache in sync_receivers
    make_business(title="A")
    assert get_json(client, "businesses/")["results"][0]["campaign"] is None
    version = current_version()
    invalidate_directory_cache(sender=None, pledge=object())
    assert current_version() == version + 1
    cache.clear()
    invalidate_directory_cache()  # also works on an empty cache
    assert current_version() >= 1


def _create(index_page, taxonomy, count):
    for _ in range(count):
        BusinessPageFactory(parent=index_page, district=taxonomy["nord"], categories=[taxonomy["food"]])


@pytest.mark.parametrize("endpoint", ["businesses/", "businesses.geojson", "businesses.csv"])
@pytest.mark.parametrize("params", [{}, {"open": "1", "category": "gastronomie", "q": "Laden", "campaign": "1"}])
def test_query_count_does_not_grow_with_the_data(
    client, index_page, taxonomy, django_assert_max_num_queries, campaign_hooks, endpoint, params
):
    campaign_hooks({})
    _create(index_page, taxonomy, 3)
    invalidate_directory_cache()
    with django_assert_max_num_queries(20) as small:
        assert client.get(API + endpoint, params).status_code == 200
    _create(index_page, taxonomy, 30)
    invalidate_directory_cache()
    with django_assert_max_num_queries(20) as large:
        assert client.get(API + endpoint, params).status_code == 200
    assert len(large.captured_queries) <= len(small.captured_queries)


def test_cors_and_cache_headers(client, make_business):
    make_business(title="A")
    response = client.get(API + "businesses.geojson")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/geo+json"
