"""The API on the wire (issue 17, point 2): compressed from the cached bytes, ETag + 304, Vary: Accept-Encoding,
one cache round trip per hit."""

import gzip
import json

import brotli
import pytest

from django.core.cache import cache

from directory import cache as directory_cache
from directory.tests.counting import CountingCache

pytestmark = pytest.mark.django_db

GEOJSON = "/api/v1/businesses.geojson"


def body_of(response):
    data = response.content
    coding = response.get("Content-Encoding")
    if coding == "gzip":
        return gzip.decompress(data)
    if coding == "br":
        return brotli.decompress(data)
    assert coding is None
    return data


@pytest.mark.parametrize(
    ("accept", "coding"),
    [
        ("gzip, deflate, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip;q=0.8", "gzip"),
        ("GZIP", "gzip"),
        ("*", "br"),
        ("", None),
        ("identity", None),
        ("compress, x-unknown", None),
        ("gzip;q=0, br;q=0.000", None),
        ("gzip;" * 400, "gzip"),  # long and malformed: the first 200 characters decide
    ],
)
def test_geojson_is_sent_in_the_best_accepted_coding(client, make_business, accept, coding):
    make_business(title="Café Lisa")
    response = client.get(GEOJSON, HTTP_ACCEPT_ENCODING=accept)
    assert response.status_code == 200
    assert response.get("Content-Encoding") == coding
    assert "Accept-Encoding" in response["Vary"]
    assert response["Content-Type"] == "application/geo+json"
    names = [f["properties"]["name"] for f in json.loads(body_of(response))["features"]]
    assert names == ["Café Lisa"]


def test_every_coding_carries_the_same_body_and_etag(client, make_business):
    for title in ["A", "B", "C"]:
        make_business(title=title)
    responses = [client.get(GEOJSON, HTTP_ACCEPT_ENCODING=a) for a in ("br", "gzip", "identity")]
    assert len({body_of(r) for r in responses}) == 1
    assert len({r["ETag"] for r in responses}) == 1
    assert responses[0]["ETag"].startswith('W/"')
    assert len(responses[0].content) < len(responses[2].content)


def test_if_none_match_answers_304_until_the_data_changes(client, make_business):
    business = make_business(title="Café Lisa")
    first = client.get(GEOJSON, HTTP_ACCEPT_ENCODING="gzip")
    etag = first["ETag"]
    again = client.get(GEOJSON, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    listed = client.get(GEOJSON, HTTP_IF_NONE_MATCH=f'"other", {etag.removeprefix("W/")}')
    assert listed.status_code == 304  # weak comparison, a list of tags
    assert client.get(GEOJSON, HTTP_IF_NONE_MATCH="*").status_code == 304
    for stale in ['"nope"', "W/", "garbage <script>", "," * 3000]:
        assert client.get(GEOJSON, HTTP_IF_NONE_MATCH=stale).status_code == 200
    business.title = "Café Lisa & Co"
    business.save_revision().publish()  # invalidates the directory cache
    changed = client.get(GEOJSON, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Café Lisa & Co" in body_of(changed).decode()


def test_other_endpoints_are_compressed_too(client, make_business):
    make_business(title="Café Lisa")
    for path in ["/api/v1/businesses/", "/api/v1/categories/", "/api/v1/districts/"]:
        response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200 and response["Content-Encoding"] == "gzip", path
        json.loads(gzip.decompress(response.content))
    bad = client.get(GEOJSON, {"category": "<script>"}, HTTP_ACCEPT_ENCODING="gzip")
    assert bad.status_code == 400 and "Content-Encoding" not in bad


def test_a_cached_geojson_hit_is_one_round_trip_and_builds_nothing(client, make_business, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_business(title="Café Lisa")
    client.get(GEOJSON, HTTP_ACCEPT_ENCODING="gzip")  # builds, stores the body and its gzip coding
    counting = CountingCache(cache)
    monkeypatch.setattr(directory_cache.DIRECTORY_GENERATION, "_cache", lambda: counting)
    with CaptureQueriesContext(connection) as queries:
        hit = client.get(GEOJSON, HTTP_ACCEPT_ENCODING="gzip")
    assert hit.status_code == 200 and hit["Content-Encoding"] == "gzip"
    # The taxonomy for the filter form and the body: one get_many each, no query, no compression.
    assert counting.calls == ["get_many", "get_many"]
    assert len(queries.captured_queries) == 0
    counting.calls.clear()
    with CaptureQueriesContext(connection) as queries:
        other = client.get(GEOJSON, HTTP_ACCEPT_ENCODING="br")  # a new coding: compressed from the cached body
    assert other["Content-Encoding"] == "br" and other["ETag"] == hit["ETag"]
    assert len(queries.captured_queries) == 0
    assert counting.calls == ["get_many", "get_many", "get_many", "set_many"]


def test_api_responses_are_not_stored_again_by_the_page_cache(client, make_business, settings):
    settings.PUBLIC_PAGE_CACHE = True
    settings.PAGE_CACHE_SECONDS = 60
    make_business(title="Café Lisa")
    gz = client.get(GEOJSON, HTTP_ACCEPT_ENCODING="gzip")
    plain = client.get(GEOJSON)
    assert "X-Public-Cache" not in gz and "X-Public-Cache" not in plain
    assert gz["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain
