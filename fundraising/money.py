"""Moved to commons.money (the one amount parser and formatter); kept while fundraising.collective still imports it
from here."""

from commons.money import format_cents, parse_amount_to_cents  # noqa: F401
