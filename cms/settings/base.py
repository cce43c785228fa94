"""Base settings, safe as shipped: DEBUG is off and every secret comes from the environment.

All environment variables are read here, through one typed schema (django-environ). The README lists them.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    SECRET_KEY=(str, ""),
    ALLOWED_HOSTS=(list, ["localhost", "127.0.0.1", "[::1]"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    DATABASE_URL=(str, f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
    REDIS_URL=(str, ""),
    TRUSTED_PROXIES=(list, []),
    EMAIL_URL=(str, "consolemail://"),
    DEFAULT_FROM_EMAIL=(str, "Wir stehen hinter dir <noreply@localhost>"),
    SERVER_EMAIL=(str, "noreply@localhost"),
    BASE_URL=(str, "http://127.0.0.1:8000"),
    MEDIA_ROOT=(str, str(BASE_DIR / "media")),
    STATIC_ROOT=(str, str(BASE_DIR / "staticfiles")),
    PLATFORM_NAME=(str, "Wir stehen hinter dir"),
    CITY_NAME=(str, "Dortmund"),
    CITY_TIME_ZONE=(str, "Europe/Berlin"),
    MAP_CENTER_LAT=(float, 51.5136),
    MAP_CENTER_LNG=(float, 7.4653),
    MAP_ZOOM=(int, 12),
    MAP_TILE_URL=(str, "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    MAP_TILE_ATTRIBUTION=(
        str,
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    ),
    STRIPE_SECRET_KEY=(str, ""),
    STRIPE_PUBLISHABLE_KEY=(str, ""),
    STRIPE_WEBHOOK_SECRET=(str, ""),
    PAYMENTS_DEMO_MODE=(bool, False),
    TASKS_BACKEND=(str, "immediate"),
    SECURE_SSL_REDIRECT=(bool, True),
    SECURE_HSTS_SECONDS=(int, 60 * 60 * 24 * 365),
    PAGE_CACHE_SECONDS=(int, 60),
    LOG_LEVEL=(str, "INFO"),
    DEMO_PASSWORD=(str, ""),
)
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")
WAGTAILADMIN_BASE_URL = env("BASE_URL")

# Applications -------------------------------------------------------------------------------------------------

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]
WAGTAIL_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail_localize",  # editors translate pages, snippets and settings in the admin
    "wagtail_localize.locales",  # replaces wagtail.locales: the locales follow LANGUAGES (cms/locales.py)
    "wagtail.embeds",
    "wagtail.users",
    "wagtail.sites",  # the admin's page explorer links to it (KeyError 'wagtailsites' on /admin/pages/ without)
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]
THIRD_PARTY_APPS = [
    "wagtailgeowidget",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
    "csp",
]
LOCAL_APPS = [
    "commons",  # the plugins' shared kernel (commons/README.md)
    "cms",  # signals for the public-page cache (cms/apps.py)
    "home",
    "directory",
    "fundraising",
    "fundraising.outreach",  # posters, widget, city dashboard, key figures, campaign updates
    "fundraising.payouts",  # Stripe Connect payouts and city match funds
    "fundraising.collective",  # collective campaigns for a group of businesses
    "owners",
    "privacy",  # my data: JSON export and account deletion
    "alerts",  # citizens follow districts/categories: a daily digest email (alerts/README.md)
]
INSTALLED_APPS = LOCAL_APPS + DJANGO_APPS + WAGTAIL_APPS + THIRD_PARTY_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outermost after static files: serves cached anonymous pages and stores finished responses (cms/caching.py).
    "cms.middleware.PublicPageCacheMiddleware",
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.platform",
                "directory.context_processors.templates",
                "fundraising.context_processors.templates",
            ],
        },
    },
]

# Database -----------------------------------------------------------------------------------------------------

if not env("DATABASE_URL"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DATABASE_URL is set but empty; unset it for the SQLite default or give a URL.")
DATABASES = {"default": env.db("DATABASE_URL")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: WAL lets readers work while a writer commits; IMMEDIATE takes the write lock at the
    # start of a transaction, so concurrent writers wait (busy timeout) instead of failing with "locked".
    # Writers also queue fairly in front of SQLite's lock (commons/sqlite_queue: SQLite's busy handler keeps no order,
    # so under load some writers waited seconds while later ones went first).
    DATABASES["default"]["ENGINE"] = "commons.sqlite_queue"
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache ---------------------------------------------------------------------------------------------------------

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "commons.redis_cache.RedisCache",  # one client per pool (commons/redis_cache.py)
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "wshd",
            "TIMEOUT": 300,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "wshd"}}
PAGE_CACHE_SECONDS = env("PAGE_CACHE_SECONDS")

# Background tasks (Wagtail 8 uses django-tasks for search indexing, too) ----------------------------------------

TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[env("TASKS_BACKEND")],
    }
}

# Authentication (django-allauth; owners never use the Wagtail admin) -------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_FORMS = {"signup": "owners.account_forms.SignupForm"}  # the same work for known and new addresses
ACCOUNT_USER_DISPLAY = "owners.adapter.user_display"  # the person's name or email, never the generated user name
ACCOUNT_ADAPTER = "owners.adapter.AccountAdapter"  # owners → dashboard (never /admin/), mails in the background
ACCOUNT_CHANGE_EMAIL = True  # one address per account; changing it needs the new address verified
ACCOUNT_EMAIL_NOTIFICATIONS = True  # tell the old address about email/password changes
# allauth's own rate limiter is off: its limits are declared with the platform's one limiter (commons.ratelimit)
# in owners/account_limits.py, keyed by the same client address.
ACCOUNT_RATE_LIMITS = False
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"

# Internationalisation --------------------------------------------------------------------------------------------

LANGUAGE_CODE = "de"
# The one list of languages: the public site, the owners' dashboard, emails, the admin and the page content.
# Adding a language is an entry here plus its catalogues (locale/<code>/ and each app's locale/<code>/).
# Right-to-left languages (ar) are known to Django (LANGUAGES_BIDI); base.html sets dir="rtl" for them.
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
    ("ar", _("Arabic")),
]
# Our own catalogues come first: locale/de overrides allauth's informal German with the formal "Sie".
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("CITY_TIME_ZONE")
USE_I18N = True
USE_TZ = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Static files and media -----------------------------------------------------------------------------------------

import xstatic.pkg.leaflet  # noqa: E402
import xstatic.pkg.leaflet_markercluster  # noqa: E402

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Third-party front-end code comes from PyPI packages, never copied into the repository or loaded from a CDN.
    ("vendor/leaflet", xstatic.pkg.leaflet.BASE_DIR),
    ("vendor/leaflet-markercluster", xstatic.pkg.leaflet_markercluster.BASE_DIR),
]
# The category illustrations: a few icons of the npm package @tabler/icons (node_modules, installed by `make`).
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "directory.illustrations.IllustrationFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "cms.storage.ManifestStaticStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Wagtail --------------------------------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = env("PLATFORM_NAME")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_I18N_ENABLED = True  # one page tree per language; untranslated pages fall back (cms/serve.py)
WAGTAILEMBEDS_FINDERS = []  # no oEmbed calls to third parties from the server

# Geo widget: Leaflet only, tiles from settings, no Google.
GEO_WIDGET_DEFAULT_LOCATION = {"lat": env("MAP_CENTER_LAT"), "lng": env("MAP_CENTER_LNG")}
GEO_WIDGET_ZOOM = env("MAP_ZOOM")
GEO_WIDGET_LEAFLET_TILE_LAYER = env("MAP_TILE_URL")
GEO_WIDGET_LEAFLET_TILE_LAYER_OPTIONS = {"attribution": env("MAP_TILE_ATTRIBUTION")}

# The platform ---------------------------------------------------------------------------------------------------

PLATFORM_NAME = env("PLATFORM_NAME")
CITY_NAME = env("CITY_NAME")
MAP_CENTER = (env("MAP_CENTER_LAT"), env("MAP_CENTER_LNG"))
MAP_ZOOM = env("MAP_ZOOM")
MAP_TILE_URL = env("MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION")
BASE_URL = env("BASE_URL")

# Demo data (`manage.py seed_demo`): generator modules run in this order; a module that does not exist is skipped.
# Only dev.py and test.py allow it; production never does.
DEMO_GENERATORS = [
    "home.demo",
    "directory.demo",
    "directory.demo_import",  # one district imported from an OSM-format sample, for claim letters
    "owners.demo",
    "fundraising.demo",
    "fundraising.payouts.demo",
    "fundraising.outreach.demo",
    "fundraising.collective.demo",
    "fundraising.collective.demo_closure",  # a business closed for good: offers, one exchange, one refund
]
DEMO_ALLOWED = False
DEMO_SEED = 20200315
DEMO_PASSWORD = env("DEMO_PASSWORD")
# City facts for the demo data (districts, centre, streets): directory/cities/<DEMO_CITY>.json.
DEMO_CITY = env.str("DEMO_CITY", default="dortmund")

# Payments: Stripe Checkout; without keys the local demo checkout is used (never in production).
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET")
# The Connect endpoint (/stripe/connect-webhook/, events of connected accounts) has its own signing secret.
STRIPE_CONNECT_WEBHOOK_SECRET = env.str("STRIPE_CONNECT_WEBHOOK_SECRET", default="")
PAYMENTS_DEMO_MODE = env("PAYMENTS_DEMO_MODE") or not STRIPE_SECRET_KEY

# Fundraising (see fundraising/README.md). Campaigns are child pages of a business.
DIRECTORY_BUSINESS_SUBPAGE_TYPES = ["fundraising.CampaignPage"]
# The plugins' knobs that this site sets (defaults in directory/README.md and fundraising/README.md).
DIRECTORY_PARENT_PAGE_TYPES = ["home.HomePage"]
COLLECTIVE_PARENT_PAGE_TYPES = ["home.HomePage"]  # the index of collective campaigns sits under the home page
FUNDRAISING_OWNER_BASE_TEMPLATE = "owners/base_dashboard.html"  # owners' pages of fundraising in the dashboard layout
FUNDRAISING_OWNER_BUSINESS_URL_NAME = "owners:business"
FUNDRAISING_OWNER_DASHBOARD_URL_NAME = "owners:dashboard"
EDITOR_GROUPS = ["Redaktion"]
# Minutes a Checkout Session (and the reward stock it holds) stays open; Stripe accepts 30 minutes to 24 hours.
FUNDRAISING_CHECKOUT_MINUTES = 60
# Who sells the vouchers in law (docs/legal.md): "business" (the business issues them; the platform operator is an
# intermediary that collects the money on its behalf) or "platform" (the operator sells them in its own name).
FUNDRAISING_MERCHANT_OF_RECORD = env.str("FUNDRAISING_MERCHANT_OF_RECORD", default="business")
# The platform's operator, named on vouchers, payment confirmations and the terms (docs/legal.md).
PLATFORM_OPERATOR_NAME = env.str("PLATFORM_OPERATOR_NAME", default="Stadt Dortmund, Wirtschaftsförderung")
PLATFORM_OPERATOR_ADDRESS = env.str("PLATFORM_OPERATOR_ADDRESS", default="Töllnerstraße 9–11, 44135 Dortmund")
PLATFORM_OPERATOR_VAT_ID = env.str("PLATFORM_OPERATOR_VAT_ID", default="")
# Where withdrawals (§ 312g BGB) and questions about payments go; named in the withdrawal information.
# Retention (privacy/retention.py, `manage.py apply_retention` daily; docs/legal.md), in days after the payment etc.
RETENTION_CONTACT_DAYS = env.int("RETENTION_CONTACT_DAYS", default=3 * 365)
RETENTION_UNPAID_DAYS = env.int("RETENTION_UNPAID_DAYS", default=30)
RETENTION_MESSAGE_DAYS = env.int("RETENTION_MESSAGE_DAYS", default=365)
RETENTION_LOG_DAYS = env.int("RETENTION_LOG_DAYS", default=90)
RETENTION_BOOKKEEPING_YEARS = 10  # § 147 AO: payment records are kept (anonymised), never deleted by the job
# State aid (fundraising/payouts/de_minimis.py): match money only after the business confirmed a de-minimis
# declaration within the last PAYOUTS_DE_MINIMIS_VALID_DAYS days.
PAYOUTS_REQUIRE_DE_MINIMIS_DECLARATION = env.bool("PAYOUTS_REQUIRE_DE_MINIMIS_DECLARATION", default=False)
PAYOUTS_DE_MINIMIS_VALID_DAYS = env.int("PAYOUTS_DE_MINIMIS_VALID_DAYS", default=365)
PLATFORM_OPERATOR_EMAIL = env.str("PLATFORM_OPERATOR_EMAIL", default="gutscheine@example.org")

# Clients and rate limits (commons/README.md) -------------------------------------------------------------------

# The reverse proxies in front of the app servers (addresses or networks, e.g. 127.0.0.1,::1 for nginx on the same
# host): only from them is X-Forwarded-For believed (commons.client_address). Empty: REMOTE_ADDR is the client.
TRUSTED_PROXIES = env("TRUSTED_PROXIES")
# Overrides of the declared rate limits, by scope: {"pledge:address": "20/10m", "suggest:address": None (off)}.
RATE_LIMITS = {}

# Email ----------------------------------------------------------------------------------------------------------

vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = env("SERVER_EMAIL")

# Security defaults (production tightens them further) ------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4; cms/middleware.py adds the Wagtail admin's relaxations under /admin/).
# No inline scripts, styles or handlers anywhere on the public site; images may come from the map tile server.
from csp.constants import NONE, SELF  # noqa: E402


def _origin(url):
    """https://{s}.tile.example.org/{z}/{x}/{y}.png -> https://*.tile.example.org"""
    parts = urlsplit(url.replace("{s}.", "*.").replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


# Address look-up when an owner or editor places a business on the map: runs in their browser only (the server
# never calls it), after they press "find address". Nominatim's policy: at most one request per second.
OWNERS_GEOCODER_URL = "https://nominatim.openstreetmap.org/search"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *filter(None, [_origin(MAP_TILE_URL)])],
        "font-src": [SELF],
        "connect-src": [SELF, *filter(None, [_origin(OWNERS_GEOCODER_URL)])],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        # The pledge form answers with a 303 to Stripe Checkout; browsers apply form-action to that redirect.
        "form-action": [SELF, "https://checkout.stripe.com"],
        "frame-ancestors": [NONE],
    },
}
# Who may frame the views decorated with commons.embedding.allow_embedding (map embed, campaign widget).
EMBED_FRAME_ANCESTORS = env.list("EMBED_FRAME_ANCESTORS", default=["'self'", "https:"])
# Powerful browser features: "show my location" and voucher scanning need geolocation and the camera.
PERMISSIONS_POLICY = {
    "geolocation": ["self"],
    "camera": ["self"],
    "microphone": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "hid": [],
    "midi": [],
    "magnetometer": [],
    "gyroscope": [],
    "accelerometer": [],
    "display-capture": [],
    "fullscreen": ["self"],
    "autoplay": [],
    "encrypted-media": [],
    "picture-in-picture": [],
    "screen-wake-lock": [],
    "xr-spatial-tracking": [],
    "browsing-topics": [],
}
# The shared public-page cache (cms/caching.py): on in production, off in development and tests.
PUBLIC_PAGE_CACHE = env.bool("PUBLIC_PAGE_CACHE", default=False)
# Rendered fragments of public pages shared between requests (commons/fragment_cache.py; the body of campaign and
# business pages, the footer), keyed with the public-page cache's generation: 0 switches them off (development and
# tests; production keeps them for PAGE_CACHE_SECONDS).
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=0)

# Logging to stdout -----------------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": env("LOG_LEVEL")},
    "loggers": {"django.request": {"handlers": ["stdout"], "level": "WARNING", "propagate": False}},
}
