"""Settings for the app server the browser tests start (tests/browser/conftest.py).

Development settings with DEBUG off (so 404/500 pages and error handling are the real ones), static files served by
`runserver --insecure`, uploaded media served by Django, email written to files the tests read, demo payments,
and rate limits off (every request comes from 127.0.0.1). Never use these settings outside the tests.
"""

import os

from cms.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SERVE_MEDIA = True  # cms/urls.py serves MEDIA_URL when DEBUG is off and this is set
PAYMENTS_DEMO_MODE = True
STRIPE_SECRET_KEY = ""
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # seeding many accounts stays fast
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("BROWSER_EMAIL_DIR", "/tmp/wshd-browser-mail")  # noqa: S108
RATE_LIMITS = {"*": None}  # every rate limit off (commons.ratelimit)
BASE_URL = os.environ.get("BROWSER_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = BASE_URL
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "browser"}}
