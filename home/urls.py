from django.urls import path

from wagtail.contrib.sitemaps.views import sitemap

from . import views
from .sitemap import LanguageSitemap

# Machine endpoints without a language prefix (cms/urls.py includes this at the root).
urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": LanguageSitemap}}, name="sitemap"),
    path("_styleguide/", views.styleguide, name="styleguide"),  # DEBUG only
]
