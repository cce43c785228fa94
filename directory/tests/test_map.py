import json
import re

import pytest

pytestmark = pytest.mark.django_db


def map_data(html):
    match = re.search(r'<script id="map-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def map_config(html):
    match = re.search(r'<script id="map-config" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_map_page_embeds_markers_settings_and_a_list(client, map_page, make_business, settings):
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
    markers = map_data(html)
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
    assert [m["name"] for m in map_data(html)] == ["A"]
    response = client.get(map_page.url, {"category": "<img src=x onerror=alert(1)>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<img src=x" not in html and map_data(html) == [] and 'role="alert"' in html


def test_map_never_shows_exact_point_of_district_only_business(client, map_page, make_business):
    make_business(title="Freelancer", address_visibility="district", location="SRID=4326;POINT(7.412345 51.523456)")
    html = client.get(map_page.url).content.decode()
    marker = map_data(html)[0]
    assert marker["approx"] is True
    assert "51.523" not in html and "7.4123" not in html


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
    assert [m["name"] for m in map_data(html)] == ["Café Lisa"]
    assert 'class="site-header' not in html
    assert 'name="robots" content="noindex"' in html


def test_embed_code_on_the_map_page_keeps_the_filters(client, map_page, make_business):
    make_business(title="Café Lisa")
    html = client.get(map_page.url, {"district": "nord"}).content.decode()
    assert "&lt;iframe src=&quot;http://testserver/karte/embed/?district=nord&quot;" in html or (
        '&lt;iframe src="http://testserver/karte/embed/?district=nord"' in html
    )
    assert "data-copy-embed" in html


def test_map_query_count_is_constant(client, map_page, index_page, taxonomy, django_assert_max_num_queries):
    from directory.factories import BusinessPageFactory

    for _ in range(3):
        BusinessPageFactory(parent=index_page, district=taxonomy["nord"], categories=[taxonomy["food"]])
    client.get(map_page.url)
    with django_assert_max_num_queries(40) as small:
        client.get(map_page.url)
    for _ in range(20):
        BusinessPageFactory(parent=index_page, district=taxonomy["nord"], categories=[taxonomy["food"]])
    with django_assert_max_num_queries(40) as large:
        client.get(map_page.url)
    assert len(large.captured_queries) <= len(small.captured_queries)


def test_map_links_are_relative_in_the_current_language_and_absolute_in_the_embed(client, map_page, make_business):
    business = make_business(title="Café Lisa")
    url = map_page.url  # before any English request: the test thread keeps the last request's language
    marker = map_data(client.get(url).content.decode())[0]
    assert marker["url"] == f"/unternehmen/{business.slug}/"
    marker = map_data(client.get("/en" + url).content.decode())[0]
    assert marker["url"] == f"/en/unternehmen/{business.slug}/"
    marker = map_data(client.get(url + "embed/").content.decode())[0]
    assert marker["url"].startswith("http") and marker["url"].endswith(f"/unternehmen/{business.slug}/")
    assert "/en/" not in marker["url"]
