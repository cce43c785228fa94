"""Settings for the app servers that the system tests start: cms.settings.serve (production-like) plus

* the Stripe API base pointed at the fake Stripe server the test runs on 127.0.0.1 (FAKE_STRIPE_URL),
* pledge rate limits off (every test pledge comes from 127.0.0.1),
* email written to files (SYSTEM_EMAIL_DIR), so the test can count them.
"""

import os

import stripe._stripe_client

from cms.settings.serve import *  # noqa: F403

if os.environ.get("FAKE_STRIPE_URL"):
    stripe._stripe_client.DEFAULT_API_BASE = os.environ["FAKE_STRIPE_URL"]
RATE_LIMITS = {"pledge:address": None, "pledge:email": None}  # commons.ratelimit
if os.environ.get("SYSTEM_EMAIL_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["SYSTEM_EMAIL_DIR"]
