"""Operations and wiring: healthz, admin log-in redirect, robots.txt, sitemap.xml, language switch, admin branding."""

from unittest import mock

import pytest

from django.contrib.auth import get_user_model
from django.db.utils import OperationalError

from home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_reports_database_failure(client):
    with mock.patch("home.views.connection.cursor", side_effect=OperationalError("could not connect")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
    assert "could not connect" not in response.content.decode()


def test_healthz_only_answers_get(client):
    assert client.post("/healthz").status_code == 405


def test_admin_login_redirects_to_allauth(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/"


def test_admin_login_keeps_a_local_next(client):
    response = client.get("/admin/login/", {"next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=%2Fadmin%2Fpages%2F"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "http://evil.example", "javascript:alert(1)", "/\\evil.example"],
)
def test_admin_login_refuses_open_redirects(client, target):
    response = client.get("/admin/login/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/"


def test_admin_requires_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"] or "/admin/login/" in response["Location"]


def test_admin_is_branded(client, settings):
    user = get_user_model().objects.create_superuser("chef", "chef@example.org", "x-very-long-password")
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "img/logo.svg" in html
    assert "img/favicon.svg" in html
    assert f"{settings.PLATFORM_NAME} {settings.CITY_NAME}" in html


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "User-agent: *" in body and "Disallow: /admin/" in body
    for prefix in ("", "/en", "/tr", "/uk", "/ar"):
        assert f"Disallow: {prefix}/konto/" in body and f"Disallow: {prefix}/suche/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_live_pages(client):
    StandardPageFactory(title="Impressum", slug="impressum")
    draft = StandardPageFactory(title="Entwurf", slug="entwurf")
    draft.unpublish()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/impressum/</loc>" in body
    assert "entwurf" not in body


def test_language_switch_to_english_and_back(client):
    StandardPageFactory(title="Kontakt", slug="kontakt")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/kontakt/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/kontakt/"
    assert response.cookies["django_language"].value == "en"
    page = client.get(response["Location"])
    assert '<html lang="en" dir="ltr">' in page.content.decode()

    back = client.post("/i18n/setlang/", {"language": "de", "next": "/kontakt/"})
    assert back["Location"] == "/kontakt/"
    assert back.cookies["django_language"].value == "de"
    assert '<html lang="de" dir="ltr">' in client.get("/kontakt/").content.decode()


def test_language_switcher_is_plain_links_without_token(client):
    html = client.get("/").content.decode()
    assert '<a class="language-switcher__button" href="/en/" hreflang="en" lang="en">' in html
    # No form, no CSRF token in the page chrome: public pages stay cacheable (see home/language_links.py).
    assert "csrfmiddlewaretoken" not in html and "/i18n/setlang/" not in html


def test_home_page_sets_no_cookie_for_anonymous_visitors(client):
    response = client.get("/")
    assert response.status_code == 200
    assert not response.cookies


def test_language_switch_refuses_foreign_next_and_unknown_language(client):
    evil = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert evil.status_code == 302 and "evil.example" not in evil["Location"]
    unknown = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert "django_language" not in unknown.cookies


def test_language_switch_works_without_csrf_token_but_only_by_post():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/en/"
    assert response.cookies["django_language"].value == "en"
    assert client.get("/i18n/setlang/", {"language": "en"}).status_code == 405


def test_unprefixed_urls_stay_german_even_with_english_cookie(client):
    client.cookies["django_language"] = "en"
    assert '<html lang="de" dir="ltr">' in client.get("/").content.decode()


def test_styleguide_only_with_debug(client, settings):
    assert client.get("/_styleguide/").status_code == 404
    settings.DEBUG = True
    response = client.get("/_styleguide/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="btn btn--primary"' in html and 'aria-invalid="true"' in html
