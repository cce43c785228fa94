"""One Unicode font for the PDFs (fpdf2), shipped with the code, with text shaping for Arabic and other scripts.

DejaVu Sans (commons/fonts/, Bitstream Vera licence: free to redistribute) covers Latin with Turkish letters,
Cyrillic (Ukrainian) and Arabic, so a PDF looks the same on every machine, not only where Debian's fonts-dejavu
happens to be installed. With uharfbuzz installed, fpdf2's text shaping joins Arabic letters into their contextual
forms and the Unicode bidi algorithm writes right-to-left text from right to left (numbers, codes and Latin names
inside stay left-to-right). Callers pass `align=text_align()` to multi_cell so that Arabic paragraphs start on the
right.

fpdf is never imported here: the caller hands in its FPDF object (tests/test_lazy_imports.py).
"""

from pathlib import Path

from django.conf import settings
from django.utils import translation

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


def is_rtl(language=None):
    code = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code in settings.LANGUAGES_BIDI


def text_align(language=None):
    """Where a paragraph starts: "R" for right-to-left languages, else "L"."""
    return "R" if is_rtl(language) else "L"


def use_unicode_font(pdf):
    """Add the shipped font to `pdf` and switch text shaping on; returns the font family to pass to set_font.

    Shaping needs uharfbuzz (requirements.txt); without it the text is still printed, unshaped."""
    for style, name in FILES.items():
        pdf.add_font(FAMILY, style, str(FONT_DIR / name))
    try:
        pdf.set_text_shaping(True)
    except ImportError:  # uharfbuzz missing: letters unjoined, but nothing lost
        pass
    return FAMILY
