"""Machine URLs (not language-prefixed): the public API and the generated share images."""

from django.urls import path

from directory.api import api
from directory.views import share_image_view

urlpatterns = [
    path("api/v1/", api.urls),
    path("directory/share/<int:pk>.png", share_image_view, name="directory_share_image"),
]
