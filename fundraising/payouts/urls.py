"""Owner pages of the payouts app (language-prefixed like the rest of the owner dashboard)."""

from django.urls import path

from fundraising.payouts import views

app_name = "payouts"

urlpatterns = [
    path("mein-unternehmen/<int:business_pk>/auszahlungen/", views.payout_status, name="status"),
    path("mein-unternehmen/<int:business_pk>/de-minimis/", views.de_minimis, name="de_minimis"),
    path("mein-unternehmen/<int:business_pk>/auszahlungen/einrichten/", views.start_onboarding, name="start"),
    path("mein-unternehmen/<int:business_pk>/auszahlungen/erneuern/", views.refresh_onboarding, name="refresh"),
    path("mein-unternehmen/<int:business_pk>/auszahlungen/zurueck/", views.return_from_onboarding, name="return"),
    path("mein-unternehmen/<int:business_pk>/auszahlungen/testkonto/", views.demo_onboarding, name="demo_onboarding"),
]
