"""`Locale.get_active()` is looked up once per language and process (cms/active_locale.py), and forgotten when a
Locale is saved or deleted."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import Locale

pytestmark = pytest.mark.django_db


def test_second_lookup_costs_no_query():
    with translation.override("de"):
        first = Locale.get_active()
        with CaptureQueriesContext(connection) as queries:
            again = Locale.get_active()
    assert again.pk == first.pk and first.language_code == "de"
    assert len(queries) == 0


def test_each_language_has_its_own_locale():
    english, _created = Locale.objects.get_or_create(language_code="en")
    with translation.override("en"):
        assert Locale.get_active().pk == english.pk
    with translation.override("de"):
        assert Locale.get_active().language_code == "de"


def test_a_saved_or_deleted_locale_is_looked_up_again():
    english, _created = Locale.objects.get_or_create(language_code="en")
    with translation.override("en"):
        assert Locale.get_active().pk == english.pk
        english.delete()
        assert Locale.get_active().language_code == "de"  # Wagtail's fallback: the default locale
        created = Locale.objects.create(language_code="en")
        assert Locale.get_active().pk == created.pk


def test_a_language_without_locale_is_not_remembered():
    Locale.objects.filter(language_code="en").delete()
    with translation.override("en"):
        assert Locale.get_active().language_code == "de"
        with CaptureQueriesContext(connection) as queries:
            Locale.get_active()
    assert len(queries) >= 1  # asked again: a Locale added meanwhile in another worker is found
