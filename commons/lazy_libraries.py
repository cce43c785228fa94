"""The heavy libraries, loaded on first use: fpdf2 (with fontTools) adds ~16 MB to every worker, segno and Pillow's
drawing code a few more, stripe ~4 MB. Only the PDFs, QR codes, share images and payment calls need them
(tests/test_lazy_imports.py checks that start-up loads none of them). Import these helpers at module level; they
import the library when called."""

import importlib
from types import SimpleNamespace


class LazyModule:
    """A module imported on first attribute access: `stripe = LazyModule("stripe")`, then `stripe.StripeClient(…)`
    or `except stripe.StripeError:` as with the module itself (an `except` clause reads the attribute only when an
    exception arrives)."""

    def __init__(self, name):
        self._name = name

    def __getattr__(self, attribute):
        module = importlib.import_module(self._name)
        return getattr(module, attribute)

    def __repr__(self):
        return f"<lazy module {self._name!r}>"


#: The Stripe SDK: every payment and webhook module uses this name instead of `import stripe`.
stripe = LazyModule("stripe")


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
