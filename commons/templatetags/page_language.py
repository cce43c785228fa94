"""`{% content_lang page %}`: ` lang="de"` on an element holding a page's own text when the page's language is not
the interface language (WCAG 3.1.2, language of parts) – e.g. a German page served in the Turkish interface."""

from django import template
from django.utils.html import format_html

from commons.page_language import _language_of_locale, active_language

register = template.Library()


@register.simple_tag(takes_context=True)
def content_lang(context, page=None):
    page = page if page is not None else context.get("page")
    locale_id = getattr(page, "locale_id", None)
    if locale_id is None:
        return ""
    language = _language_of_locale(locale_id)
    if language == active_language():
        return ""
    return format_html(' lang="{}"', language)
