from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.serve import serve_with_fallback
from home import views as home_views

# Not language-prefixed: machine endpoints and the admin.
urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("admin/login/", home_views.admin_login, name="admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", home_views.set_language, name="set_language"),  # no CSRF token needed: pages stay cacheable
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("home.urls")),
    path("", include("directory.api_urls")),
    path("", include("fundraising.machine_urls")),
    path("", include("fundraising.payouts.machine_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif getattr(settings, "SERVE_MEDIA", False):  # cms.settings.serve: production-like on loopback, no nginx
    from django.views.static import serve as serve_media

    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT})
    ]

# Pages for people: German without a prefix, English under /en/.
urlpatterns += i18n_patterns(
    path("konto/", include("owners.account_urls")),  # allauth's POST pages behind our rate limits; first
    path("konto/", include("allauth.urls")),
    path("suche/", home_views.search, name="search"),
    path("", include("owners.urls")),
    path("", include("privacy.urls")),
    path("", include("alerts.urls")),
    path("", include("fundraising.legacy_urls")),  # "spendenaktion" URLs → "aktion" (301)
    path("", include("fundraising.urls")),
    path("", include("fundraising.outreach.urls")),
    path("", include("fundraising.payouts.urls")),
    path("", include("fundraising.collective.urls")),
    path("", include("directory.urls")),
    # Wagtail's page view, with the fallback to the source language for pages not (yet) translated (cms/serve.py).
    re_path(r"^((?:[\w\-]+/)*)$", serve_with_fallback, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
