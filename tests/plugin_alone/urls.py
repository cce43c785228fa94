"""The plugins' URLs in a bare Wagtail site (compare cms/urls.py, the demo city's)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("directory.api_urls")),
    path("", include("fundraising.machine_urls")),
    path("", include("fundraising.payouts.machine_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("fundraising.legacy_urls")),  # "spendenaktion" URLs → "aktion" (301)
    path("", include("fundraising.urls")),
    path("", include("fundraising.outreach.urls")),
    path("", include("fundraising.payouts.urls")),
    path("", include("fundraising.collective.urls")),
    path("", include("directory.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
