"""Issue 19, the finishing round at the narrowest common phone (375 px) and on a desktop: the collective campaign
leads with its picture, demo businesses are pictured by their own category, and the owners' dashboard has one kind
of button (full width, one height) on a phone, on every owner page including those of the fundraising apps."""

import re

import pytest

from .conftest import PASSWORD, VIEWPORTS, assert_no_axe_violations, login, screenshot

pytestmark = pytest.mark.browser

NARROW = {"width": 375, "height": 812}
# The week grid's small controls (add a period, copy a day, remove a period) are not page actions.
BUTTONS = "main .btn:not(.week-day__actions .btn):not(.week-slot__remove)"


def _narrow(make_page):
    page, watcher = make_page("phone")
    page.set_viewport_size(NARROW)
    return page, watcher


def _fits(page, name):
    width, window = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width <= window, f"{name}: the page is {width}px wide in a {window}px window"


def _top(page, selector):
    return page.locator(selector).first.evaluate("el => el.getBoundingClientRect().top + window.scrollY")


@pytest.mark.parametrize("viewport", ["desktop", "narrow"])
def test_collective_campaign_leads_with_its_picture_and_the_form_comes_before_the_supporters(
    make_page, live_site, viewport
):
    page, _watcher = _narrow(make_page) if viewport == "narrow" else make_page("desktop")
    page.goto(live_site.data["collective_campaign"])
    page.wait_for_load_state("networkidle")
    picture = page.locator("main .campaign-picture img")
    assert picture.count() == 1, "the demo's collective campaign has a hero picture"
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0"), "the picture loads"
    assert picture.get_attribute("alt"), "the picture has an alt text"
    banner = page.locator(".crisis-banner")
    banner_height = banner.first.bounding_box()["height"] if banner.count() else 0
    height = (NARROW if viewport == "narrow" else VIEWPORTS["desktop"])["height"]
    assert _top(page, "main .campaign-picture") - banner_height < height, "the picture is in the first screen"
    if viewport == "narrow":
        assert _top(page, "#unterstuetzen") < _top(page, "#supporters-heading"), "the form before the supporter wall"
    else:
        form, story = page.locator("#unterstuetzen").bounding_box(), page.locator(".campaign__main").bounding_box()
        assert form["x"] > story["x"] + story["width"] - 1, "on a desktop the form sits beside the story"
    _fits(page, "collective campaign")
    screenshot(page, "finish-collective", viewport)
    assert_no_axe_violations(page, f"collective campaign ({viewport})")

    page.goto(live_site.data["collective_index"])
    for card in page.locator("main .card").all():
        media = card.locator(".card__media")
        assert media.locator("img, svg.category-tile").count() == 1, "every campaign card has a picture"
    _fits(page, "collective index")


def test_demo_business_is_pictured_by_its_own_category(make_page, live_site):
    """The second-hand shop was filed under Gastronomy as well and so showed a knife and fork."""
    page, _watcher = _narrow(make_page)
    page.goto(live_site.data["business"])
    meta = page.locator("main .business__header p.muted").first.inner_text()
    assert page.locator("main .business__header .business__logo").count() == 1
    if live_site.data["business_title"].startswith("Secondhand"):  # the demo's first campaign business, so far
        assert meta.startswith("Mode"), f"the first (pictured) category of a second-hand shop is fashion: {meta!r}"
        assert "Gastronomie" not in meta


def _owner_pages(page, live_site):
    pk = live_site.data["owner_business_pk"]
    paths = ["/mein-unternehmen/", f"/mein-unternehmen/{pk}/"]
    page.goto(paths[1])
    campaign = page.locator("main a[href*='/aktion/']").first.get_attribute("href")
    paths += [
        campaign,
        f"/mein-unternehmen/{pk}/gutscheine/",
        f"/mein-unternehmen/{pk}/gutscheine/einloesen/",
        f"/mein-unternehmen/{pk}/werbung/",
        f"/mein-unternehmen/{pk}/auszahlungen/",
        f"/mein-unternehmen/{pk}/bearbeiten/",
    ]
    return paths


def test_owner_buttons_on_a_phone_are_full_width_and_of_one_height(make_page, live_site):
    page, _watcher = _narrow(make_page)
    login(page, live_site.data["accounts"]["owner"], PASSWORD)
    checked = 0
    for path in _owner_pages(page, live_site):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        _fits(page, path)
        boxes = page.eval_on_selector_all(
            BUTTONS,
            """buttons => buttons.filter(b => b.checkVisibility()).map(b => {
                const r = b.getBoundingClientRect(), p = b.parentElement, s = getComputedStyle(p);
                const inner = p.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
                return {text: b.innerText.trim(), height: Math.round(r.height), width: r.width, inner};
            })""",
        )
        if path.endswith(("/mein-unternehmen/", "/gutscheine/einloesen/", "/bearbeiten/")):
            assert boxes, f"{path}: no buttons found"
        if not boxes:
            continue
        checked += 1
        heights = {box["height"] for box in boxes}
        assert max(heights) - min(heights) <= 1, f"{path}: buttons of different heights {boxes}"
        for box in boxes:
            assert abs(box["width"] - box["inner"]) <= 1, f"{path}: {box['text']!r} is not full width ({box})"
        # The dashboard's own pages and the fundraising apps' owner pages share one layout with its menu.
        assert page.locator("details.owners-nav__fold").count() == 1, f"{path}: not in the dashboard layout"
    assert checked >= 6
    screenshot(page, "finish-owner-last", "narrow")


def test_owner_buttons_on_a_desktop_stay_side_by_side(make_page, live_site):
    page, _watcher = make_page("desktop")
    login(page, live_site.data["accounts"]["owner"], PASSWORD)
    page.goto(f"/mein-unternehmen/{live_site.data['owner_business_pk']}/")
    header = page.locator("main .page-header .cluster .btn")
    assert header.count() >= 2
    tops = {round(box["y"]) for box in (header.nth(i).bounding_box() for i in range(header.count()))}
    assert len(tops) == 1, "on a desktop the profile actions stay in one row"
    assert re.search(r"\d", page.locator("main").inner_text())
