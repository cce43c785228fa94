"""The language switcher: plain links to the page's own translation, else to the source page under the other
language's prefix; no session, no cookie (issue 18)."""

import re

import pytest

from django.utils import translation

from wagtail.models import Locale, Site

from fundraising.factories import CampaignPageFactory
from home.factories import StandardPageFactory, home_page
from home.language_links import language_links

pytestmark = pytest.mark.django_db

SWITCHER = re.compile(r'<a class="language-switcher__button" href="([^"]*)" hreflang="([a-z]+)"')


def translate(page, language, **fields):
    translated = page.copy_for_translation(Locale.objects.get(language_code=language), copy_parents=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    Site.clear_site_root_paths_cache()
    return translated


def switcher(client, url, **params):
    response = client.get(url, params)
    assert not response.cookies, "the switcher must not need a cookie"
    return {code: href for href, code in SWITCHER.findall(response.content.decode())}


@pytest.fixture
def help_page():
    page = StandardPageFactory(title="Hilfe", slug="hilfe")
    translate(page, "en", title="Help", slug="help")
    return page


def test_german_page_links_to_the_translations_own_slug(client, help_page):
    assert switcher(client, "/hilfe/") == {
        "en": "/en/help/",
        "tr": "/tr/hilfe/",
        "uk": "/uk/hilfe/",
        "ar": "/ar/hilfe/",
    }


def test_translated_page_links_back_to_the_source_and_to_the_fallbacks(client, help_page):
    assert switcher(client, "/en/help/") == {
        "de": "/hilfe/",
        "tr": "/tr/hilfe/",
        "uk": "/uk/hilfe/",
        "ar": "/ar/hilfe/",
    }


def test_a_fallback_page_links_to_the_existing_translation(client, help_page):
    links = switcher(client, "/tr/hilfe/")
    assert links["en"] == "/en/help/" and links["de"] == "/hilfe/" and links["ar"] == "/ar/hilfe/"
    assert "tr" not in links


def test_an_unpublished_translation_is_not_linked(client, help_page):
    translation = help_page.get_translation(Locale.objects.get(language_code="en"))
    translation.unpublish()
    assert switcher(client, "/hilfe/")["en"] == "/en/hilfe/"


def test_every_link_leads_to_a_page_in_that_language(client, help_page):
    for code, href in switcher(client, "/hilfe/").items():
        response = client.get(href)
        assert response.status_code == 200, href
        assert f'<html lang="{code}"' in response.content.decode()


def test_a_routable_sub_page_keeps_its_route(rf):
    campaign = CampaignPageFactory()
    route = f"{campaign.url}unterstuetzen/"
    with translation.override("de"):
        links = {link["code"]: link["url"] for link in language_links(rf.get(route), campaign)}
    assert links["en"] == f"/en{route}" and links["ar"] == f"/ar{route}"


def test_views_that_are_not_pages_keep_their_path_and_query(client):
    links = switcher(client, "/suche/", q="Bäckerei")
    assert links["en"] == "/en/suche/?q=B%C3%A4ckerei" and links["uk"] == "/uk/suche/?q=B%C3%A4ckerei"
    assert switcher(client, "/ar/suche/")["de"] == "/suche/"


def test_a_missing_page_still_offers_the_other_languages(client):
    response = client.get("/en/gibt-es-nicht/")
    assert response.status_code == 404
    links = {code: href for href, code in SWITCHER.findall(response.content.decode())}
    assert links.get("de", "/gibt-es-nicht/") == "/gibt-es-nicht/"


def test_hostile_and_oversized_queries(client):
    html = client.get("/suche/", {"q": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)</script>" not in html
    links = switcher(client, "/suche/", q="x" * 2000)
    assert links["en"] == "/en/suche/"


def test_the_home_pages(client):
    translate(home_page(), "ar", title="الرئيسية")
    assert switcher(client, "/")["ar"] == "/ar/"
    assert switcher(client, "/ar/") == {"de": "/", "en": "/en/", "tr": "/tr/", "uk": "/uk/"}
