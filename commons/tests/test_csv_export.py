"""The one CSV writer: numbers stay numbers (negative ones too), text can never become a formula, and the format
follows the spreadsheet conventions of the language."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from django.utils import timezone, translation

from commons.csv_export import OPEN_DATA, cell, csv_response, csv_text, euros, spreadsheet_format

DE = spreadsheet_format("de")
EN = spreadsheet_format("en")


def test_formats_follow_the_language():
    assert (DE.delimiter, DE.decimal_mark, DE.bom) == (";", ",", True)
    assert (EN.delimiter, EN.decimal_mark, EN.bom) == (",", ".", True)
    assert (OPEN_DATA.delimiter, OPEN_DATA.decimal_mark, OPEN_DATA.bom) == (",", ".", False)
    with translation.override("en"):
        assert spreadsheet_format() == EN
    with translation.override("de"):
        assert spreadsheet_format() == DE


@pytest.mark.parametrize(
    ("value", "german", "english"),
    [
        (-950, "-950", "-950"),
        (0, "0", "0"),
        (1234567, "1234567", "1234567"),
        (Decimal("-9.50"), "-9,50", "-9.50"),
        (euros(-950), "-9,50", "-9.50"),
        (euros(123456), "1234,56", "1234.56"),  # never a thousands separator
        (euros(5), "0,05", "0.05"),
        (-0.1276, "-0,1276", "-0.1276"),
        (1e-7, "0,0000001", "0.0000001"),  # never scientific notation
        (float("nan"), "", ""),
        (True, "true", "true"),
        (None, "", ""),
    ],
)
def test_numbers_stay_numbers(value, german, english):
    assert cell(value, DE) == german
    assert cell(value, EN) == english


def test_euros_is_exact():
    assert euros(-950) == Decimal("-9.50") and str(euros(1)) == "0.01" and euros(None) is None
    assert euros(10**15 + 1) == Decimal("10000000000000.01")  # no float rounding


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil")',
        "+49 231 1234",
        "-9.50",  # text that looks like a negative number is still text: numbers come as numbers
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "\n=1",
        "\uff1dcmd",  # full-width "="
    ],
)
def test_text_is_guarded(text):
    assert cell(text, DE) == "'" + text
    assert cell(text, OPEN_DATA) == "'" + text


def test_harmless_text_and_other_values():
    assert cell("Café Nord", DE) == "Café Nord"
    assert cell(["=a", "b"], DE) == "'=a, b"
    assert cell(datetime.date(2026, 12, 24), DE) == "2026-12-24"
    moment = datetime.datetime(2026, 12, 24, 17, 30, tzinfo=datetime.UTC)
    assert cell(moment, DE) == timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") == "2026-12-24 18:30"

    class Named:
        def __str__(self):
            return "-Minus GmbH"

    assert cell(Named(), EN) == "'-Minus GmbH"


def test_a_file_sums_in_both_languages():
    rows = [["Overpayment", euros(-950)], ["=evil", euros(1050)]]
    for fmt in (DE, EN):
        text = csv_text(["label", "amount"], rows, fmt)
        assert text.startswith("\ufeff")
        parsed = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=fmt.delimiter))
        assert parsed[0] == ["label", "amount"]
        assert parsed[2][0] == "'=evil"
        total = sum(Decimal(row[1].replace(fmt.decimal_mark, ".")) for row in parsed[1:])
        assert total == Decimal("1.00")


def test_csv_response_is_an_uncached_attachment():
    with translation.override("de"):
        response = csv_response("x.csv", ["a"], [[euros(-1)]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.decode("utf-8-sig") == "a\r\n-0,01\r\n"
