"""The fast paths of the API: the one-pass GeoJSON builder and the orjson encoder give exactly the bytes the plain
builders gave, the full-city GeoJSON is built with a fixed number of queries and served from the cache until a
business is published, unpublished or deleted."""

import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from directory.api import _json
from directory.models import BusinessPage
from directory.serializers import build_records, geojson, geojson_collection

from .conftest import summary

pytestmark = pytest.mark.django_db

GEOJSON = "/api/v1/businesses.geojson"


def old_json(payload):
    return json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()


@pytest.fixture
def mixed_businesses(make_business, taxonomy, campaign_hooks):
    first = make_business(title='Café <b>Ümlaut</b> & "Söhne"', offers_delivery=True, offers_pickup=True, hours=True)
    hidden = make_business(
        title="Hinterhof", categories=[taxonomy["books"], taxonomy["food"]], district=taxonomy["sued"]
    )
    BusinessPage.objects.filter(pk=hidden.pk).update(address_visibility="district")
    closed = make_business(title="Zu", temporarily_closed=True, categories=[taxonomy["books"]])
    campaign_hooks({first.pk: summary(), closed.pk: summary(title="Ende", raised=0)})
    return first, hidden, closed


def test_geojson_collection_is_exactly_the_old_geojson(mixed_businesses):
    moment = timezone.now()
    queryset = BusinessPage.objects.live().public().order_by("title")
    for language in ("de", "en"):
        with translation.override(language):
            old = geojson(build_records(queryset, moment=moment, lean=True))
            new = geojson_collection(queryset, moment=moment)
        assert new == old
        assert old_json(new) == _json(old)  # same keys in the same order, same bytes
        assert len(new["features"]) == 3


def test_geojson_collection_leaves_out_businesses_without_a_point(mixed_businesses):
    first, _hidden, _closed = mixed_businesses
    BusinessPage.objects.filter(pk=first.pk).update(public_lat=None, public_lng=None)
    queryset = BusinessPage.objects.live().public().order_by("title")
    features = geojson_collection(queryset)["features"]
    assert first.pk not in [f["id"] for f in features]
    assert features == geojson(build_records(queryset, lean=True))["features"]


def test_geojson_collection_of_nothing():
    assert geojson_collection(BusinessPage.objects.none()) == {"type": "FeatureCollection", "features": []}


def test_lean_and_full_records_keep_their_keys(mixed_businesses):
    queryset = BusinessPage.objects.live().public().order_by("title")
    lean = build_records(queryset, lean=True)
    full = build_records(queryset)
    assert list(lean[0]) == [
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
    ]
    assert list(full[0])[len(lean[0]) :] == [
        "short_description",
        "street",
        "postcode",
        "city",
        "phone",
        "website",
        "shop_url",
        "updated_at",
    ]
    hidden = next(r for r in full if r["name"] == "Hinterhof")
    assert hidden["street"] is None and hidden["postcode"] is None and hidden["location_precision"] == "district"
    assert hidden["categories"] == ["gastronomie", "buecher"] or hidden["categories"] == ["buecher", "gastronomie"]
    assert full[0]["updated_at"].endswith("Z")


@pytest.mark.parametrize(
    "payload",
    [
        {"a": "Ümlaut – </script><script>alert(1)</script>", "b": [1, 2.5, None, True, False]},
        {"when": dt.datetime(2026, 11, 25, 9, 36, 52, 123456, tzinfo=dt.UTC), "day": dt.date(2026, 11, 25)},
        {"time": dt.time(9, 30, 15, 5000), "span": dt.timedelta(hours=1, seconds=3)},
        {"money": Decimal("12.50"), "id": uuid.UUID("12345678-1234-5678-1234-567812345678")},
        {"lazy": gettext_lazy("Open now"), "control": "tab\there\nnew line \u2028 \x01", "emoji": "🏪"},
        {"lat": 51.51234, "lng": 7.46543, "percent": 0.0, "big": 10_000_000_000, "neg": -1.25},
        [],
        {},
    ],
)
def test_json_encoder_gives_the_same_bytes_as_before(payload):
    assert _json(payload) == old_json(payload)
    assert json.loads(_json(payload)) == json.loads(old_json(payload))


def test_json_encoder_refuses_what_json_refused():
    with pytest.raises(TypeError):
        _json({"x": object()})


def test_full_city_geojson_has_a_fixed_number_of_queries(client, make_business, django_assert_max_num_queries):
    make_business(title="Eins")
    client.get(GEOJSON)  # warm-up: site root paths, taxonomy
    from directory.cache import invalidate_directory_cache

    invalidate_directory_cache()
    with django_assert_max_num_queries(10) as small:
        assert client.get(GEOJSON).status_code == 200
    for n in range(12):
        make_business(title=f"Laden {n}", hours=n % 2 == 0)
    invalidate_directory_cache()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(GEOJSON)
    assert len(response.json()["features"]) == 13


def test_cached_geojson_is_served_without_queries_and_dropped_on_publish_and_unpublish(
    client, make_business, django_assert_num_queries
):
    first = make_business(title="A")
    body = client.get(GEOJSON).content
    with django_assert_num_queries(0):
        response = client.get(GEOJSON)
    assert response.content == body
    assert response["Content-Type"] == "application/geo+json"
    assert response["Cache-Control"] == "public, max-age=60"

    second = make_business(title="B")  # published: invalidates
    names = [f["properties"]["name"] for f in client.get(GEOJSON).json()["features"]]
    assert names == ["A", "B"]

    first.unpublish()
    assert [f["properties"]["name"] for f in client.get(GEOJSON).json()["features"]] == ["B"]

    second.title = "B neu"
    second.save_revision().publish()
    assert [f["properties"]["name"] for f in client.get(GEOJSON).json()["features"]] == ["B neu"]


def test_geojson_rejects_bad_filters_and_other_methods(client, make_business):
    make_business(title="A")
    assert client.get(GEOJSON, {"district": "<script>"}).status_code == 400
    assert client.get(GEOJSON, {"service": "teleport"}).status_code == 400
    assert client.post(GEOJSON).status_code == 405
    english = client.get(GEOJSON, {"lang": "en"}).json()
    german = client.get(GEOJSON, {"lang": "xx"}).json()  # unknown language: German
    assert english["features"][0]["properties"]["category_names"] == ["Restaurants"]
    assert german["features"][0]["properties"]["category_names"] == ["Gastronomie"]
