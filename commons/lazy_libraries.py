"""The heavy libraries, loaded on first use: fpdf2 (with fontTools) adds ~16 MB to every worker, segno and Pillow's
drawing code a few more. Only the PDFs, QR codes and share images need them (tests/test_lazy_imports.py checks that
start-up loads none of them). Import these helpers at module level; they import the library when called."""

from types import SimpleNamespace


def qr_code(content, error="m"):
    """A segno QR code of `content`."""
    import segno  # reason: heavy, loaded on first use (tests/test_lazy_imports.py)

    return segno.make(content, error=error)


def new_pdf(**kwargs):
    """An fpdf2 document: `new_pdf(format="A4", orientation="portrait")`."""
    from fpdf import FPDF  # reason: heavy (fpdf2 + fontTools ~16 MB), loaded on first use

    return FPDF(**kwargs)


def pillow():
    """Pillow's drawing modules: `pil = pillow()`, then `pil.Image`, `pil.ImageDraw`, `pil.ImageFont`."""
    from PIL import Image, ImageDraw, ImageFont  # reason: Pillow's drawing code, loaded on first use

    return SimpleNamespace(Image=Image, ImageDraw=ImageDraw, ImageFont=ImageFont)
