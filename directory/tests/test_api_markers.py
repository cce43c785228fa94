"""The map's compact markers (/api/v1/markers.json): the same businesses, order, facts and privacy as the public
GeoJSON (which keeps its shape), in a fraction of the bytes, with a fixed number of queries."""

import json

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from directory.cache import invalidate_directory_cache
from directory.factories import BusinessPageFactory
from directory.models import BusinessPage

from .conftest import summary

pytestmark = pytest.mark.django_db

MARKERS = "/api/v1/markers.json"
GEOJSON = "/api/v1/businesses.geojson"


@pytest.fixture
def mixed(make_business, taxonomy, campaign_hooks):
    first = make_business(title='Café <b>Ümlaut</b> & "Söhne"', offers_delivery=True, hours=True)
    hidden = make_business(
        title="Hinterhof",
        categories=[taxonomy["books"], taxonomy["food"]],
        district=taxonomy["sued"],
        address_visibility="district",
        location="SRID=4326;POINT(7.412345 51.523456)",
    )
    closed = make_business(title="Zu", temporarily_closed=True, categories=[taxonomy["books"]], hours=True)
    no_point = make_business(title="Ohne Punkt")
    BusinessPage.objects.filter(pk=no_point.pk).update(public_lat=None, public_lng=None)
    campaign_hooks({first.pk: summary(), closed.pk: summary(title="Ende", raised=0)})
    return first, hidden, closed


def read_markers(data):
    """The markers as the map's script reads them (static/directory/map.js, toItem)."""
    items = []
    for pk, lat, lng, name, url, categories, district, flags, campaign in data["markers"]:
        items.append(
            {
                "id": pk,
                "coordinates": [lng, lat],
                "name": name,
                "url": url if url.startswith("http") else data["base"] + url,
                "category_names": [data["categories"][i][0] for i in categories],
                "colour": data["categories"][categories[0]][1] if categories else "#1d4ed8",
                "district_name": None if district is None else data["districts"][district],
                "open_now": bool(flags & 1),
                "temporarily_closed": bool(flags & 2),
                "location_precision": "district" if flags & 4 else "exact",
                "campaign": None if campaign is None else data["campaigns"][campaign],
            }
        )
    return items


def from_geojson(data):
    keys = ("id", "name", "url", "category_names", "colour", "district_name", "open_now", "temporarily_closed")
    return [
        {
            "coordinates": f["geometry"]["coordinates"],
            **{key: f["properties"][key] for key in keys},
            "location_precision": f["properties"]["location_precision"],
            "campaign": f["properties"]["campaign"],
        }
        for f in data["features"]
    ]


@pytest.mark.parametrize("query", [{}, {"lang": "en"}, {"category": "buecher"}, {"sort": "newest"}, {"q": "Zu"}])
def test_markers_say_what_the_geojson_says(client, mixed, query):
    markers = client.get(MARKERS, query)
    geojson = client.get(GEOJSON, query)
    assert markers.status_code == geojson.status_code == 200
    assert read_markers(markers.json()) == from_geojson(geojson.json())
    assert len(markers.json()["markers"]) >= 1


def test_markers_keep_the_privacy_point_and_leave_out_businesses_without_one(client, mixed):
    _first, hidden, closed = mixed
    data = client.get(MARKERS).json()
    body = json.dumps(data)
    assert "51.523" not in body and "7.4123" not in body
    by_id = {item["id"]: item for item in read_markers(data)}
    assert by_id[hidden.pk]["location_precision"] == "district"
    assert by_id[closed.pk]["temporarily_closed"] and not by_id[closed.pk]["open_now"]
    assert "Ohne Punkt" not in body and len(by_id) == 3


def test_markers_are_smaller_and_cached_compressed_with_an_etag(client, mixed):
    for n in range(20):
        BusinessPageFactory(title=f"Laden am Markt {n}", slug=f"laden-am-markt-{n}")
    compact = client.get(MARKERS).content
    full = client.get(GEOJSON).content
    assert len(compact) * 2 < len(full)
    client.get(MARKERS, headers={"accept-encoding": "gzip"})
    response = client.get(MARKERS, headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip" and response["X-Directory-Cache"] == "hit"
    assert client.get(MARKERS, headers={"if-none-match": response["ETag"]}).status_code == 304


@pytest.mark.parametrize("query", [{"category": "<script>"}, {"service": "teleport"}, {"open": "2"}])
def test_unknown_filters_answer_400(client, mixed, query):
    response = client.get(MARKERS, query)
    assert response.status_code == 400 and response.json()["detail"]


def test_queries_do_not_grow_with_the_city(client, mixed, index_page, taxonomy, django_assert_num_queries):
    client.get(MARKERS)
    invalidate_directory_cache()
    with CaptureQueriesContext(connection) as small:
        client.get(MARKERS)
    for _n in range(25):
        BusinessPageFactory(parent=index_page, district=taxonomy["nord"], categories=[taxonomy["books"]])
    invalidate_directory_cache()
    with django_assert_num_queries(len(small.captured_queries)):
        data = client.get(MARKERS).json()
    assert len(data["markers"]) == 28


def test_english_names_in_the_english_markers(client, mixed):
    with translation.override("de"):
        german = client.get(MARKERS).json()["categories"]
    english = client.get(MARKERS, {"lang": "en"}).json()["categories"]
    assert ["Gastronomie", "#b91c1c"] in german and ["Restaurants", "#b91c1c"] in english
