"""Money is integer cents. Parsing user input goes through Decimal strings, never float: the one amount parser
(`parse_amount_to_cents`, optionally accepting thousands separators) and the one display format (`format_cents`)."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import get_language

AMOUNT_RE = re.compile(r"^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*(?:€|eur|EUR)?\s*$")


_DE_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$")  # 5.000 or 1.000.000,50
_EN_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d{1,2})?$")  # 5,000 or 1,000,000.50


def normalise_amount(text):
    """Drop thousands separators (German "5.000", English "5,000"), spaces and the euro sign."""
    text = (text or "").replace("\u00a0", "").replace(" ", "").replace("€", "")
    if _DE_THOUSANDS.match(text):
        return text.replace(".", "")
    if _EN_THOUSANDS.match(text):
        return text.replace(",", "")
    return text


def parse_amount_to_cents(value, thousands=False):
    """'12', '12,5', '12.50', '12 €' -> cents; anything else (negative, three decimals, '1e3', '') -> None.
    With `thousands=True` also '5.000' / '5,000' / '1.000.000,50' (large goals typed as people write them)."""
    if value is None:
        return None
    value = str(value)
    if thousands:
        if len(value) > 40:
            return None
        value = normalise_amount(value)
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
    text = number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    if (get_language() or "de").startswith("en"):
        return f"€{text}"
    return f"{text}\u00a0€"
