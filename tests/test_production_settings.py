"""cms.settings.production and cms.settings.serve, loaded in a fresh process as a server would load them."""

import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "debug": settings.DEBUG,
    "cache": settings.CACHES["default"]["BACKEND"],
    "session": settings.SESSION_ENGINE,
    "tasks": settings.TASKS["default"]["BACKEND"],
    "storage": settings.STORAGES["default"],
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "postgres_app": "django.contrib.postgres" in settings.INSTALLED_APPS,
    "conn_max_age": settings.DATABASES["default"].get("CONN_MAX_AGE"),
    "health": settings.DATABASES["default"].get("CONN_HEALTH_CHECKS"),
    "csrf_httponly": settings.CSRF_COOKIE_HTTPONLY,
    "cookies_secure": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.LANGUAGE_COOKIE_SECURE],
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "demo": settings.PAYMENTS_DEMO_MODE,
    "page_cache": settings.PUBLIC_PAGE_CACHE,
    "upgrade": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].get("upgrade-insecure-requests"),
    "search": settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
    "docs": settings.WAGTAILDOCS_SERVE_METHOD,
}))
"""


def production_env(**overrides):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", tempfile.gettempdir()),
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "hilfe.example.org",
        "DATABASE_URL": "postgres://wshd@db.internal:5432/wshd",
        "REDIS_URL": "redis://cache.internal:6379/0",
        "STRIPE_SECRET_KEY": "sk_test_placeholder",
        "STRIPE_WEBHOOK_SECRET": "whsec_placeholder",
        "EMAIL_URL": "smtp+tls://user:pass@mail.example.org:587",
        "TRUSTED_PROXIES": "127.0.0.1,::1",
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def run(code_or_args, env):
    args = [sys.executable, "-c", code_or_args] if isinstance(code_or_args, str) else [sys.executable, *code_or_args]
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603


def probe(env):
    result = run(PROBE, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_is_complete_and_hardened():
    s = probe(production_env())
    assert s["debug"] is False
    assert s["cache"] == "commons.redis_cache.RedisCache"
    assert s["session"] == "django.contrib.sessions.backends.cached_db"
    assert s["tasks"] == "django_tasks_db.DatabaseBackend"
    assert s["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert s["static"] == "cms.storage.ManifestStaticStorage"
    assert s["postgres_app"] is True
    assert s["conn_max_age"] == 60 and s["health"] is True
    assert s["csrf_httponly"] is True
    assert s["cookies_secure"] == [True, True, True]
    assert s["ssl_redirect"] is True and s["hsts"] >= 31536000
    assert s["demo"] is False
    assert s["page_cache"] is True
    assert s["upgrade"] is True
    assert s["search"] == "wagtail.search.backends.database"
    assert s["docs"] == "serve_view"


def test_check_deploy_is_clean():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_trusted_proxies():
    """Behind the proxy every visitor would share its address in the rate limits."""
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(TRUSTED_PROXIES=None))
    assert result.returncode != 0 and "commons.W001" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "at least 50 characters"),
        ({"SECRET_KEY": "django-insecure-" + "x" * 60}, "at least 50 characters"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"DATABASE_URL": None}, "DATABASE_URL"),
        ({"STRIPE_SECRET_KEY": None}, "refuses demo payments"),
        ({"STRIPE_WEBHOOK_SECRET": None}, "refuses demo payments"),
        ({"PAYMENTS_DEMO_MODE": "True"}, "refuses demo payments"),
        ({"REDIS_URL": None}, "REDIS_URL"),
        ({"EMAIL_URL": None}, "EMAIL_URL"),
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE"),
    ],
)
def test_production_fails_fast(overrides, message):
    result = run(PROBE, production_env(**overrides))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


S3_PROBE = """
import json, sys, types
from importlib.machinery import ModuleSpec
for name in ("storages", "boto3"):  # stand-ins: the optional extra is not installed in CI
    module = types.ModuleType(name)
    module.__spec__ = ModuleSpec(name, None)
    sys.modules[name] = module
from django.conf import settings
print(json.dumps({"storage": settings.STORAGES["default"]}))
"""


def test_s3_without_the_optional_extra_fails_fast():
    result = run(PROBE, production_env(MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="wshd-media"))
    assert result.returncode != 0
    assert "django-storages[s3]" in result.stderr


def test_s3_media_is_configured_from_the_environment():
    result = run(
        S3_PROBE,
        production_env(
            MEDIA_STORAGE="s3",
            AWS_STORAGE_BUCKET_NAME="wshd-media",
            AWS_S3_ENDPOINT_URL="https://s3.example.org",
            AWS_S3_REGION_NAME="eu-central-1",
        ),
    )
    assert result.returncode == 0, result.stderr
    s = json.loads(result.stdout.strip().splitlines()[-1])
    assert s["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = s["storage"]["OPTIONS"]
    assert options["bucket_name"] == "wshd-media"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["default_acl"] is None
    assert options["file_overwrite"] is False


def test_serve_is_production_like_on_loopback():
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": tempfile.gettempdir(),
        "DJANGO_SETTINGS_MODULE": "cms.settings.serve",
    }
    s = probe(env)
    assert s["debug"] is False
    assert s["demo"] is True  # no Stripe keys given
    assert s["ssl_redirect"] is False and s["hsts"] == 0
    assert s["cookies_secure"] == [False, False, False]
    assert s["page_cache"] is True
    assert s["upgrade"] is None
    assert s["static"] == "cms.storage.ManifestStaticStorage"


def test_a_production_env_cannot_switch_on_demo_payments_through_serve_flags():
    # LOCAL_SERVE is a module attribute of cms.settings.serve, not an environment variable.
    result = run(PROBE, production_env(STRIPE_SECRET_KEY=None, LOCAL_SERVE="True"))
    assert result.returncode != 0
    assert "refuses demo payments" in result.stderr
