"""A gunicorn logger that keeps secret URL tokens out of the access log.

Some links carry a secret in their path: the "My data" email link (`/meine-daten/ohne-konto/link/<token>/`, see
privacy/README.md) and the supporter's voucher (`/gutschein/<token>/…`). Anyone who reads the access log could use
them, so every logged value has the token replaced by "[redacted]". Used by cms/gunicorn.conf.py (`logger_class`).
"""

import re

from gunicorn.glogging import Logger

SECRET_PATH = re.compile(r"(/meine-daten/ohne-konto/link/|/gutschein/)[^/?#\s\"]+")


def redact(value):
    return SECRET_PATH.sub(r"\1[redacted]", value) if isinstance(value, str) else value


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        return {key: redact(value) for key, value in super().atoms(resp, req, environ, request_time).items()}
