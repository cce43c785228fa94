"""Language switch (German ⇄ English) and the "My data" page (export and account deletion) in a real browser."""

import json
import re
import uuid

import pytest

from .conftest import assert_no_axe_violations, login, screenshot

pytestmark = pytest.mark.browser


def _switch_language(page, code):
    """Click the visible switcher; on a phone the navigation sits in a <details> menu that must be opened."""
    buttons = page.locator(f"header.site-header a.language-switcher__button[hreflang={code}]").filter(visible=True)
    if buttons.count() == 0:
        page.locator("header.site-header details > summary").first.click()
        buttons = page.locator(f"header.site-header a.language-switcher__button[hreflang={code}]").filter(visible=True)
    buttons.first.click()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_language_switch_to_english_and_back(make_page, live_site, viewport):
    page, _watcher = make_page(viewport)
    path = live_site.data["campaign"]
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == "de"
    german_nav = page.locator("header.site-header").text_content()

    _switch_language(page, "en")
    page.wait_for_url(re.compile(r"/en/"))
    assert page.locator("html").get_attribute("lang") == "en"
    # The same page in English: its translation's own URL, or the German page under /en/ where there is none.
    assert "/en/" in page.url
    english_nav = page.locator("header.site-header").text_content()
    assert english_nav != german_nav
    assert re.search(r"Businesses|Map|Search", english_nav)
    screenshot(page, "campaign-english", viewport)
    assert_no_axe_violations(page, "campaign (English)")

    _switch_language(page, "de")
    page.wait_for_url(re.compile(re.escape(path) + "$"))
    assert "/en/" not in page.url
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("header.site-header").text_content() == german_nav


def test_my_data_export_and_account_deletion(make_page, live_site):
    """A supporter signs up with the address they pledged with, downloads their data and deletes the account."""
    page, watcher = make_page()
    watcher.expected_statuses.add(400)
    watcher.expected_console.append(r"status of 400")
    email = f"datensparsam-{uuid.uuid4().hex[:6]}@example.org"
    password = "Mein-geheimes-Passwort-77"  # noqa: S105

    # A pledge through the demo checkout, then an account with the same address.
    page.goto(live_site.data["campaign"])
    page.fill("#id_name", "Dana Datensparsam")
    page.fill("#id_email", email)
    page.fill("#id_message", "Viel Erfolg!")
    page.locator("#id_accept_terms").check()
    page.get_by_role("button", name=re.compile("Zahlung")).click()
    page.get_by_role("button", name=re.compile("Bezahlen")).click()
    page.wait_for_url(re.compile(r"/unterstuetzen/danke/"))
    page.goto("/konto/signup/")
    page.fill("#id_email", email)
    page.fill("#id_password1", password)
    page.fill("#id_password2", password)
    page.locator("main button[type=submit]").click()
    link = live_site.wait_for_mail(email, r"http://127\.0\.0\.1:\d+/konto/confirm-email/[^\s/]+/")
    page.goto(re.sub(r"^http://127\.0\.0\.1:\d+", "", link))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    page.goto("/meine-daten/")
    assert page.locator("h1").inner_text() == "Meine Daten"
    assert "1 Unterstützung" in page.locator("main").inner_text()
    screenshot(page, "my-data", "desktop")
    assert_no_axe_violations(page, "my data")

    with page.expect_download() as download_info:
        page.get_by_role("button", name=re.compile("herunterladen")).click()
    download = download_info.value
    assert download.suggested_filename.startswith("meine-daten-")
    data = json.loads(open(download.path(), encoding="utf-8").read())
    assert data["account"]["email"] == email
    assert [p["message"] for p in data["pledges"]] == ["Viel Erfolg!"]

    # Wrong password: the error is announced and linked to the field; nothing is deleted.
    page.fill("#id_password", "falsch")
    page.locator("#id_confirm").check()
    page.get_by_role("button", name=re.compile("Konto löschen")).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("alert").count() >= 1
    field = page.locator("#id_password")
    assert field.get_attribute("aria-invalid") == "true"
    assert "id_password_error" in field.get_attribute("aria-describedby")
    screenshot(page, "my-data-errors", "desktop")
    assert_no_axe_violations(page, "my data with errors")

    page.fill("#id_password", password)
    page.locator("#id_confirm").check()
    page.get_by_role("button", name=re.compile("Konto löschen")).click()
    page.wait_for_url(re.compile(r"/$"))
    assert "Ihr Konto wurde gelöscht" in page.locator("main").inner_text()
    # Signed out, and the account is gone: logging in again fails.
    login(page, email, password)
    assert "/konto/login/" in page.url
