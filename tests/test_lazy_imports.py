"""Memory: a worker does not load the PDF, QR and drawing libraries until a view needs them (issue 17, point 5).

fpdf2 (with fontTools) alone adds ~16 MB to every worker; only the voucher/poster/report/letter PDFs use it.
pyosmium (libosmium) adds ~9 MB; only an editor's OSM import uses it. stripe adds ~4 MB; only payments, webhooks
and payouts call it (through commons.lazy_libraries.stripe)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # every view module, API and wagtail_hooks
print(",".join(sorted(name for name in {heavy} if name in sys.modules)))
"""

HEAVY = ["fpdf", "fontTools", "segno", "PIL.ImageDraw", "PIL.ImageFont", "osmium", "stripe"]


def test_start_up_loads_no_pdf_qr_or_drawing_library():
    result = subprocess.run(  # noqa: S603 (our own interpreter and a fixed probe)
        [sys.executable, "-c", PROBE.format(heavy=HEAVY)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=110,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(Path.home())},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == ""


def test_lazy_stripe_is_the_module_on_use():
    import stripe  # reason: the real module, to compare with the lazy name

    from commons.lazy_libraries import stripe as lazy_stripe

    assert lazy_stripe.StripeError is stripe.StripeError
    assert lazy_stripe.Webhook is stripe.Webhook
    try:
        raise stripe.InvalidRequestError("no such session", "id")
    except lazy_stripe.StripeError as error:  # an except clause reads the class only when an exception arrives
        assert isinstance(error, stripe.InvalidRequestError)
