"""Language-prefixed pages: "My data" (export, account deletion) for every signed-in user, and the email-link flow
for supporters without an account."""

from django.urls import path

from . import email_views, views

app_name = "privacy"

urlpatterns = [
    path("meine-daten/", views.overview, name="overview"),
    path("meine-daten/export/", views.export, name="export"),
    path("meine-daten/konto-loeschen/", views.delete_account_view, name="delete"),
    # Supporters without an account: a signed link by email (privacy/email_access.py).
    path("meine-daten/ohne-konto/", email_views.request_link, name="email_request"),
    path("meine-daten/ohne-konto/link/<str:token>/", email_views.open_link, name="email_link"),
    path("meine-daten/ohne-konto/daten/", email_views.data, name="email_data"),
    path("meine-daten/ohne-konto/export/", email_views.export, name="email_export"),
    path("meine-daten/ohne-konto/loeschen/", email_views.delete, name="email_delete"),
]
