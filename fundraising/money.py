"""Money is integer cents. Parsing user input goes through Decimal strings, never float."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format

AMOUNT_RE = re.compile(r"^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*(?:€|eur|EUR)?\s*$")


def parse_amount_to_cents(value):
    """'12', '12,5', '12.50', '12 €' -> cents; anything else (negative, three decimals, '1e3', '') -> None."""
    if value is None:
        return None
    value = str(value)
    if len(value) > 20:
        return None
    match = AMOUNT_RE.match(value)
    if not match:
        return None
    euros, fraction = match.groups()
    try:
        amount = Decimal(f"{euros}.{fraction or '0'}")
    except InvalidOperation:
        return None
    return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def format_cents(cents, decimals=None):
    """Localised euro amount: '12,50 €' / '€12.50'. Whole euros without decimals unless asked."""
    if cents is None:
        return ""
    amount = Decimal(cents) / 100
    if decimals is None:
        decimals = 0 if cents % 100 == 0 else 2
    from django.utils.translation import get_language

    text = number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    if (get_language() or "de").startswith("en"):
        return f"€{text}"
    return f"{text}\u00a0€"
