"""Voucher and payment confirmation PDFs in Arabic, Turkish and Ukrainian (issue 18): one shipped font covers all
three, Arabic is shaped (joined letter forms) and drawn right to left, numbers and codes inside stay left to right."""

import datetime
from types import SimpleNamespace

import pytest

from django.utils import timezone, translation

from commons.pdf_fonts import FONT_DIR, text_align
from fundraising import confirmation_pdf, voucher_pdf
from fundraising.factories import PledgeFactory
from fundraising.models import PledgeState

from .pdf_reading import PdfReading

pytestmark = pytest.mark.django_db

BAKERY = "مخبز نور"  # no lam-alef: every letter is one glyph, so the visual order is the reversed string


def visual(text):
    """Right-to-left text as it is drawn from left to right: the words and letters reversed."""
    return text[::-1]


def voucher(**kwargs):
    fields = {
        "business_id": 3,
        "business": SimpleNamespace(title=BAKERY),
        "scope_id": None,
        "scope": None,
        "title": "Gutschein",
        "display_title": "Gutschein",
        "face_value_cents": 1200,
        "balance_cents": 1200,
        "valid_until": datetime.date(2029, 12, 31),
        "code": "ABCDEFGHJKLM",
        "display_code": "ABCD-EFGH-JKLM",
    }
    fields.update(kwargs)
    return SimpleNamespace(**fields)


def test_the_font_ships_with_the_code():
    assert (FONT_DIR / "DejaVuSans.ttf").is_file() and (FONT_DIR / "DejaVuSans-Bold.ttf").is_file()
    assert (FONT_DIR / "LICENSE").is_file()


def test_arabic_voucher_is_shaped_and_right_to_left():
    with translation.override("ar"):
        reading = PdfReading(voucher_pdf.render_pdf(voucher()))
    text = reading.text()
    assert visual(BAKERY) in text and BAKERY not in text
    assert visual("قسيمة") in text  # "Voucher" in Arabic
    # Joined forms: e.g. ARABIC LETTER MEEM INITIAL FORM (U+FEE3) for the first letter of the name.
    assert "uniFEE3" in reading.glyph_names
    # The code and the amount keep their left-to-right order.
    assert "ABCD-EFGH-JKLM" in text and "12,00" in text


def test_arabic_confirmation_is_shaped_and_right_to_left(campaign):
    pledge = PledgeFactory(
        campaign=campaign, state=PledgeState.PAID, paid_at=timezone.now(), amount_cents=2500, name="Erika"
    )
    with translation.override("ar"):
        reading = PdfReading(confirmation_pdf.render_confirmation(pledge))
    text = reading.text()
    assert visual("تأكيد الدفع") in text and "تأكيد" not in text
    assert confirmation_pdf.reference(pledge) in text and "Erika" in text
    assert any(name.startswith("uniFE") for name in reading.glyph_names)


@pytest.mark.parametrize(
    ("language", "title"),
    [("tr", "Çiçekçi Gül Şahin ğüış"), ("uk", "Пекарня «Їжачок» ґєії"), ("de", "Bäckerei Größe")],
)
def test_latin_and_cyrillic_letters_are_printed_in_reading_order(language, title):
    with translation.override(language):
        text = PdfReading(voucher_pdf.render_pdf(voucher(business=SimpleNamespace(title=title)))).text()
    assert title in text and "\ufffd" not in text


def test_text_alignment_follows_the_direction():
    assert text_align("ar") == "R" and text_align("de") == "L" and text_align("uk") == "L"
    with translation.override("ar"):
        assert text_align() == "R"


def test_mixed_and_hostile_titles_render(campaign):
    hostile = "(Café) \\ \u202e‮evil\u202c " + "ش" * 300 + " 🍞"
    with translation.override("ar"):
        content = voucher_pdf.render_pdf(voucher(business=SimpleNamespace(title=hostile)))
    assert content.startswith(b"%PDF")
