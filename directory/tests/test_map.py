import json
import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def map_data(html, client):
    """The markers the map's script draws: the compact markers named in the page's config, fetched and read like
    the script does (static/directory/map.js, toItem)."""
    response = client.get(map_config(html)["markersUrl"])
    assert response.status_code == 200
    data = json.loads(response.content)
    return [
        {
            "name": name,
            "url": url if url.startswith("http") else data["base"] + url,
            "open": bool(flags & 1),
            "approx": bool(flags & 4),
            "lat": lat,
            "categories": [data["categories"][i][0] for i in categories],
            "district": None if district is None else data["districts"][district],
            "campaign": None if campaign is None else data["campaigns"][campaign],
        }
        for _id, lat, _lng, name, url, categories, district, flags, campaign in data["markers"]
    ]


def map_config(html):
    match = re.search(r'<script id="map-config" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_map_page_names_its_markers_settings_and_a_list(client, map_page, make_business, settings):
    make_business(title="Café Lisa", hours=True)
    make_business(title="Laden Ohne Punkt", location="")
    settings.MAP_CENTER = (51.0, 7.0)
    settings.MAP_ZOOM = 11
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    response = client.get(map_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    config = map_config(html)
    assert config["center"] == [51.0, 7.0] and config["zoom"] == 11
    assert config["tileUrl"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert 'id="map-data"' not in html  # the markers are not in the page
    markers = map_data(html, client)
    assert [m["name"] for m in markers] == ["Café Lisa"]
    assert markers[0]["open"] is True
    # The list alternative shows every result, including the one without a point.
    assert "Laden Ohne Punkt" in html and 'id="map-list-heading"' in html
    # Leaflet and the cluster plugin come from our static files, never a CDN.
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "/static/vendor/leaflet-markercluster/leaflet.markercluster.js" in html
    external = re.findall(r'<(?:script|link rel="stylesheet")[^>]+(?:src|href)="((?:https?:)?//[^"]+)"', html)
    assert external == []  # scripts and stylesheets only from our own origin
    assert "<script>" not in html.replace('<script type="application/json"', "")  # no inline code


def test_map_filters_and_garbage(client, map_page, make_business, taxonomy):
    make_business(title="A", categories=[taxonomy["books"]])
    make_business(title="B")
    html = client.get(map_page.url, {"category": "buecher"}).content.decode()
    assert [m["name"] for m in map_data(html, client)] == ["A"]
    response = client.get(map_page.url, {"category": "<img src=x onerror=alert(1)>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<img src=x" not in html and 'role="alert"' in html
    assert 'class="map-list__item"' not in html


def test_map_never_shows_exact_point_of_district_only_business(client, map_page, make_business):
    make_business(title="Freelancer", address_visibility="district", location="SRID=4326;POINT(7.412345 51.523456)")
    html = client.get(map_page.url).content.decode()
    marker = map_data(html, client)[0]
    assert marker["approx"] is True
    geojson = client.get(map_config(html)["markersUrl"]).content.decode()
    assert "51.523" not in html + geojson and "7.4123" not in html + geojson


def test_embed_view_may_be_framed_but_the_map_page_may_not(client, map_page, make_business):
    make_business(title="Café Lisa")
    page_response = client.get(map_page.url)
    assert page_response["X-Frame-Options"] == "DENY"
    embed = client.get(map_page.url + "embed/", {"category": "gastronomie"})
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    csp = embed.get("Content-Security-Policy", "")
    if csp:
        assert "frame-ancestors 'none'" not in csp
        assert "frame-ancestors" in csp
        assert "frame-ancestors 'none'" in page_response["Content-Security-Policy"]
    html = embed.content.decode()
    assert [m["name"] for m in map_data(html, client)] == ["Café Lisa"]
    assert map_config(html)["linkPrefix"] is None  # the embed keeps the GeoJSON's absolute links
    assert 'class="site-header' not in html
    assert 'name="robots" content="noindex"' in html


def test_embed_code_on_the_map_page_keeps_the_filters(client, map_page, make_business):
    make_business(title="Café Lisa")
    html = client.get(map_page.url, {"district": "nord"}).content.decode()
    assert "&lt;iframe src=&quot;http://testserver/karte/embed/?district=nord&quot;" in html or (
        '&lt;iframe src="http://testserver/karte/embed/?district=nord"' in html
    )
    assert "data-copy-embed" in html


def test_map_page_size_and_queries_do_not_grow_with_the_city(
    client, map_page, index_page, taxonomy, django_assert_num_queries, monkeypatch
):
    """Issue 17: the same number of queries and (nearly) the same HTML at two city sizes, within 150 KB — with the
    counts cached (a later visitor) and right after a change dropped them (the first visitor)."""
    from directory import views_support
    from directory.cache import invalidate_directory_cache
    from directory.factories import BusinessPageFactory

    monkeypatch.setattr(views_support, "MAP_LIST_PAGE_SIZE", 5)  # both sizes fill the first list page
    for _ in range(6):
        BusinessPageFactory(parent=index_page, district=taxonomy["nord"], categories=[taxonomy["food"]])
    client.get(map_page.url)  # warms the navigation, settings and translations (not what this test is about)
    invalidate_directory_cache()
    with CaptureQueriesContext(connection) as small_first:
        client.get(map_page.url)
    with CaptureQueriesContext(connection) as small:
        small_html = client.get(map_page.url).content
    assert len(small.captured_queries) < len(small_first.captured_queries)  # counts and licences from the cache
    for _ in range(30):
        BusinessPageFactory(parent=index_page, district=taxonomy["sued"], categories=[taxonomy["books"]])
    invalidate_directory_cache()
    with django_assert_num_queries(len(small_first.captured_queries)):
        client.get(map_page.url)
    with django_assert_num_queries(len(small.captured_queries)):
        large_html = client.get(map_page.url).content
    assert len(large_html) <= 150_000
    assert abs(len(large_html) - len(small_html)) < 1_500  # counts and page links, not businesses
    assert large_html.decode().count('class="map-list__item"') == 5


def test_map_list_pages_through_every_result_without_javascript(client, map_page, make_business, taxonomy, monkeypatch):
    from directory import views_support

    monkeypatch.setattr(views_support, "MAP_LIST_PAGE_SIZE", 2)
    for name in ["Anna", "Berta", "Clara", "Dora", "Emil"]:
        make_business(title=f"Laden {name}", categories=[taxonomy["books"]])
    make_business(title="Zoo Nord")
    first = client.get(map_page.url, {"category": "buecher"}).content.decode()
    assert "Laden Anna" in first and "Laden Berta" in first and "Laden Clara" not in first
    assert 'href="?category=buecher&amp;page=2#map-list-heading"' in first  # the filter stays in the page links
    second = client.get(map_page.url, {"category": "buecher", "page": "2"}).content.decode()
    assert "Laden Clara" in second and "Laden Dora" in second and "Laden Anna" not in second
    third = client.get(map_page.url, {"category": "buecher", "page": "3"}).content.decode()
    assert "Laden Emil" in third and "Zoo Nord" not in third
    for garbage in ["0", "-1", "999", "x", "<b>", "2" * 50]:
        response = client.get(map_page.url, {"category": "buecher", "page": garbage})
        assert response.status_code == 200
        assert 'class="map-list__item"' in response.content.decode()
    # The markers ignore the list page: one cached marker list per filter, whatever page the list shows.
    assert "page=" not in map_config(second)["markersUrl"]


def test_map_links_are_relative_in_the_current_language_and_absolute_in_the_embed(client, map_page, make_business):
    business = make_business(title="Café Lisa")
    url = map_page.url  # before any English request: the test thread keeps the last request's language
    html = client.get(url).content.decode()
    assert f'href="/unternehmen/{business.slug}/"' in html  # the list
    assert map_config(html)["linkPrefix"] == "/"  # the script makes the GeoJSON's links relative like this
    html = client.get("/en" + url).content.decode()
    assert f'href="/en/unternehmen/{business.slug}/"' in html
    config = map_config(html)
    assert config["linkPrefix"] == "/en/" and "lang=en" in config["markersUrl"]
    html = client.get(url + "embed/").content.decode()
    assert map_config(html)["linkPrefix"] is None
    marker = map_data(html, client)[0]
    assert marker["url"].startswith("http") and marker["url"].endswith(f"/unternehmen/{business.slug}/")
    assert "/en/" not in marker["url"]
