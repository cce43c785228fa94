"""Language-prefixed outreach pages. The widget lives on the campaign page itself: `<campaign-url>widget/`
(a route of CampaignPage that calls views.public.campaign_widget)."""

from django.urls import path

from fundraising.conf import conf

from .views import owner, public

app_name = "outreach"

OWNER = conf.get("FUNDRAISING_OWNER_URL_PREFIX")  # the owners' area, e.g. "mein-unternehmen/"

urlpatterns = [
    path("plakat/<int:pk>.<str:fmt>", public.campaign_poster, name="poster"),
    path("aktion-updates/abonnieren/<str:token>/", public.subscribe, name="subscribe"),
    path("aktion-updates/abbestellen/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path(OWNER + "<int:business_pk>/werbung/", owner.outreach_page, name="owner"),
    path(OWNER + "<int:business_pk>/plakat.<str:fmt>", owner.owner_poster, name="owner_poster"),
]
