"""Every public page type in every language (issue 18): the interface chrome (header, navigation, footer) holds no
string of another language except what is marked with its own lang (page titles still in German, the language
names in the switcher, "Leichte Sprache"); Arabic is right-to-left and axe-clean on a phone and a desktop."""

import pytest

from .conftest import assert_no_axe_violations, screenshot

pytestmark = pytest.mark.browser

PAGE_TYPES = ["home", "directory", "map", "business", "campaign", "collective_campaign", "accessibility_statement"]
LANGUAGES = ["en", "tr", "uk", "ar"]
# Interface strings that betray the wrong language when they appear unmarked in the chrome.
GERMAN = ["Suche", "Anmelden", "Abmelden", "Kontakt", "Mitmachen", "Mein Unternehmen", "Zum Inhalt", "Folgen Sie"]
ENGLISH = ["Search", "Log in", "Log out", "Contact", "Get involved", "My business", "Skip to content", "Follow us"]

CHROME_TEXT = """(language) => {
    const parts = [];
    for (const root of document.querySelectorAll('header.site-header, footer.site-footer, .skip-link')) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode;
            const marked = node.parentElement.closest('[lang]');
            if (marked && marked.getAttribute('lang') !== language) continue;  // language of parts, marked
            if (node.parentElement.closest('.visually-hidden, [hidden]')) { parts.push(node.textContent); continue; }
            parts.push(node.textContent);
        }
    }
    return parts.join(' ').replace(/\\s+/g, ' ');
}"""


def _path(live_site, kind):
    path = live_site.data.get(kind)
    if not path:
        pytest.skip(f"the demo has no {kind}")
    return path


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_chrome_is_in_the_visitors_language(make_page, live_site, kind, language):
    page, _watcher = make_page("desktop")
    page.goto(f"/{language}{_path(live_site, kind)}")
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    chrome = page.evaluate(CHROME_TEXT, language)
    foreign = GERMAN + ([] if language == "en" else ENGLISH)
    found = [word for word in foreign if word in chrome]
    assert not found, f"{kind} in {language}: {found} in the chrome: {chrome[:400]}"
    # German page content on a page of another language is marked as German.
    for heading in page.locator("main h1").all():
        if heading.get_attribute("lang") is None:
            assert heading.evaluate("e => e.closest('[lang]').getAttribute('lang')") == language


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_arabic_is_right_to_left_and_axe_clean(make_page, live_site, kind, viewport):
    page, _watcher = make_page(viewport)
    page.goto(f"/ar{_path(live_site, kind)}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    # no horizontal scrolling on a right-to-left page
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, f"ar-{kind}", viewport)
    assert_no_axe_violations(page, f"{kind} (Arabic, {viewport})")


def test_arabic_map_controls_are_mirrored(make_page, live_site):
    page, _watcher = make_page("desktop")
    page.goto(f"/ar{_path(live_site, 'map')}")
    page.wait_for_selector(".leaflet-control-zoom")
    assert page.locator(".leaflet-top.leaflet-right .leaflet-control-zoom").count() == 1
    assert page.locator(".leaflet-bottom.leaflet-left .leaflet-control-attribution").count() == 1


def test_arabic_map_popup_isolates_the_names(make_page, live_site):
    """Business, campaign and layer names in a popup are content (German here): each link is direction-isolated
    (dir=auto, like the templates' |bdi), so "Bäckerei Kruse" is not reordered inside the Arabic sentence."""
    page, _watcher = make_page("desktop")
    map_path = f"/ar{_path(live_site, 'map')}"
    page.goto(map_path)
    layer_id = page.evaluate(
        "() => { const e = document.getElementById('map-layers'); if (!e) return null; "
        "return (JSON.parse(e.textContent).layers[0] || {}).id || null; }"
    )
    if not layer_id:
        pytest.skip("the demo has no collective campaign layer (its markers are drawn outside the clusters)")
    page.goto(f"{map_path}?aktion={layer_id}")
    page.wait_for_selector(".leaflet-marker-icon.map-marker--layer")
    page.locator(".leaflet-marker-icon.map-marker--layer").first.click()
    title = page.locator(".leaflet-popup .map-popup__title a")
    title.wait_for()
    assert title.get_attribute("dir") == "auto"
    assert page.locator(".leaflet-popup .map-popup__layer a").first.get_attribute("dir") == "auto"
    assert page.evaluate("() => getComputedStyle(document.querySelector('.leaflet-popup-content')).direction") == "rtl"


def test_english_start_page_is_translated_content(make_page, live_site):
    page, _watcher = make_page("desktop")
    page.goto("/en/")
    heading = page.locator("main h1").first
    assert heading.get_attribute("lang") is None and "together" in heading.text_content()
    assert page.locator("footer a[lang=de]", has_text="Leichte Sprache").count() == 1
