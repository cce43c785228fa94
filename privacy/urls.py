"""Language-prefixed pages: "My data" (export, account deletion) for every signed-in user."""

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("meine-daten/", views.overview, name="overview"),
    path("meine-daten/export/", views.export, name="export"),
    path("meine-daten/konto-loeschen/", views.delete_account_view, name="delete"),
]
