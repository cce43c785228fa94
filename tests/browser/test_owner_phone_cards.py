"""Issue 19, the owners' last phone screens (375 px): wide tables (pledges, vouchers, redemptions, the collective
report) become one labelled card per row instead of scrolling sideways, and stay tables on a desktop; "My data" has
the dashboard's buttons; an owner of several businesses gets one disclosure per business in the menu, which works
without JavaScript."""

import pytest

from .conftest import PASSWORD, assert_no_axe_violations, login, screenshot

pytestmark = pytest.mark.browser

NARROW = {"width": 375, "height": 812}

CARD_CELLS = """table => [...table.querySelectorAll('tbody tr, tfoot tr')].map(row => [...row.children]
    .filter(cell => cell.checkVisibility())
    .map(cell => ({
        label: cell.dataset.label || null,
        shown: getComputedStyle(cell, '::before').content,
        header: cell.tagName === 'TH',
        display: getComputedStyle(cell).display,
    })))"""


def _narrow(make_page, **options):
    page, watcher = make_page("phone", **options)
    page.set_viewport_size(NARROW)
    return page, watcher


def _fits(page, name):
    width, window = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width <= window, f"{name}: the page is {width}px wide in a {window}px window"
    wraps = page.eval_on_selector_all(".table-wrap", "ws => ws.map(w => w.scrollWidth - w.clientWidth)")
    assert all(extra <= 0 for extra in wraps), f"{name}: a table scrolls sideways ({wraps})"


def _headers(table):
    return [th.strip() for th in table.locator("thead th").all_inner_texts()]


def _assert_cards(page, name):
    tables = page.locator("main table.table--cards")
    assert tables.count() >= 1, f"{name}: no card table"
    for table in tables.all():
        assert table.evaluate("t => getComputedStyle(t).display") == "block", f"{name}: still a table on a phone"
        assert not table.locator("thead").is_visible() or table.locator("thead").bounding_box()["height"] <= 1
        headers = set(_headers(table))
        rows = table.evaluate(CARD_CELLS)
        assert rows, f"{name}: the table has no rows"
        for cells in rows:
            for cell in cells:
                assert cell["display"] == "grid"
                if cell["header"]:
                    continue  # the row's own heading (a business name, "Sum") is the card's title
                assert cell["label"], f"{name}: a value without its column's label ({cells})"
                assert cell["label"] in headers, f"{name}: {cell['label']!r} is not a column header {headers}"
                assert cell["label"] in cell["shown"], f"{name}: the label is not shown ({cell})"
        first, second = (table.locator("tbody tr").nth(i) for i in (0, 1))
        if table.locator("tbody tr").count() > 1:
            assert first.bounding_box()["y"] + first.bounding_box()["height"] <= second.bounding_box()["y"], (
                f"{name}: the cards overlap"
            )
        links = table.locator("tbody a")
        for link in links.all()[:3]:
            assert link.bounding_box()["height"] >= 44, f"{name}: a link in a card is too small to tap"


def _owner_table_pages(page, live_site):
    pk = live_site.data["owner_business_pk"]
    page.goto(f"/mein-unternehmen/{pk}/")
    campaign = page.locator("main a[href*='/aktion/']").first.get_attribute("href")
    return [campaign, f"/mein-unternehmen/{pk}/gutscheine/"]


def test_owner_tables_are_labelled_cards_on_a_phone(make_page, live_site):
    page, _watcher = _narrow(make_page)
    login(page, live_site.data["accounts"]["owner"], PASSWORD)
    for path in _owner_table_pages(page, live_site):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        _fits(page, path)
        _assert_cards(page, path)
        assert_no_axe_violations(page, f"{path} (phone)")
    screenshot(page, "owner-vouchers-cards", "narrow")


def test_collective_report_is_cards_on_a_phone(make_page, live_site):
    report = live_site.data["collective_report"]
    if not report:
        pytest.skip("the demo has no frozen collective campaign")
    page, _watcher = _narrow(make_page)
    page.goto(report)
    _fits(page, report)
    _assert_cards(page, report)
    screenshot(page, "collective-report-cards", "narrow")


def test_owner_tables_stay_tables_on_a_desktop(make_page, live_site):
    page, _watcher = make_page("desktop")
    login(page, live_site.data["accounts"]["owner"], PASSWORD)
    for path in _owner_table_pages(page, live_site):
        page.goto(path)
        table = page.locator("main table.table--cards").first
        assert table.evaluate("t => getComputedStyle(t).display") == "table"
        assert table.locator("thead").is_visible()
        assert table.locator("td[data-label]").first.evaluate("td => getComputedStyle(td, '::before').content") in (
            "none",
            "normal",
        )


def test_my_data_has_the_dashboards_phone_buttons(make_page, live_site):
    page, _watcher = _narrow(make_page)
    login(page, live_site.data["accounts"]["owner"], PASSWORD)
    page.goto("/meine-daten/")
    _fits(page, "my data")
    boxes = page.eval_on_selector_all(
        "main .btn",
        """buttons => buttons.map(b => {
            const r = b.getBoundingClientRect(), p = b.parentElement, s = getComputedStyle(p);
            return {height: Math.round(r.height), width: r.width,
                    inner: p.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)};
        })""",
    )
    assert len(boxes) >= 2
    heights = {box["height"] for box in boxes}
    assert min(heights) >= 56 and max(heights) - min(heights) <= 1, f"'My data' buttons are not of one height: {boxes}"
    for box in boxes:
        assert abs(box["width"] - box["inner"]) <= 1, f"a button on 'My data' is not full width: {boxes}"
    assert_no_axe_violations(page, "my data (phone)")


def test_owner_of_several_businesses_gets_one_disclosure_each(make_page, live_site):
    """With JavaScript (which folds the menu on a phone); without it the same native <details> are simply open
    (owners/tests/test_business_menu.py checks that HTML)."""
    email, pks = live_site.data["accounts"]["owner_of_several"], live_site.data["owner_of_several_businesses"]
    if not email:
        pytest.skip("the demo has no owner of several businesses")
    page, _watcher = _narrow(make_page)
    login(page, email, PASSWORD)
    target = f"/mein-unternehmen/{pks[-1]}/"
    page.goto(target + "gutscheine/")
    fold = page.locator("details.owners-nav__fold")
    assert not fold.evaluate("d => d.open"), "on a phone the menu starts folded"
    fold.locator("summary.owners-nav__toggle").click()
    groups = page.locator(".owners-nav__business")
    assert groups.count() == len(pks)
    opened = [g for g in groups.all() if g.evaluate("d => d.open")]
    assert len(opened) == 1, "only the business on screen is open"
    assert opened[0].locator(f"a[href='{target}gutscheine/'][aria-current=page]").count() == 1
    closed = [g for g in groups.all() if not g.evaluate("d => d.open")]
    closed[0].locator("summary").click()
    assert closed[0].locator("a").first.is_visible(), "another business opens with a tap"
    # The top list holds only the links that belong to no single business.
    top = page.locator(".owners-nav > .owners-nav__list a")
    assert not [h for h in top.evaluate_all("as => as.map(a => a.getAttribute('href'))") if "/gutscheine/" in h]
    _fits(page, "menu of several businesses")
    height = page.locator("nav.owners-nav").bounding_box()["height"]
    assert height < NARROW["height"], f"the opened menu ({height}px) is longer than the screen"
    assert_no_axe_violations(page, "menu of several businesses")
    screenshot(page, "owner-menu-several", "narrow")
