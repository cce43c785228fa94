"""/sitemap.xml lists every language's live pages once, each with hreflang alternates for its translations."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from wagtail.models import Locale, Site

from home.factories import StandardPageFactory, home_page

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def translate(page, language, **fields):
    translated = page.copy_for_translation(Locale.objects.get(language_code=language))
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


@pytest.fixture
def translated_homes():
    german = home_page()
    translate(german, "en", title="Home")
    translate(german, "ar", title="الرئيسية")
    Site.clear_site_root_paths_cache()
    return german


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    entries = {}
    locations = []
    for url in root.findall("s:url", NS):
        location = urlsplit(url.find("s:loc", NS).text).path
        locations.append(location)
        links = url.findall("x:link", NS)
        entries[location] = {link.get("hreflang"): urlsplit(link.get("href")).path for link in links}
    assert len(locations) == len(set(locations)), "a URL is listed twice"
    return entries


def test_every_languages_live_pages_are_listed_in_their_own_language(client, translated_homes):
    page = StandardPageFactory(title="Hilfe", slug="hilfe")
    translate(page, "en", title="Help", slug="help")
    entries = sitemap(client)
    assert {"/", "/en/", "/ar/", "/hilfe/", "/en/help/"} <= set(entries)
    # German content served under /tr/ or /en/ through the fallback is not a page of its own.
    assert "/tr/hilfe/" not in entries and "/en/hilfe/" not in entries and "/tr/" not in entries


def test_translations_name_each_other_with_hreflang(client, translated_homes):
    page = StandardPageFactory(title="Hilfe", slug="hilfe")
    translate(page, "en", title="Help", slug="help")
    entries = sitemap(client)
    expected = {
        "de": "/hilfe/",
        "en": "/en/help/",
        "x-default": "/hilfe/",
    }
    assert entries["/hilfe/"] == expected
    assert entries["/en/help/"] == expected
    home = entries["/"]
    assert home == {
        "ar": "/ar/",
        "de": "/",
        "en": "/en/",
        "x-default": "/",
    }


def test_a_page_without_translations_has_no_alternates(client, translated_homes):
    StandardPageFactory(title="Nur Deutsch", slug="nur-deutsch")
    assert sitemap(client)["/nur-deutsch/"] == {}


def test_drafts_and_private_translations_are_neither_listed_nor_alternates(client, translated_homes):
    page = StandardPageFactory(title="Hilfe", slug="hilfe")
    draft = translate(page, "en", title="Help", slug="help")
    draft.unpublish()
    entries = sitemap(client)
    assert "/en/help/" not in entries
    assert entries["/hilfe/"] == {}
    unpublished_german = StandardPageFactory(title="Entwurf", slug="entwurf")
    unpublished_german.unpublish()
    assert not [location for location in sitemap(client) if "entwurf" in location]


def test_the_sitemap_works_with_only_the_german_tree(client):
    StandardPageFactory(title="Impressum", slug="impressum")
    entries = sitemap(client)
    assert "/impressum/" in entries and "/" in entries
    assert all(not location.startswith("/en/") for location in entries)


def test_query_count_does_not_grow_with_the_pages(client, translated_homes, django_assert_max_num_queries):
    for number in range(3):
        translate(StandardPageFactory(title=f"S{number}", slug=f"s-{number}"), "en", slug=f"s-en-{number}")
    with django_assert_max_num_queries(40) as small:
        client.get("/sitemap.xml")
    for number in range(3, 12):
        translate(StandardPageFactory(title=f"S{number}", slug=f"s-{number}"), "en", slug=f"s-en-{number}")
    with django_assert_max_num_queries(len(small.captured_queries) + 2):
        entries = sitemap(client)
    assert len(entries) == 3 + 24
