"""The access log never holds secret link tokens (privacy email link, voucher link)."""

import datetime
import re
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config

from django.utils.module_loading import import_string

from cms.gunicorn_logging import RedactingLogger

SIGNED = "eyJwIjoxfQ:1xWCHy:fake-signature-for-the-test"


def atoms(path, query="", referer="-"):
    logger = RedactingLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path + (f"?{query}" if query else ""),
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": referer,
    }
    resp = SimpleNamespace(status="302 Found", headers=[], sent=0)
    req = SimpleNamespace(headers=[("REFERER", referer)])
    return logger.atoms(resp, req, environ, datetime.timedelta(milliseconds=5))


def test_privacy_link_token_is_redacted_everywhere():
    for prefix in ("", "/en"):
        logged = atoms(
            f"{prefix}/meine-daten/ohne-konto/link/{SIGNED}/",
            referer=f"https://x/meine-daten/ohne-konto/link/{SIGNED}/",
        )
        text = " ".join(str(v) for v in logged.values())
        assert SIGNED not in text
        assert logged["r"] == f"GET {prefix}/meine-daten/ohne-konto/link/[redacted]/ HTTP/1.1"
        assert logged["U"] == f"{prefix}/meine-daten/ohne-konto/link/[redacted]/"


def test_voucher_token_is_redacted_but_owner_pages_are_not():
    assert atoms("/gutschein/abcDEF_123-xyz/gutschein.pdf")["U"] == "/gutschein/[redacted]/gutschein.pdf"
    assert atoms("/mein-unternehmen/5/gutscheine/einloesen/")["U"] == "/mein-unternehmen/5/gutscheine/einloesen/"
    assert atoms("/meine-daten/ohne-konto/daten/")["U"] == "/meine-daten/ohne-konto/daten/"


def test_other_atoms_are_unchanged():
    logged = atoms("/suche/", query="q=Caf%C3%A9")
    assert logged["r"] == "GET /suche/?q=Caf%C3%A9 HTTP/1.1" and logged["q"] == "q=Caf%C3%A9"
    assert logged["h"] == "192.0.2.1" and logged["s"] == "302"


def test_gunicorn_config_uses_the_redacting_logger():
    conf = (Path(__file__).resolve().parent.parent / "cms" / "gunicorn.conf.py").read_text()
    path = re.search(r'^logger_class = "([\w.]+)"', conf, re.M).group(1)
    assert import_string(path) is RedactingLogger
