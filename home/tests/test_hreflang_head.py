"""<link rel="alternate" hreflang> in the <head>: one per live translation plus x-default, absolute URLs, computed
once together with the language switcher (home/language_links.py), and the page cache still works (issue 18)."""

import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import Locale

from fundraising.factories import CampaignPageFactory
from home.factories import StandardPageFactory
from home.language_links import hreflang_links, language_links
from home.tests.test_language_switcher import translate

pytestmark = pytest.mark.django_db

ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([a-zA-Z-]+)" href="([^"]*)">')


def head(response):
    html = response.content.decode()
    return html[: html.index("</head>")]


def alternates(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return dict(ALTERNATE.findall(head(response)))


@pytest.fixture
def help_page():
    page = StandardPageFactory(title="Hilfe", slug="hilfe")
    translate(page, "en", title="Help", slug="help")
    return page


HELP = {
    "de": "http://testserver/hilfe/",
    "en": "http://testserver/en/help/",
    "x-default": "http://testserver/hilfe/",
}


def test_a_translated_page_and_its_translation_name_each_other(client, help_page):
    assert alternates(client, "/hilfe/") == HELP
    assert alternates(client, "/en/help/") == HELP
    html = head(client.get("/hilfe/"))
    assert html.index('hreflang="de"') < html.index('hreflang="en"') < html.index('hreflang="x-default"')


def test_a_fallback_version_points_to_the_real_translations_only(client, help_page):
    # /tr/hilfe/ shows the German page in the Turkish interface: not a Turkish alternate.
    assert alternates(client, "/tr/hilfe/") == HELP
    assert alternates(client, "/ar/hilfe/") == HELP


def test_a_page_without_translations_has_no_alternates(client):
    StandardPageFactory(title="Nur Deutsch", slug="nur-deutsch")
    assert alternates(client, "/nur-deutsch/") == {}
    assert alternates(client, "/en/nur-deutsch/") == {}


def test_an_unpublished_translation_is_no_alternate(client, help_page):
    help_page.get_translation(Locale.objects.get(language_code="en")).unpublish()
    assert alternates(client, "/hilfe/") == {}


def test_more_translations_more_tags(client, help_page):
    translate(help_page, "ar", title="مساعدة", slug="musaada")
    found = alternates(client, "/ar/musaada/")
    assert found == {**HELP, "ar": "http://testserver/ar/musaada/"}


def test_a_routable_sub_page_keeps_its_route(client):
    campaign = CampaignPageFactory()
    translate(campaign, "en", title="Support the bakery")
    route = f"{campaign.url}unterstuetzen/"
    with translation.override("en"):
        english = campaign.get_translation(Locale.objects.get(language_code="en")).get_url()
    response = client.post(route, {"email": "not-an-address"})  # the form again, on the sub-route
    assert response.status_code == 400
    found = dict(ALTERNATE.findall(head(response)))
    assert found["de"] == f"http://testserver{route}"
    assert found["en"] == f"http://testserver{english}unterstuetzen/"
    assert found["x-default"] == found["de"]


def test_views_that_are_not_pages_have_none(client):
    assert alternates(client, "/suche/?q=x") == {}


def test_query_count_does_not_grow_with_the_number_of_translations(client, help_page):
    client.get("/hilfe/")  # warm caches (site root paths, settings)
    with CaptureQueriesContext(connection) as two:
        client.get("/hilfe/")
    for code in ("tr", "uk", "ar"):
        translate(help_page, code, slug=f"hilfe-{code}")
    client.get("/hilfe/")
    with CaptureQueriesContext(connection) as five:
        response = client.get("/hilfe/")
    assert len(dict(ALTERNATE.findall(head(response)))) == 6
    assert len(five) == len(two), [q["sql"] for q in five]


def test_the_head_and_the_switcher_share_one_computation(rf, help_page, django_assert_num_queries):
    request = rf.get("/hilfe/")
    with translation.override("de"):
        assert len(hreflang_links(request, help_page)) == 3
        with django_assert_num_queries(0):
            links = language_links(request, help_page)
            hreflang_links(request, help_page)
    assert {link["code"]: link["url"] for link in links}["en"] == "/en/help/"


def test_the_page_cache_keeps_working(client, settings, help_page):
    settings.PUBLIC_PAGE_CACHE = True
    settings.PAGE_CACHE_SECONDS = 60
    client.get("/hilfe/")  # the first visit creates the site settings rows, which empties the cache once
    first = client.get("/en/help/")
    second = client.get("/en/help/")
    assert not first.cookies
    assert first["X-Public-Cache"] == "miss" and second["X-Public-Cache"] == "hit"
    assert dict(ALTERNATE.findall(head(second))) == HELP
