"""Reward texts the platform writes itself ("Gutschein über 12 €"), shown in the reader's language.

The platform stores the text it generated (in the language of the person who started the campaign), so that an
edited title stays as the owner wrote it. When a stored title or description is still exactly what the platform
generated in any of settings.LANGUAGES, it is generated again in the active language; anything else is the owner's
own text and is shown unchanged.
"""

import functools

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from commons.money import format_cents

# Texts an earlier demo generator wrote in German (kept so existing demo databases translate, too).
LEGACY_DESCRIPTIONS = ("Heute {pay} zahlen, später für {value} einkaufen.",)


def voucher_title(value_cents):
    return _("Voucher worth %(value)s") % {"value": format_cents(value_cents)}


def voucher_description(pay_cents, value_cents):
    return _("Pay %(pay)s now, shop for %(value)s later.") % {
        "pay": format_cents(pay_cents),
        "value": format_cents(value_cents),
    }


def _same(a, b):
    return " ".join((a or "").replace("\u00a0", " ").split()) == " ".join((b or "").replace("\u00a0", " ").split())


def _generated_in_any_language(text, make):
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            if _same(text, make()):
                return True
    return False


def _normal(text):
    return " ".join((text or "").replace("\u00a0", " ").split())


@functools.lru_cache(maxsize=1024)
def _generated_title(value_cents, language):
    """The title the platform generates for this value in `language` (normalised): recognising a generated title
    no longer switches languages on every call."""
    with translation.override(language):
        return _normal(voucher_title(value_cents))


def is_generated_title(text, value_cents):
    if not value_cents:
        return False
    text = _normal(text)
    # The language the title was most likely generated in first (each language checked loads its catalogue once).
    codes = [code for code, _name in settings.LANGUAGES]
    first = [code for code in (translation.get_language(), settings.LANGUAGE_CODE) if code in codes]
    return any(text == _generated_title(value_cents, code) for code in dict.fromkeys([*first, *codes]))


def is_generated_description(text, pay_cents, value_cents):
    if not (value_cents and pay_cents):
        return False
    if _generated_in_any_language(text, lambda: voucher_description(pay_cents, value_cents)):
        return True
    with translation.override("de"):
        pay, value = format_cents(pay_cents), format_cents(value_cents)
    return any(_same(text, legacy.format(pay=pay, value=value)) for legacy in LEGACY_DESCRIPTIONS)


def display_title(text, value_cents):
    """The title in the active language if the platform generated it, else as written."""
    return voucher_title(value_cents) if is_generated_title(text, value_cents) else text


def display_description(text, pay_cents, value_cents):
    if is_generated_description(text, pay_cents, value_cents):
        return voucher_description(pay_cents, value_cents)
    return text
