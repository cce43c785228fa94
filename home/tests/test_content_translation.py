"""Translated page content (issue 18): one page tree per language (wagtail-localize); a page not translated into
the visitor's language is served in its source language, marked lang, under the visitor's prefix – never a 404."""

import pytest

from django.conf import settings
from django.utils import translation

from wagtail.models import Locale, Page, Site

from home.factories import StandardPageFactory, home_page
from home.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_home():
    german = home_page()
    english = german.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Home"
    english.save_revision().publish()
    Site.clear_site_root_paths_cache()
    return english


def translate(page, **fields):
    translated = page.copy_for_translation(Locale.objects.get(language_code="en"))
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


def test_every_language_has_its_locale():
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {c for c, _ in settings.LANGUAGES}


def test_wagtail_localize_is_installed_and_i18n_on():
    assert settings.WAGTAIL_I18N_ENABLED
    assert "wagtail_localize" in settings.INSTALLED_APPS and "wagtail_localize.locales" in settings.INSTALLED_APPS
    assert "wagtail.locales" not in settings.INSTALLED_APPS


def test_english_page_is_served_under_en_and_german_stays_german(client, english_home):
    page = StandardPageFactory(title="Hilfe", slug="hilfe", introduction="Wir helfen.")
    translate(page, title="Help", introduction="We help.")
    english = client.get("/en/hilfe/").content.decode()
    assert "<h1>Help</h1>" in english and "We help." in english and "Wir helfen." not in english
    german = client.get("/hilfe/").content.decode()
    assert "<h1>Hilfe</h1>" in german and "We help." not in german


@pytest.mark.parametrize("prefix", ["/tr", "/uk", "/ar"])
def test_untranslated_page_is_served_in_german_marked_lang(client, prefix):
    StandardPageFactory(title="Hilfe", slug="hilfe", introduction="Wir helfen.")
    response = client.get(f"{prefix}/hilfe/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{prefix[1:]}"' in html
    # In the right-to-left interface the German text also keeps its own direction.
    mark = ' lang="de" dir="ltr"' if prefix == "/ar" else ' lang="de"'
    assert f"<h1{mark}>Hilfe</h1>" in html and f'<p class="lead"{mark}>Wir helfen.</p>' in html


def test_untranslated_child_of_a_translated_page_falls_back_under_en(client, english_home):
    StandardPageFactory(title="Nur Deutsch", slug="nur-deutsch")
    response = client.get("/en/nur-deutsch/")
    assert response.status_code == 200
    assert '<h1 lang="de">Nur Deutsch</h1>' in response.content.decode()
    assert '<html lang="en"' in response.content.decode()


def test_the_german_path_leads_to_the_existing_translation(client, english_home):
    page = StandardPageFactory(title="Hilfe", slug="hilfe")
    translate(page, title="Help", slug="help")
    response = client.get("/en/hilfe/")
    assert response.status_code == 302 and response["Location"] == "/en/help/"


def test_missing_pages_stay_404_in_every_language(client, english_home):
    for path in ["/gibt-es-nicht/", "/en/gibt-es-nicht/", "/tr/gibt-es-nicht/", "/ar/a/b/c/"]:
        assert client.get(path).status_code == 404, path


def test_unpublished_page_is_not_served_through_the_fallback(client, english_home):
    page = StandardPageFactory(title="Entwurf", slug="entwurf")
    page.unpublish()
    assert client.get("/en/entwurf/").status_code == 404
    assert client.get("/tr/entwurf/").status_code == 404


def test_page_links_keep_the_visitors_language(english_home):
    page = StandardPageFactory(title="Hilfe", slug="hilfe")
    for code in ("tr", "uk", "ar", "en"):
        with translation.override(code):
            assert Page.objects.get(pk=page.pk).get_url() == f"/{code}/hilfe/"
    with translation.override("de"):
        assert Page.objects.get(pk=page.pk).get_url() == "/hilfe/"


def test_links_in_a_turkish_page_stay_turkish(client):
    StandardPageFactory(title="Hilfe", slug="hilfe", show_in_menus=True)
    html = client.get("/tr/").content.decode()
    assert 'href="/tr/hilfe/"' in html and 'href="/hilfe/"' not in html


def test_sitemap_lists_the_source_pages_and_their_translations(client, english_home):
    """More in test_sitemap_languages.py."""
    page = StandardPageFactory(title="Hilfe", slug="hilfe")
    translate(page, title="Help", slug="help")
    response = client.get("/sitemap.xml")
    body = response.content.decode()
    assert response.status_code == 200 and "/hilfe/</loc>" in body and "/en/help/</loc>" in body


def test_the_page_cache_keeps_languages_apart(client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    StandardPageFactory(title="Hilfe", slug="hilfe")
    german = client.get("/hilfe/").content.decode()
    turkish = client.get("/tr/hilfe/").content.decode()
    assert '<html lang="de"' in german and '<html lang="tr"' in turkish
    assert '<html lang="de"' in client.get("/hilfe/").content.decode()


def test_the_source_home_page_is_the_one_the_seed_reads(english_home):
    assert HomePage.objects.count() == 2
    assert HomePage.objects.filter(locale=Locale.get_default()).get().pk == home_page_pk()


def home_page_pk():
    return HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).values_list("pk", flat=True).get()


@pytest.mark.parametrize(
    ("language", "marking"),
    [("de", ""), ("en", ' lang="de"'), ("tr", ' lang="de"'), ("ar", ' lang="de" dir="ltr"')],
)
def test_source_language_text_is_marked_with_its_language_and_direction(language, marking):
    from django.template import Context, Template

    template = Template("{% load page_language %}<p{% source_lang %}>x</p><h1{% content_lang page %}>y</h1>")
    with translation.override(language):
        html = template.render(Context({"page": home_page_obj()}))
    assert html == f"<p{marking}>x</p><h1{marking}>y</h1>"


def home_page_obj():
    return HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).get()
