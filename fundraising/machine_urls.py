"""Endpoints for machines, outside the language prefix."""

from django.urls import path

from fundraising.views.webhook import stripe_webhook

urlpatterns = [
    path("stripe/webhook/", stripe_webhook, name="stripe_webhook"),
]
