"""The platform's languages, read from settings.LANGUAGES at use time.

Model fields take `choices=language_choices` (a callable): their migrations then name this function instead of
freezing today's list, so adding a language is a setting and a catalogue, never a migration.
"""

from django.conf import settings
from django.utils.translation import get_language, get_language_bidi


def language_choices():
    return list(settings.LANGUAGES)


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def current_language():
    """The active language's code as listed in LANGUAGES (falls back to the default language)."""
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in language_codes() else settings.LANGUAGE_CODE


def text_direction():
    return "rtl" if get_language_bidi() else "ltr"
