"""Moved to commons.richtext (the plugins store owners' plain text the same way)."""

from commons.richtext import has_formatting, keep_or_replace, plain_to_richtext, richtext_to_plain  # noqa: F401
