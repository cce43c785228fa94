"""Local development and `make run`: DEBUG on, SQLite, console email, demo payments."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
DEMO_ALLOWED = True  # seed_demo may run here (never in production)
ALLOWED_HOSTS = ["*"] if DEBUG else ALLOWED_HOSTS  # noqa: F405
EMAIL_BACKEND = env.str("DEV_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
STORAGES = {  # no manifest needed while developing
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Keep `make run` readable: every page saved by seed_demo would otherwise log several task and revision lines.
LOGGING["loggers"].update(  # noqa: F405
    {"django_tasks": {"level": "WARNING"}, "wagtail": {"level": "WARNING"}}
)
