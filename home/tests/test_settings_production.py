"""Production settings fail fast without their secrets (checked in a subprocess with a clean environment)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
FULL_ENV = {
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "example.org",
    "DATABASE_URL": "sqlite:////tmp/wshd-prod-settings-test.sqlite3",
    "STRIPE_SECRET_KEY": "sk_test_dummy",
    "STRIPE_WEBHOOK_SECRET": "whsec_dummy",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "EMAIL_URL": "smtp://localhost:25",
}


def import_production(env):
    clean = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "cms.settings.production", **env}
    code = "import django; django.setup(); from django.conf import settings; print('DEBUG', settings.DEBUG)"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=120
    )


def test_production_settings_load_with_all_secrets():
    result = import_production(FULL_ENV)
    assert result.returncode == 0, result.stderr
    assert "DEBUG False" in result.stdout


def _defined_in_dotenv(name):
    dotenv = BASE_DIR / ".env"
    return dotenv.exists() and any(line.split("=", 1)[0].strip() == name for line in dotenv.read_text().splitlines())


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_settings_fail_fast_without(missing):
    if _defined_in_dotenv(missing):
        pytest.skip(f"a local .env defines {missing}")
    env = {key: value for key, value in FULL_ENV.items() if key != missing}
    result = import_production(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


@pytest.mark.parametrize("empty", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_settings_fail_fast_with_empty(empty):
    result = import_production({**FULL_ENV, empty: ""})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert empty in result.stderr


def test_base_settings_are_safe_as_shipped():
    from cms.settings import base

    assert base.env("DEBUG") is False or os.environ.get("DEBUG")
    assert base.DEMO_ALLOWED is False
