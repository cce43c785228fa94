"""The map's "Sammelaktionen" layer: choosing the demo's collective campaign (with the keyboard) highlights its
businesses (ring + heart, drawn outside the clusters), dims the rest, shows "part of" in the popups and the list,
and keeps the choice in the URL (?aktion=), which also works on its own (a link from the campaign page)."""

import re

import pytest

from .conftest import assert_no_axe_violations, screenshot

pytestmark = pytest.mark.browser

# The markers come from the compact marker list the page names (fetched by the map's script), not from the page.
MAPPABLE_MEMBERS = """async () => {
    const layers = JSON.parse(document.getElementById('map-layers').textContent);
    const config = JSON.parse(document.getElementById('map-config').textContent);
    const items = (await (await fetch(config.markersUrl)).json()).markers.map(m => ({ id: m[0] }));
    const layer = layers.layers.find(l => l.id === layers.selected) || layers.layers[0];
    return items.filter(i => Object.prototype.hasOwnProperty.call(layer.shares, String(i.id))).length;
}"""


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_layer_control_highlights_the_campaign_businesses(make_page, live_site, viewport):
    data = live_site.data
    assert data.get("map"), "the demo data has no map page"
    page, _watcher = make_page(viewport)
    page.goto(data["map"])
    page.wait_for_selector(".leaflet-marker-icon, .marker-cluster")
    control = page.locator("[data-map-layers]")
    assert control.count() == 1, "the demo's collective campaign is not offered as a map layer"
    campaign_radio = control.locator("input[type=radio]:not([value=''])").first
    layer_id = campaign_radio.get_attribute("value")
    assert not campaign_radio.is_checked()
    assert page.locator(".map-marker--layer").count() == 0
    assert control.locator("[data-layer-submit]").is_hidden()  # with JavaScript the choice applies at once

    # Keyboard: from "No highlighting", the arrow key moves to (and chooses) the campaign.
    control.locator("input[type=radio][value='']").focus()
    page.keyboard.press("ArrowRight")
    assert campaign_radio.is_checked()
    page.wait_for_selector(".leaflet-marker-icon.map-marker--layer")
    expected = page.evaluate(MAPPABLE_MEMBERS)
    assert expected > 0
    assert page.locator(".leaflet-marker-icon.map-marker--layer").count() == expected
    assert page.locator(".map-marker--layer svg.map-marker__heart").count() == expected  # not colour alone
    assert "directory-map--layer" in page.locator("[data-map]").get_attribute("class")
    assert re.search(rf"[?&]aktion={layer_id}(&|#|$)", page.url)
    assert page.locator("[data-map-status]").inner_text().strip()
    info = page.locator(f"[data-layer-info='{layer_id}']")
    assert info.is_visible() and info.locator("a").first.get_attribute("href")
    members = page.locator(f"[data-layer-list='{layer_id}']")
    assert members.is_visible() and members.locator("li").count() >= expected
    assert page.locator(f"form.filters input[name=aktion][value='{layer_id}']").count() == 1

    # A highlighted marker's popup says what it is part of.
    page.locator(".leaflet-marker-icon.map-marker--layer").first.click()
    popup = page.locator(".leaflet-popup .map-popup__layer")
    popup.wait_for()
    assert "Teil von:" in popup.inner_text()
    # Leaflet fades popups in; check the colours once it is fully shown (mid-fade colours are blends).
    page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    assert_no_axe_violations(page, "map with the collective campaign layer")
    screenshot(page, "map-layer", viewport)

    # Back to no highlighting: the markers return to the clusters, the URL drops the parameter.
    page.keyboard.press("Escape")
    control.locator("input[type=radio][value='']").check()
    assert page.locator(".map-marker--layer").count() == 0
    assert "aktion=" not in page.url
    assert members.is_hidden()

    # The URL alone (a link from the campaign page) chooses the layer.
    page.goto(f"{data['map']}?aktion={layer_id}")
    page.wait_for_selector(".leaflet-marker-icon.map-marker--layer")
    assert page.locator(f"[data-map-layers] input[value='{layer_id}']").is_checked()
    assert page.locator(".leaflet-marker-icon.map-marker--layer").count() == expected


def test_hostile_aktion_parameter_selects_nothing(make_page, live_site):
    page, _watcher = make_page("desktop")
    page.goto(live_site.data["map"] + "?aktion=%3Cscript%3Ealert(1)%3C/script%3E")
    page.wait_for_selector(".leaflet-marker-icon, .marker-cluster")
    assert page.locator(".map-marker--layer").count() == 0
    assert page.get_by_role("alert").count() >= 1
    assert page.locator("[data-map-layers] input[type=radio][value='']").is_checked()
