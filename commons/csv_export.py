"""The one way the project writes CSV files: numbers stay numbers, text can never become a formula.

**Cells by type** (`cell`): what a value *is* decides how it is written, never what its text looks like.
- `int`, `Decimal`, `float` are numbers, negative ones included: written plainly (no quote, no apostrophe), so a
  spreadsheet sums them. Money is integer cents in the code; export euros with `euros(cents)`, an exact `Decimal`
  with two places (never a float).
- `str` (and anything else, turned into text) is guarded against formula injection (OWASP "CSV injection"): a cell
  starting with ``= + - @``, a tab, CR or LF (or the full-width ``＝ ＋ － ＠`` that some spreadsheets treat alike)
  gets a leading apostrophe, so ``=HYPERLINK(…)`` or ``-2+3`` typed by a user stays inert text. A negative *amount*
  is never text, so it is never guarded: pass numbers as numbers.
- `bool` → ``true`` / ``false``; `None` → empty; a `date` → ISO ``2026-12-24``; a `datetime` → local time
  (``TIME_ZONE``, Europe/Berlin) as ``2026-12-24 18:30``; lists → items joined by ", " (then guarded as text).
  ISO dates are read as dates by Excel and LibreOffice in German and English alike.

**Decimal format and separator** (`CsvFormat`):
- `spreadsheet_format()` – files for people, opened by double click in Excel or LibreOffice. They follow the active
  language, because a spreadsheet reads a CSV file with the conventions of the user's locale: where the decimal
  mark is a comma (German: ``-9,50``), the field separator is a semicolon; where it is a point (English:
  ``-9.50``), a comma. The decimal mark comes from Django's locale formats (`DECIMAL_SEPARATOR`), so another
  language gets its own convention. Never thousands separators (``1.234`` is 1234 in German, 1.234 in English).
  UTF-8 with a byte-order mark, without which Excel reads UTF-8 as Windows-1252.
- `OPEN_DATA` – files for machines (the directory's open-data API): RFC 4180 with ``,`` and a decimal point in
  every language, no byte-order mark.

Use `csv_response()` for a view's export. Wagtail's own CSV export (`list_export` of viewsets, its reports) goes
through `cell` too (`commons.csv_admin`).
"""

import csv
import dataclasses
import datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.formats import get_format

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
CENT = Decimal("0.01")


@dataclasses.dataclass(frozen=True)
class CsvFormat:
    delimiter: str
    decimal_mark: str
    bom: bool


OPEN_DATA = CsvFormat(delimiter=",", decimal_mark=".", bom=False)


def spreadsheet_format(language=None):
    """The format a spreadsheet in the given (default: the active) language expects."""
    language = language or translation.get_language() or "en"
    decimal_mark = get_format("DECIMAL_SEPARATOR", lang=language, use_l10n=True)
    if decimal_mark == ",":
        return CsvFormat(delimiter=";", decimal_mark=",", bom=True)
    return CsvFormat(delimiter=",", decimal_mark=".", bom=True)


def euros(cents):
    """Integer cents as exact euros with two places for a number cell: -950 -> Decimal('-9.50'); None -> None."""
    if cents is None:
        return None
    return (Decimal(int(cents)) / 100).quantize(CENT)


def guard_text(text):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _number(value, fmt):
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""  # NaN/infinity: no number a spreadsheet could use
        value = Decimal(repr(value))
    text = format(value, "f")  # never scientific notation
    return text.replace(".", fmt.decimal_mark) if fmt.decimal_mark != "." else text


def cell(value, fmt):
    """One value as the text of a CSV cell (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal | float):
        return _number(value, fmt)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return guard_text(", ".join(str(item) for item in value))
    return guard_text(str(value))


class _Echo:
    """The file-like object csv.writer needs, returning each line instead of storing it (for streaming)."""

    def write(self, value):
        return value


def csv_lines(header, rows, fmt):
    """The file as lines of text: the byte-order mark (if the format has one), the header, the rows."""
    writer = csv.writer(_Echo(), delimiter=fmt.delimiter)
    if fmt.bom:
        yield "\ufeff"
    if header is not None:
        yield writer.writerow([cell(value, fmt) for value in header])
    for row in rows:
        yield writer.writerow([cell(value, fmt) for value in row])


def csv_text(header, rows, fmt):
    return "".join(csv_lines(header, rows, fmt))


def csv_response(filename, header, rows, fmt=None):
    """A CSV download (the spreadsheet format of the active language unless given). Not cacheable: exports are
    personal or internal data."""
    fmt = fmt or spreadsheet_format()
    response = HttpResponse(csv_text(header, rows, fmt), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
