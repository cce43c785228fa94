"""Every public page type, at desktop and phone width: zero axe-core WCAG 2.1 A/AA violations, no console errors,
no failed requests, and a screenshot in artifacts/screenshots/."""

import re

import pytest

from .conftest import PASSWORD, assert_no_axe_violations, login, screenshot

pytestmark = pytest.mark.browser

PAGES = [
    ("home", "home"),
    ("standard", "standard"),
    ("news-index", "news_index"),
    ("news", "news"),
    ("directory", "directory"),
    ("map", "map"),
    ("business", "business"),
    ("campaign", "campaign"),
    ("collective-index", "collective_index"),
    ("collective-campaign", "collective_campaign"),
    ("collective-report", "collective_report"),
    ("accessibility-statement", "accessibility_statement"),
    ("privacy-policy", "privacy_policy"),
]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("name,key", PAGES, ids=[name for name, _ in PAGES])
def test_public_page(make_page, live_site, viewport, name, key):
    url = live_site.data.get(key)
    if not url:
        pytest.fail(f"the demo data has no {name} page (discover.py found none)")
    page, _watcher = make_page(viewport)
    response = page.goto(url)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1, "exactly one h1 per page"
    assert page.locator("main#main").count() == 1
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.title().strip()
    width, window = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= window, f"{name}: the page is {width}px wide in a {window}px window (sideways scrolling)"
    screenshot(page, name, viewport)
    assert_no_axe_violations(page, name)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_search_results(make_page, live_site, viewport):
    page, _watcher = make_page(viewport)
    page.goto("/suche/")
    search = page.locator("main").get_by_role("searchbox").first
    search.fill(live_site.data["business_title"].split()[0])
    search.press("Enter")
    page.wait_for_load_state("networkidle")
    assert live_site.data["business_title"].split()[0] in page.locator("main").inner_text()
    screenshot(page, "search", viewport)
    assert_no_axe_violations(page, "search results")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_not_found_page(make_page, viewport):
    page, watcher = make_page(viewport)
    watcher.expected_statuses.add(404)
    watcher.expected_console.append(r"status of 404")
    response = page.goto("/diese-seite-gibt-es-nicht/")
    assert response.status == 404
    assert page.locator("h1").count() == 1
    assert page.locator("header a[href='/']").count() >= 1, "the 404 page keeps the navigation"
    screenshot(page, "404", viewport)
    assert_no_axe_violations(page, "404")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("path,name", [("/konto/login/", "login"), ("/konto/signup/", "signup")])
def test_account_pages_and_their_errors(make_page, viewport, path, name):
    """The empty form, then the form with errors: errors are announced and linked to their fields."""
    page, _watcher = make_page(viewport)
    page.goto(path)
    screenshot(page, name, viewport)
    assert_no_axe_violations(page, name)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    invalid = page.locator("main [aria-invalid=true]")
    assert invalid.count() >= 1
    for i in range(invalid.count()):
        described = invalid.nth(i).get_attribute("aria-describedby") or ""
        assert any(
            page.locator(f"#{ident}").count() and page.locator(f"#{ident}").inner_text().strip()
            for ident in described.split()
        ), f"field {invalid.nth(i).get_attribute('name')} has no linked error text"
    screenshot(page, f"{name}-errors", viewport)
    assert_no_axe_violations(page, f"{name} with errors")


def test_accessibility_statement_has_feedback_contact(make_page, live_site):
    page, _watcher = make_page()
    page.goto(live_site.data["accessibility_statement"])
    text = page.locator("main").inner_text()
    assert "Barrierefreiheit" in page.locator("h1").inner_text()
    assert re.search(r"Feedback", text)
    assert page.locator("main a[href^='mailto:']").count() >= 1 or re.search(r"[\w.-]+@[\w.-]+", text), (
        "the statement names a feedback contact (email)"
    )
    assert re.search(r"Schlichtung", text), "the statement names the arbitration procedure (BITV 2.0 § 7)"
    # The footer links to it from every page.
    page.goto("/")
    assert page.locator(f"footer a[href='{live_site.data['accessibility_statement']}']").count() == 1


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_owner_pages(make_page, live_site, viewport):
    """The owner's screens, signed in as a demo owner: dashboard, business, registration, campaign, vouchers, redeem,
    my data, account."""
    pk = live_site.data.get("owner_business_pk")
    assert pk, "the demo data has no business with an owner"
    page, _watcher = make_page(viewport)
    login(page, live_site.data["accounts"]["owner"], PASSWORD)
    paths = [
        ("owner-dashboard-demo", "/mein-unternehmen/"),
        ("owner-business-demo", f"/mein-unternehmen/{pk}/"),
        ("owner-edit", f"/mein-unternehmen/{pk}/bearbeiten/"),
        ("owner-register-demo", "/mein-unternehmen/registrieren/"),
        ("owner-vouchers", f"/mein-unternehmen/{pk}/gutscheine/"),
        ("owner-redeem-demo", f"/mein-unternehmen/{pk}/gutscheine/einloesen/"),
        ("my-data-owner", "/meine-daten/"),
        ("account-email", "/konto/email/"),
    ]
    for name, path in paths:
        response = page.goto(path)
        assert response.status == 200, f"{path}: HTTP {response.status}"
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").count() == 1, f"{path}: exactly one h1"
        screenshot(page, name, viewport)
        assert_no_axe_violations(page, name)


@pytest.mark.parametrize("key", ["home", "directory", "map", "business", "campaign", "accessibility_statement"])
def test_english_pages(make_page, live_site, key):
    """The English site (/en/…): lang="en", the interface in English (menu items are page titles: content, German
    unless a page has an English title), no axe violations."""
    page, _watcher = make_page("phone")
    response = page.goto("/en" + live_site.data[key])
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "en"
    nav = page.locator("header.site-header").text_content()
    assert "Search" in nav and "Suche" not in nav
    screenshot(page, f"{key.replace('_', '-')}-english", "phone")
    assert_no_axe_violations(page, f"{key} (English)")
