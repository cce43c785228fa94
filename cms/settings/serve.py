"""Production-like local run on the loopback interface (`make serve`, the load benchmark, the system tests).

Everything from `production.py` — manifest static files, the shared public-page cache, CSP and the other security
headers, DEBUG off — except what cannot work over plain HTTP on 127.0.0.1 without real secrets:
no HTTPS redirect, no HSTS, cookies without the Secure flag, demo payments unless Stripe keys are given, and media
served by Django (no nginx in front). Never expose a server running with these settings to a network.
"""

import os
import tempfile

LOCAL_SERVE = True  # read by production.py: allows demo payments and a console email backend

os.environ.setdefault("SECRET_KEY", "local-serve-only-" + "x" * 48)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("DATABASE_URL", "sqlite:///" + os.path.join(os.path.dirname(__file__), "..", "..", "db.sqlite3"))

from .base import env  # noqa: E402
from .production import *  # noqa: E402, F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
CONTENT_SECURITY_POLICY["DIRECTIVES"].pop("upgrade-insecure-requests", None)  # noqa: F405
PAYMENTS_DEMO_MODE = env("PAYMENTS_DEMO_MODE") or not env("STRIPE_SECRET_KEY")
SERVE_MEDIA = True
if not env("REDIS_URL"):
    # Without Redis, a file cache still gives every gunicorn worker the same cache and generation counter.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.str("SERVE_CACHE_DIR", default=os.path.join(tempfile.gettempdir(), "wshd-serve-cache")),
            "TIMEOUT": 300,
            # Pages, page fragments and API bodies: Django's default of 300 entries would cull a busy city's cache.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[env.str("TASKS_BACKEND", default="immediate")],
    }
}
