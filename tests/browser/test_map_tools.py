"""The map page's tools: "show my location" (with the permission granted and denied) and "copy embed code" — the
copied code's URL loads, may be framed by other sites, and shows the map inside a frame on another origin."""

import json
import re
from urllib.parse import urlsplit

import pytest

from .conftest import assert_no_axe_violations, screenshot

pytestmark = pytest.mark.browser

# Inside the demo city (Dortmund, near the Reinoldikirche), a little away from the map's default centre.
HERE = {"latitude": 51.5149, "longitude": 7.4680}
THIRD_PARTY = "https://verein.example.org"


def _map_ready(page, live_site):
    page.goto(live_site.data["map"])
    page.wait_for_selector("[data-map] .leaflet-marker-icon, [data-map] .marker-cluster")


# Where the businesses' markers are on the screen: changes when the map moves.
MARKERS = """() => [...document.querySelectorAll('[data-map] .leaflet-marker-icon')]
    .map(m => { const r = m.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.top)]; })"""

CENTRED = """() => {
    const you = document.querySelector('[data-map] path.map-you');
    if (!you) return false;
    const map = document.querySelector('[data-map]').getBoundingClientRect();
    const mark = you.getBoundingClientRect();
    const x = map.left + map.width / 2, y = map.top + map.height / 2;
    return mark.left <= x && x <= mark.right && mark.top <= y && y <= mark.bottom;
}"""


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_show_my_location_centres_and_marks_it(make_page, live_site, viewport):
    page, _ = make_page(viewport, geolocation=HERE, permissions=["geolocation"])
    _map_ready(page, live_site)
    locate = page.get_by_role("button", name="Meinen Standort zeigen")
    assert locate.is_visible(), "the button is shown once geolocation is available"

    locate.focus()
    page.keyboard.press("Enter")  # keyboard users can use it too
    you = page.locator("[data-map] path.map-you")
    you.wait_for()
    assert page.locator("[data-map-status]").inner_text().strip() == "Sie sind hier"

    # The map is centred on the position: the middle of the map lies inside the marker's circle.
    page.wait_for_function(CENTRED)

    # A second click moves the one marker instead of adding another.
    before = page.evaluate(MARKERS)
    page.context.set_geolocation({"latitude": 51.5100, "longitude": 7.4600})
    locate.click()
    page.wait_for_function(f"() => JSON.stringify(({MARKERS})()) !== {json.dumps(json.dumps(before))} && ({CENTRED})()")
    assert page.locator("[data-map] path.map-you").count() == 1
    screenshot(page, "map-my-location", viewport)
    assert_no_axe_violations(page, "map with the visitor's location")


def test_show_my_location_refused_says_so(make_page, live_site):
    page, _ = make_page("phone")  # no geolocation permission: the browser refuses the request
    _map_ready(page, live_site)
    page.get_by_role("button", name="Meinen Standort zeigen").click()
    status = page.locator("[data-map-status]")
    page.wait_for_function("() => document.querySelector('[data-map-status]').textContent.includes('nicht ermittelt')")
    assert status.inner_text().strip() == "Ihr Standort konnte nicht ermittelt werden."
    assert status.get_attribute("role") == "status"  # announced to screen readers
    assert page.locator("[data-map] path.map-you").count() == 0


def test_copy_embed_code_gives_a_framable_map(make_page, live_site):
    # local-network-access: the test's "other site" is public, the test server is on the loopback address; Chromium
    # asks before a public page may frame a local one (on the real platform both are public).
    page, watcher = make_page("desktop", permissions=["clipboard-read", "clipboard-write", "local-network-access"])
    page.goto(live_site.data["map"])
    page.locator("details.embed-code summary").click()
    copy = page.get_by_role("button", name="Einbettungscode kopieren")
    copy.click()
    page.wait_for_function("() => document.querySelector('[data-copy-status]').textContent.trim() !== ''")

    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == page.locator("#embed-code").input_value()
    match = re.fullmatch(
        r'<iframe src="([^"]+)" title="[^"<>]+" width="100%" height="500" loading="lazy"></iframe>', copied
    )
    assert match, copied
    src = match.group(1)
    assert src.startswith(live_site.url + "/") and urlsplit(src).path.endswith("/embed/")

    # The embed URL answers 200 and other sites may frame it (no X-Frame-Options, CSP frame-ancestors allows https:).
    response = page.request.get(src)
    assert response.status == 200
    headers = response.headers
    assert "x-frame-options" not in headers
    ancestors = re.search(r"frame-ancestors ([^;]+)", headers["content-security-policy"]).group(1).split()
    assert "https:" in ancestors or "*" in ancestors, ancestors
    # …unlike the map page itself.
    assert page.request.get(live_site.data["map"]).headers.get("x-frame-options") == "DENY"

    # A club's website (another origin) frames it, and the map renders inside the frame.
    page.route(
        f"{THIRD_PARTY}/**",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            body=f'<!doctype html><html lang="de"><title>Verein</title><h1>Unser Viertel</h1>{copied}</html>',
        ),
    )
    page.goto(f"{THIRD_PARTY}/unterstuetzen/")
    frame = page.frame_locator("iframe")
    frame.locator("[data-map] .leaflet-marker-icon, [data-map] .marker-cluster").first.wait_for()
    assert not watcher.blocked
