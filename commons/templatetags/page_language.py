"""`{% content_lang page %}`: ` lang="de"` on an element holding a page's own text when the page's language is not
the interface language (WCAG 3.1.2, language of parts) – e.g. a German page served in the Turkish interface; plus
` dir="ltr"` where the two languages are written in different directions (German text in the Arabic interface)."""

from django import template
from django.conf import settings
from django.utils.html import format_html

from commons.page_language import _language_of_locale, active_language

register = template.Library()


@register.simple_tag(takes_context=True)
def content_lang(context, page=None):
    page = page if page is not None else context.get("page")
    locale_id = getattr(page, "locale_id", None)
    if locale_id is None:
        return ""
    return _marking(_language_of_locale(locale_id))


@register.simple_tag
def source_lang():
    """The marking for text that exists only in the source language (site settings such as the crisis banner)."""
    return _marking(settings.LANGUAGE_CODE)


def _marking(language):
    active = active_language()
    if language == active:
        return ""
    bidi = set(settings.LANGUAGES_BIDI)
    if (language in bidi) != (active in bidi):
        # German in the Arabic interface keeps its own direction: the full stop stays at the end of the sentence.
        return format_html(' lang="{}" dir="{}"', language, "rtl" if language in bidi else "ltr")
    return format_html(' lang="{}"', language)


@register.filter
def bdi(value):
    """`{{ name|bdi }}`: owner-entered text isolated from the surrounding direction (a German name in an Arabic
    sentence keeps its place). Usable in `{% blocktranslate with name=name|bdi %}` without changing the msgid."""
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", value)
