"""Issue 19 – a finished, phone-first public face, at desktop and phone width: the pledge on top of the campaign
page, pictures on cards, the map in the first screen with named clusters, German A–Z, and zero axe violations."""

import re

import pytest

from .conftest import VIEWPORTS, assert_no_axe_violations, screenshot

pytestmark = pytest.mark.browser


def _top(page, selector):
    """Where the element starts on the page, not counting an active crisis banner: when the city announces a crisis,
    its banner comes first on every page by intent, and the page's own first screen starts below it."""
    top = page.locator(selector).first.evaluate("el => el.getBoundingClientRect().top + window.scrollY")
    banner = page.locator(".crisis-banner")
    return top - (banner.first.bounding_box()["height"] if banner.count() else 0)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_campaign_page_leads_with_picture_progress_and_the_pledge(make_page, live_site, viewport):
    page, _watcher = make_page(viewport)
    page.goto(live_site.data["campaign"])
    height = VIEWPORTS[viewport]["height"]
    for selector in ("h1", ".campaign-picture", ".campaign__summary progress"):
        assert _top(page, selector) < height, f"{selector} is not in the first screen"
    total = page.locator(".campaign__summary .campaign-status__total").inner_text()
    assert re.search(r"\d", total) and page.locator("main progress").count() == 1  # one total, one bar
    bar = page.locator(".support-bar")
    if viewport == "phone":
        assert bar.is_visible()
        bar.get_by_role("link", name=re.compile("unterstützen", re.I)).click()
        page.wait_for_timeout(400)
        assert page.locator("#unterstuetzen").evaluate("el => el.getBoundingClientRect().top") < height / 2
        assert page.get_by_label(re.compile("Ihr Name")).is_visible()
    else:
        assert not bar.is_visible()
        summary_cta = page.locator(".campaign__summary").get_by_role("link", name=re.compile("unterstützen", re.I))
        assert summary_cta.is_visible() and _top(page, ".campaign__summary a.btn") < height
    rewards = page.locator(".reward-choice")
    assert rewards.count() >= 2 and re.search(r"ab \d", rewards.nth(1).inner_text())
    rewards.nth(1).click()
    assert rewards.nth(1).locator("input").is_checked()
    width, window = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= window
    screenshot(page, "face-campaign", viewport)
    assert_no_axe_violations(page, "campaign page")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_map_first_named_clusters_and_the_list_below(make_page, live_site, viewport):
    page, _watcher = make_page(viewport)
    page.goto(live_site.data["map"])
    page.wait_for_selector(".marker-cluster")
    height = VIEWPORTS[viewport]["height"]
    assert _top(page, "#directory-map") < height * 0.4, "the map starts in the upper part of the first screen"
    assert _top(page, "#map-list-heading") > _top(page, "#directory-map")
    cluster = page.locator(".marker-cluster").first
    assert re.fullmatch(r"\d+ Unternehmen", cluster.inner_text().split("\n")[-1].strip()) or re.search(
        r"\d+ Unternehmen", cluster.text_content()
    )
    assert cluster.get_attribute("role") == "button" and cluster.get_attribute("tabindex") == "0"
    zoom = page.evaluate("() => document.querySelector('.leaflet-container') && 1")
    assert zoom
    cluster.focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(600)
    summary = page.locator(".map-filters > summary")
    assert summary.is_visible() and not page.locator(".map-filters").evaluate("el => el.open")
    summary.click()
    assert page.get_by_label("Branche").is_visible()
    screenshot(page, "face-map", viewport)
    assert_no_axe_violations(page, "map page")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_directory_cards_have_pictures_and_german_order(make_page, live_site, viewport):
    page, _watcher = make_page(viewport)
    page.goto(live_site.data["directory"] + "?sort=name")
    cards = page.locator(".business-card")
    assert cards.count() > 5
    for index in range(5):
        media = cards.nth(index).locator(".business-card__media")
        assert media.locator("img, svg.category-tile").count() == 1
    lazy = page.locator(".business-card__media img")
    if lazy.count():
        assert lazy.first.get_attribute("loading") == "lazy" and lazy.first.get_attribute("width")
    assert page.locator(".business-card__logo--placeholder").count() == 0  # no letter squares
    titles = [t.strip() for t in page.locator(".business-card .card__title").all_inner_texts()]
    folded = [t.lower().replace("ä", "a").replace("ö", "o").replace("ü", "u") for t in titles]
    assert folded == sorted(folded), titles
    screenshot(page, "face-directory", viewport)
    assert_no_axe_violations(page, "directory")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_business_page_campaign_box_and_picture(make_page, live_site, viewport):
    page, _watcher = make_page(viewport)
    page.goto(live_site.data["business"])
    box = page.locator(".business__campaign")
    assert box.count() == 1
    badge = box.locator(".badge").first
    assert badge.evaluate("el => el.getBoundingClientRect().width") < box.evaluate(
        "el => el.getBoundingClientRect().width / 2"
    ), "the state badge is a badge, not a second bar"
    assert page.locator("img.business__logo, .business__logo svg").count() == 1
    screenshot(page, "face-business", viewport)
    assert_no_axe_violations(page, "business page")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_owner_hours_forms_fit_the_phone_and_choices_are_meaningful(make_page, live_site, viewport):
    """The week grid: add a period, copy a day to Monday–Friday, remove one, save; nothing scrolls sideways."""
    from .conftest import PASSWORD, login

    pk = live_site.data.get("owner_business_pk")
    page, _watcher = make_page(viewport)
    login(page, live_site.data["accounts"]["owner"], PASSWORD)
    page.goto(f"/mein-unternehmen/{pk}/bearbeiten/")
    assert "---------" not in page.content()
    assert page.locator("table").count() == 0, "hours are a grid and cards, not tables"
    assert page.locator(".week-day").count() == 7 and page.locator(".period-card").count() >= 1

    def no_overflow():
        width, window = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
        assert width <= window, f"the form is {width}px wide in a {window}px window"

    no_overflow()
    sunday = page.locator('.week-day[data-week-day="6"]')
    for _filled in range(sunday.locator("[data-remove-slot]:visible").count()):  # an earlier run's periods
        sunday.locator("[data-remove-slot]:visible").first.click()
    sunday.locator("[data-add-slot]").click()
    visible = sunday.locator("[data-slot]:visible")
    new_slot = visible.last
    assert new_slot.locator("input[type=time]").first.evaluate("el => el === document.activeElement")
    new_slot.locator("input[type=time]").first.fill("10:00")
    new_slot.locator("input[type=time]").last.fill("12:00")
    label = new_slot.locator("label").first
    assert label.is_visible() and "Sonntag" in label.inner_text()  # each time is labelled with its day

    tuesday = page.locator('.week-day[data-week-day="1"]')
    tuesday_slot = tuesday.locator("[data-slot]:visible").first
    tuesday_slot.locator("input[type=time]").first.fill("07:30")
    tuesday_slot.locator("input[type=time]").last.fill("11:00")
    for extra in tuesday.locator("[data-slot]:visible").all()[1:]:
        extra.locator("[data-remove-slot]").click()
    tuesday.locator("[data-copy-day]").click()
    for day in ("0", "2", "3", "4"):
        times = page.locator(f'.week-day[data-week-day="{day}"] [data-slot]:visible input[type=time]')
        assert [t.input_value() for t in times.all()] == ["07:30", "11:00"], day
    assert "Montag bis Freitag" in page.locator("[data-week-status]").inner_text()
    no_overflow()
    screenshot(page, "face-owner-hours", viewport)
    assert_no_axe_violations(page, "owner business form")

    page.locator(".form-actions button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    errors = page.locator(".field--invalid").all_inner_texts()
    assert not errors, f"the week was refused: {errors}"
    page.goto(f"/mein-unternehmen/{pk}/bearbeiten/")
    for day in ("0", "1", "2", "3", "4"):
        times = page.locator(f'.week-day[data-week-day="{day}"] [data-slot]:visible input[type=time]')
        assert [t.input_value() for t in times.all()] == ["07:30", "11:00"], day
    sunday_times = page.locator('.week-day[data-week-day="6"] [data-slot]:visible input[type=time]')
    assert [t.input_value() for t in sunday_times.all()] == ["10:00", "12:00"]


def test_owner_week_grid_refuses_overlaps_on_a_phone(make_page, live_site):
    from .conftest import PASSWORD, login

    pk = live_site.data.get("owner_business_pk")
    page, watcher = make_page("phone")
    watcher.expected_statuses.add(400)
    watcher.expected_console.append(r"status of 400")
    login(page, live_site.data["accounts"]["owner"], PASSWORD)
    page.goto(f"/mein-unternehmen/{pk}/bearbeiten/")
    monday = page.locator('.week-day[data-week-day="0"]')
    monday.locator("[data-add-slot]").click()
    slots = monday.locator("[data-slot]:visible")
    first, last = slots.first.locator("input[type=time]"), slots.last.locator("input[type=time]")
    first.first.fill("08:00")
    first.last.fill("12:00")
    last.first.fill("11:00")
    last.last.fill("14:00")
    page.locator(".form-actions button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "überschneidet sich mit 08:00–12:00 am Montag" in page.locator(".week-hours").inner_text()
    width, window = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width <= window
    assert_no_axe_violations(page, "week grid with an overlap")
