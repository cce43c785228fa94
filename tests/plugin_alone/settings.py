"""A bare Wagtail site with only the plugins: proof that directory and fundraising install into someone else's
Wagtail project (README: "Add it to your own Wagtail site"). Nothing of the demo city (home, owners, cms, privacy,
alerts) is installed; Wagtail's own root page is the site's home page.

    DJANGO_SETTINGS_MODULE=tests.plugin_alone.settings python manage.py check
    .ci/run step_plugin_alone
"""

import os
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE_DIR = HERE.parent.parent

SECRET_KEY = "plugin-alone-test-only-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
ROOT_URLCONF = "tests.plugin_alone.urls"

INSTALLED_APPS = [
    # The plugins and their kernel.
    "commons",
    "directory",
    "fundraising",
    "fundraising.outreach",
    "fundraising.payouts",
    "fundraising.collective",
    # What they need: Django, Wagtail, wagtailgeowidget, django-tasks, django-csp.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.users",
    "wagtail.sites",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "wagtailgeowidget",
    "django_tasks",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "directory.context_processors.templates",
                "fundraising.context_processors.templates",
            ],
        },
    }
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("PLUGIN_ALONE_DB", os.path.join(tempfile.gettempdir(), "plugin-alone.sqlite3")),
        "TEST": {"NAME": os.path.join(tempfile.gettempdir(), f"plugin-alone-test-{os.getpid()}.sqlite3")},
        # What the README's recipe asks of a SQLite host: concurrent payments wait for the write lock instead of
        # failing with "database is locked".
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "plugin-alone"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_FROM_EMAIL = "noreply@example.org"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_URL = "/static/"
STATIC_ROOT = os.path.join(tempfile.gettempdir(), "plugin-alone-static")
MEDIA_URL = "/media/"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Berlin"
LOCALE_PATHS = [BASE_DIR / "locale"]

WAGTAIL_SITE_NAME = "Plugin alone"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
GEO_WIDGET_LEAFLET_TILE_LAYER = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"

# The plugins' settings this site sets; everything else keeps the defaults of directory/conf.py and
# fundraising/conf.py.
BASE_URL = "http://testserver"
DIRECTORY_BUSINESS_SUBPAGE_TYPES = ["fundraising.CampaignPage"]
PAYMENTS_DEMO_MODE = True
STRIPE_WEBHOOK_SECRET = "whsec_test_secret"  # noqa: S105 (test only)
DEMO_ALLOWED = True
