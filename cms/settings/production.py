"""Production: fails fast when a required secret is missing; HTTPS, secure cookies, manifest static files.

Every variable is described in docs/deployment.md. Several app servers share one PostgreSQL database (DATABASE_URL)
and one Redis (REDIS_URL): the cache holds cached public pages and API responses, sessions (cached_db), allauth's
rate limits and the page-cache generation counter, so all of them must see the same one.
"""

import copy
import sys

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import REDIS_URL, env

DEBUG = False

# `cms.settings.serve` (a production-like run on the loopback interface, `make serve`) sets LOCAL_SERVE before it
# imports this module. No environment variable can switch the payment check below off.
LOCAL_SERVE = bool(getattr(sys.modules.get("cms.settings.serve"), "LOCAL_SERVE", False))


def _required(name):
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"Production needs the environment variable {name}.")
    return value


SECRET_KEY = _required("SECRET_KEY")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters.")
ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
_required("DATABASE_URL")  # base.py builds DATABASES from it, with the options for each engine

if not LOCAL_SERVE:
    if env("PAYMENTS_DEMO_MODE") or not env("STRIPE_SECRET_KEY") or not env("STRIPE_WEBHOOK_SECRET"):
        raise ImproperlyConfigured(
            "Production refuses demo payments: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET "
            "and leave PAYMENTS_DEMO_MODE off."
        )
    PAYMENTS_DEMO_MODE = False
    # Several gunicorn workers (and servers) must share rate limits, sessions and the page-cache generation.
    _required("REDIS_URL")
    if env("EMAIL_URL").startswith("consolemail"):
        raise ImproperlyConfigured("Production needs a real EMAIL_URL (e.g. smtp+tls://user:password@host:587).")

# Cache: Redis, with short socket timeouts so that a Redis outage degrades to uncached pages instead of hanging
# workers (the page cache fails open; see cms/caching.py).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "commons.redis_cache.RedisCache",  # one client per pool (commons/redis_cache.py)
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="wshd"),
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Anonymous public pages and API responses are cached in the shared cache (cms/caching.py).
PUBLIC_PAGE_CACHE = env.bool("PUBLIC_PAGE_CACHE", default=True)
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=PAGE_CACHE_SECONDS)  # noqa: F405

# Background tasks: a persistent queue in the database, worked off by `manage.py db_worker` (see the guide).
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[env.str("TASKS_BACKEND", default="database")],
    }
}

# Media: the local disk (MEDIA_ROOT, served by the web server at /media/) or an S3-compatible store through
# django-storages (an optional extra: `pip install django-storages[s3]==1.14.6 boto3`).
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE == "s3":
    import importlib.util

    if importlib.util.find_spec("storages") is None or importlib.util.find_spec("boto3") is None:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs the optional extra: pip install django-storages[s3]==1.14.6")
    STORAGES = {
        **STORAGES,  # noqa: F405
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": _required("AWS_STORAGE_BUCKET_NAME"),
                "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
                "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
                "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
                "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
                "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
                "default_acl": None,  # the bucket's policy decides; never public-read by accident
                "file_overwrite": False,
                "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            },
        },
    }
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'local' or 's3'.")

# HTTPS. The load balancer / nginx terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)  # set False before the first deploy if unsure
USE_X_FORWARDED_HOST = env.bool("USE_X_FORWARDED_HOST", default=False)

# Cookies: only over HTTPS, not readable by JavaScript. Front-end code that posts with fetch() takes the CSRF
# token from the form's hidden input (or a data- attribute), never from document.cookie.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
CONTENT_SECURITY_POLICY = copy.deepcopy(CONTENT_SECURITY_POLICY)  # noqa: F405
CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

ADMINS = [("Operations", a) for a in env.list("ADMINS_EMAILS", default=[])]

# Error reports to Sentry (or a compatible service such as GlitchTip), only when SENTRY_DSN is set. No personal data
# is sent (send_default_pii=False: no IP addresses, cookies or user details); performance tracing stays off unless
# SENTRY_TRACES_SAMPLE_RATE is raised above 0.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
