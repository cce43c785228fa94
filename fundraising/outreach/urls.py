"""Language-prefixed outreach pages. The widget lives on the campaign page itself: `<campaign-url>widget/`
(added to CampaignPage's routes through the `fundraising_campaign_routes` hook in wagtail_hooks.py)."""

from django.urls import path

from .views import owner, public

app_name = "outreach"

urlpatterns = [
    path("plakat/<int:pk>.<str:fmt>", public.campaign_poster, name="poster"),
    path("aktion-updates/abonnieren/<str:token>/", public.subscribe, name="subscribe"),
    path("aktion-updates/abbestellen/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("mein-unternehmen/<int:business_pk>/werbung/", owner.outreach_page, name="owner"),
    path("mein-unternehmen/<int:business_pk>/plakat.<str:fmt>", owner.owner_poster, name="owner_poster"),
]
