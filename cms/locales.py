"""Wagtail's locales follow settings.WAGTAIL_CONTENT_LANGUAGES (= LANGUAGES): after every migrate, each listed
language has its Locale row, so adding a language is a setting and a catalogue, never a data migration."""

from django.conf import settings

from wagtail.models import Locale


def sync_locales(**_kwargs):
    existing = set(Locale.objects.values_list("language_code", flat=True))
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code not in existing:
            Locale.objects.create(language_code=code)
