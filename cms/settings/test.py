"""Test settings: fast hashing, in-memory cache and email, plain static storage, immediate tasks."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import DATABASES, env

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
DEMO_ALLOWED = True  # seed_demo may run here (never in production)
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PAYMENTS_DEMO_MODE = True
STRIPE_SECRET_KEY = ""
STRIPE_WEBHOOK_SECRET = "whsec_test_secret"
BASE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = BASE_URL
if not env("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test"}}
elif os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw"):
    # Tests clear the cache (Redis FLUSHDB); parallel workers each get their own Redis database, so one worker's
    # clear never wipes another's rate-limit counters or cached pages.
    from urllib.parse import urlsplit, urlunsplit

    _url = urlsplit(env("REDIS_URL"))
    _base = int(_url.path.strip("/") or 0)
    _db = (_base + 1 + int(os.environ["PYTEST_XDIST_WORKER"][2:])) % 16
    CACHES["default"]["LOCATION"] = urlunsplit(_url._replace(path=f"/{_db}"))  # noqa: F405

if DATABASES["default"]["ENGINE"] == "commons.sqlite_queue":
    # Django's own backend in tests: pytest-django holds one transaction per test, and a thread of a concurrency test
    # must then fail after SQLite's busy timeout, not wait in the writer queue for ever (commons/sqlite_queue has its
    # own tests, with processes).
    DATABASES["default"]["ENGINE"] = "django.db.backends.sqlite3"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file (not :memory:) so that tests with threads see one database; one per process so that parallel runs
    # never share it.
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(tempfile.gettempdir(), f"wshd-test-{os.getpid()}.sqlite3")}
