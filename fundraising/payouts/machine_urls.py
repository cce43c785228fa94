"""Endpoints for machines, outside the language prefix."""

from django.urls import path

from fundraising.payouts.views import connect_webhook

urlpatterns = [
    path("stripe/connect-webhook/", connect_webhook, name="stripe_connect_webhook"),
]
