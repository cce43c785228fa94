"""Owner pages of the payouts app (language-prefixed like the rest of the owner dashboard)."""

from django.urls import path

from fundraising.conf import conf
from fundraising.payouts import views

app_name = "payouts"

OWNER = conf.get("FUNDRAISING_OWNER_URL_PREFIX")  # the owners' area, e.g. "mein-unternehmen/"

urlpatterns = [
    path(OWNER + "<int:business_pk>/auszahlungen/", views.payout_status, name="status"),
    path(OWNER + "<int:business_pk>/auszahlungen/einrichten/", views.start_onboarding, name="start"),
    path(OWNER + "<int:business_pk>/auszahlungen/erneuern/", views.refresh_onboarding, name="refresh"),
    path(OWNER + "<int:business_pk>/auszahlungen/zurueck/", views.return_from_onboarding, name="return"),
    path(OWNER + "<int:business_pk>/auszahlungen/testkonto/", views.demo_onboarding, name="demo_onboarding"),
]
