"""Every page type at 1366×900 and 390×844: nothing wider than the window, 0 axe violations (issue 19, point 9)."""

import pytest

from .conftest import PASSWORD, assert_no_axe_violations, login

pytestmark = pytest.mark.browser

PUBLIC = [
    "home",
    "directory",
    "map",
    "business",
    "campaign",
    "collective_index",
    "collective_campaign",
    "news_index",
    "news",
    "standard",
]
OWNER = ["/mein-unternehmen/", "/mein-unternehmen/{pk}/", "/mein-unternehmen/{pk}/bearbeiten/"]


def assert_fits(page, name):
    width, window = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width <= window, f"{name}: the page is {width}px wide in a {window}px window"


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_public_page_type_fits_and_has_no_axe_violations(make_page, live_site, viewport):
    page, _watcher = make_page(viewport)
    missing = [key for key in PUBLIC if not live_site.data.get(key)]
    assert not missing, f"the demo data lacks {missing}"
    for key in PUBLIC:
        page.goto(live_site.data[key])
        page.wait_for_load_state("networkidle")
        assert_fits(page, key)
        assert_no_axe_violations(page, f"{key} ({viewport})")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_owner_dashboard_pages_fit_and_have_no_axe_violations(make_page, live_site, viewport):
    page, _watcher = make_page(viewport)
    login(page, live_site.data["accounts"]["owner"], PASSWORD)
    for path in OWNER:
        path = path.format(pk=live_site.data["owner_business_pk"])
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert_fits(page, path)
        assert_no_axe_violations(page, f"{path} ({viewport})")
