"""Production: fails fast when a required secret is missing; HTTPS, secure cookies, manifest static files."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False


def _required(name):
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"Production needs the environment variable {name}.")
    return value


SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
_required("DATABASE_URL")  # base.py builds DATABASES from it, with the options for each engine

if env("PAYMENTS_DEMO_MODE") or not env("STRIPE_SECRET_KEY") or not env("STRIPE_WEBHOOK_SECRET"):
    raise ImproperlyConfigured(
        "Production refuses demo payments: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET "
        "and leave PAYMENTS_DEMO_MODE off."
    )
PAYMENTS_DEMO_MODE = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
