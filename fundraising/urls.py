"""Language-prefixed pages of the fundraising app (German without prefix, English under /en/)."""

from django.urls import path

from fundraising.conf import conf
from fundraising.views import closure, demo, gift, offline, owner, pledge, share, subscription, vouchers

app_name = "fundraising"

OWNER = conf.get("FUNDRAISING_OWNER_URL_PREFIX")  # the owners' area, e.g. "mein-unternehmen/"

urlpatterns = [
    path("k/<int:pk>/", pledge.short_link, name="short"),
    path("k/<int:pk>/vorschau.png", share.og_image_view, name="og_image"),
    path("unterstuetzen/<int:campaign_id>/", pledge.pledge_submit, name="pledge_submit"),
    path("unterstuetzen/danke/<str:token>/", pledge.thanks, name="thanks"),
    path("unterstuetzen/danke/<str:token>/status/", pledge.thanks_status, name="thanks_status"),
    path("unterstuetzen/abgebrochen/<str:token>/", pledge.cancelled, name="cancelled"),
    path("unterstuetzen/geschenk/<str:token>/", gift.gift_page, name="gift"),
    path(OWNER + "<int:business_pk>/aktion/<int:pk>/offline/", offline.owner_record, name="owner_offline_pledge"),
    path("patenschaft/<str:token>/", subscription.manage, name="subscription_manage"),
    path("unterstuetzen/widerruf/", pledge.withdrawal_page, name="withdrawal"),
    path("gutschein/schliessung/<str:token>/", closure.closure_offer, name="closure_offer"),
    path(OWNER + "<int:business_pk>/dauerhaft-geschlossen/", closure.owner_close, name="owner_close"),
    path(
        "unterstuetzen/danke/<str:token>/zahlungsbestaetigung.pdf",
        pledge.confirmation_pdf,
        name="confirmation_pdf",
    ),
    path("testzahlung/<str:session_id>/", demo.demo_checkout, name="demo_checkout"),
    path("gutschein/<str:token>/", vouchers.voucher_page, name="voucher"),
    path("gutschein/<str:token>/gutschein.pdf", vouchers.voucher_pdf, name="voucher_pdf"),
    path("gutschein/<str:token>/qr.svg", vouchers.voucher_qr, name="voucher_qr"),
    path(OWNER + "<int:business_pk>/aktion/neu/", owner.campaign_start, name="owner_campaign_start"),
    path(OWNER + "<int:business_pk>/aktion/<int:pk>/", owner.campaign_detail, name="owner_campaign"),
    path(
        OWNER + "<int:business_pk>/aktion/<int:pk>/beenden/",
        owner.campaign_end,
        name="owner_campaign_end",
    ),
    path(
        OWNER + "<int:business_pk>/aktion/<int:pk>/unterstuetzungen.csv",
        owner.pledges_csv,
        name="owner_pledges_csv",
    ),
    path(OWNER + "<int:business_pk>/gutscheine/", owner.voucher_overview, name="owner_vouchers"),
    path(OWNER + "<int:business_pk>/gutscheine.csv", owner.vouchers_csv, name="owner_vouchers_csv"),
    path(OWNER + "<int:business_pk>/buchungen.csv", owner.bookings_csv, name="owner_bookings_csv"),
    path(OWNER + "<int:business_pk>/gutscheine/einloesen/", owner.redeem, name="owner_redeem"),
    path(
        OWNER + "<int:business_pk>/belohnungen/<int:pledge_pk>/erledigt/",
        owner.reward_done,
        name="owner_reward_done",
    ),
]
