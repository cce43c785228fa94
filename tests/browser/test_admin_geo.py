"""The Wagtail admin's geo widget (wagtailgeowidget, with Leaflet from our own static files) on a BusinessPage: an
editor of the "Redaktion" group sees the map with the marker, types new coordinates, saves a draft, and the draft
keeps them; an implausible point (0, 0 — far outside the city) is refused with a message and not saved."""

import json
import re

import pytest

from .conftest import PASSWORD, login, screenshot

pytestmark = pytest.mark.browser

SAVE_DRAFT = re.compile(r"^(Entwurf speichern|Save draft)$")


def _latest_revision_location(live_site, pk):
    out = live_site.manage(
        "shell",
        "-c",
        "import json; from directory.models import BusinessPage; "
        f"page = BusinessPage.objects.get(pk={pk}); revision = page.latest_revision; "
        "print(json.dumps([revision.content.get('location'), page.location, page.has_unpublished_changes]))",
    )
    return json.loads(out.strip().splitlines()[-1])


def _open_editor(page, live_site, pk):
    page.goto(f"/admin/pages/{pk}/edit/")
    page.locator("#id_location_map.leaflet-container").wait_for()
    page.locator("#id_location_map .leaflet-marker-icon").wait_for()


def test_geo_widget_renders_and_a_draft_keeps_the_new_point(make_page, live_site):
    pk = live_site.data.get("unowned_business_pk")
    assert pk, "the demo data has no business without an owner"
    editor = live_site.data["accounts"]["editor"]
    page, watcher = make_page("desktop")
    login(page, editor, PASSWORD, next_url="/admin/")
    live_before = _latest_revision_location(live_site, pk)[1]

    _open_editor(page, live_site, pk)
    # The widget: the address search field, the map with its marker and the visible "lat, lng" field, all filled from
    # the page's stored location; Leaflet comes from our own origin (anything else is blocked and fails the test).
    assert page.locator("#id_geocoding_address").is_visible()
    hidden = page.locator("#id_location")
    latlng = page.locator("#id_location_latlng")
    assert hidden.get_attribute("type") == "hidden"
    assert hidden.input_value().startswith("SRID=4326;POINT(")
    assert latlng.is_visible() and re.fullmatch(r"-?\d+\.\d+, ?-?\d+\.\d+", latlng.input_value())
    scripts = page.eval_on_selector_all("script[src*=leaflet]", "nodes => nodes.map(n => n.src)")
    assert scripts and all(src.startswith(live_site.url + "/static/") for src in scripts), scripts
    screenshot(page, "admin-geo-widget", "desktop")

    # Typing new coordinates writes the hidden field (and moves the one marker).
    latlng.fill("51.5160, 7.4712")
    page.wait_for_function("() => document.getElementById('id_location').value.includes('7.4712 51.516')")
    assert hidden.input_value() == "SRID=4326;POINT(7.4712 51.516)"
    assert page.locator("#id_location_map .leaflet-marker-icon").count() == 1

    page.get_by_role("button", name=SAVE_DRAFT).click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".messages .success, .messages [class*=success]").count() >= 1, page.url

    # The draft keeps the point (the edit view shows the latest revision), the live page is unchanged until published.
    _open_editor(page, live_site, pk)
    assert page.locator("#id_location").input_value() == "SRID=4326;POINT(7.4712 51.516)"
    assert page.locator("#id_location_latlng").input_value().replace(" ", "") == "51.516,7.4712"
    draft_location, live_location, unpublished = _latest_revision_location(live_site, pk)
    assert draft_location == "SRID=4326;POINT(7.4712 51.516)"
    assert live_location == live_before and unpublished

    # An implausible point (0, 0: latitude and longitude both missing) is refused with a message and not saved.
    watcher.expected_statuses.add(400)  # Wagtail answers a form with errors with 400
    watcher.expected_console.append(r"status of 400")
    page.locator("#id_location_latlng").fill("0, 0")
    page.wait_for_function("() => document.getElementById('id_location').value.includes('POINT(0 0)')")
    page.get_by_role("button", name=SAVE_DRAFT).click()
    page.wait_for_load_state("networkidle")
    error = page.get_by_text(re.compile(r"mehr als \d+ km von \S.* entfernt"))
    error.first.wait_for()
    assert _latest_revision_location(live_site, pk)[0] == "SRID=4326;POINT(7.4712 51.516)"
