"""Owners write plain text; it is stored as Wagtail rich text made only of escaped paragraphs and line breaks.

No markup an owner types ever reaches the page: `<script>`, `javascript:` links or event handlers end up as visible,
escaped text. Editors can still add formatting in the admin.
"""

import html
import re

from django.utils.html import escape, strip_tags

_PARAGRAPH_SPLIT = re.compile(r"\n\s*\n")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_to_richtext(text):
    text = _CONTROL_CHARS.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        return ""
    paragraphs = []
    for block in _PARAGRAPH_SPLIT.split(text):
        lines = [escape(line.strip()) for line in block.strip().split("\n")]
        paragraphs.append("<p>" + "<br/>".join(lines) + "</p>")
    return "".join(paragraphs)


_FORMATTING = re.compile(r"<(?!/?(?:p|br)\b)[a-zA-Z/]")


def has_formatting(value):
    """True when stored rich text has more than paragraphs and line breaks (e.g. bold or links an editor added)."""
    return bool(value) and bool(_FORMATTING.search(str(value)))


def keep_or_replace(stored, text):
    """The rich text to store for an owner's plain `text`: the stored value itself when the owner did not change the
    text (so formatting the editors added survives an edit of other fields), else the new plain text."""
    if plain_to_richtext(text) == plain_to_richtext(richtext_to_plain(stored)):
        return stored or ""
    return plain_to_richtext(text)


def richtext_to_plain(value):
    """The text of stored rich text, paragraphs separated by empty lines (for editing in a textarea)."""
    if not value:
        return ""
    value = str(value)
    value = re.sub(r"<br\s*/?>", "\n", value)
    value = re.sub(r"</(p|h[1-6]|li)>", "\n\n", value)
    text = html.unescape(strip_tags(value))
    return re.sub(r"\n{3,}", "\n\n", text).strip()
