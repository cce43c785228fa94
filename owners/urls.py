from django.urls import path

from . import public_views, views

app_name = "owners"

urlpatterns = [
    path("mein-unternehmen/", views.dashboard, name="dashboard"),
    path("mein-unternehmen/registrieren/", views.register, name="register"),
    path("mein-unternehmen/<int:pk>/", views.business, name="business"),
    path("mein-unternehmen/<int:pk>/bearbeiten/", views.edit, name="edit"),
    path("mein-unternehmen/<int:pk>/heute/", views.quick_update, name="quick_update"),
    path("mein-unternehmen/<int:pk>/vorschau/", views.preview, name="preview"),
    path("mein-unternehmen/<int:pk>/einladen/", views.invite, name="invite"),
    path("mein-unternehmen/<int:pk>/verlassen/", views.leave, name="leave"),
    path("mein-unternehmen/einladung/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("mein-unternehmen/<int:pk>/bestaetigen/", views.confirm, name="confirm"),
    path("eintrag-bestaetigen/<str:token>/", public_views.confirm_listing, name="confirm_listing"),
    path("unternehmen-beanspruchen/<int:page_id>/", public_views.claim, name="claim"),
    path("brief/", public_views.claim_letter_entry, name="claim_letter_entry"),
    path("brief/<str:code>/", public_views.claim_letter, name="claim_letter"),
    path("lieblingsunternehmen-vorschlagen/", public_views.suggest, name="suggest"),
]
