"""The languages are one setting: each is served, offered by the switcher and written in its direction."""

import re

import pytest

from django.conf import settings
from django.test import override_settings
from django.utils import translation

from alerts.models import Subscriber
from commons.languages import language_choices, text_direction
from owners.models import OwnerProfile

pytestmark = pytest.mark.django_db

CODES = [code for code, _name in settings.LANGUAGES]


def test_the_city_languages_are_listed_once():
    assert CODES == ["de", "en", "tr", "uk", "ar"]
    assert settings.WAGTAIL_CONTENT_LANGUAGES is settings.LANGUAGES
    assert settings.WAGTAILADMIN_PERMITTED_LANGUAGES is settings.LANGUAGES


@pytest.mark.parametrize("code", ["en", "tr", "uk", "ar"])
def test_every_language_is_served_under_its_prefix_in_its_direction(client, code):
    html = client.get(f"/{code}/").content.decode()
    direction = "rtl" if code == "ar" else "ltr"
    assert f'<html lang="{code}" dir="{direction}">' in html


def test_german_is_served_without_prefix_left_to_right(client):
    assert '<html lang="de" dir="ltr">' in client.get("/").content.decode()


@pytest.mark.parametrize("path", ["/", "/ar/", "/tr/"])
def test_the_switcher_offers_every_other_language_in_its_own_name(client, path):
    html = client.get(path).content.decode()
    current = path.strip("/") or "de"
    offered = set(re.findall(r'class="language-switcher__button" href="[^"]*" hreflang="([a-z]+)"', html))
    assert offered == set(CODES) - {current}
    assert 'lang="ar"' in html or current == "ar"
    if current != "ar":
        assert "العربيّة" in html
    if current != "uk":
        assert "Українська" in html


def test_switching_to_arabic_keeps_the_page_and_sets_the_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/kontakt/"})
    assert response.status_code == 302 and response["Location"] == "/ar/kontakt/"
    assert response.cookies["django_language"].value == "ar"


def test_a_language_not_listed_is_refused(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/kontakt/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "django_language" not in response.cookies
    assert client.get("/fr/").status_code == 404


def test_text_direction_follows_the_active_language():
    with translation.override("ar"):
        assert text_direction() == "rtl"
    with translation.override("tr"):
        assert text_direction() == "ltr"


def test_model_language_fields_read_the_setting_at_use_time():
    """Adding a language is a setting: the fields' choices are a callable, not a frozen list (no migration)."""
    for model in (OwnerProfile, Subscriber):
        field = model._meta.get_field("language")
        assert [code for code, _ in field.choices] == CODES
        assert field.deconstruct()[3]["choices"] is language_choices
    with override_settings(LANGUAGES=[*settings.LANGUAGES, ("pl", "Polish")]):
        assert ("pl", "Polish") in language_choices()
