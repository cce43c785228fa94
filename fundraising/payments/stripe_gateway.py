"""The one module that talks to Stripe (stripe-python 16, StripeClient and its v1 services)."""

import datetime

from django.utils import timezone

from wagtail import hooks

from commons.lazy_libraries import stripe
from fundraising.conf import conf

from .base import CheckoutResult, GatewayError, PaymentGateway, checkout_metadata, plain, subscription_metadata


class StripeGateway(PaymentGateway):
    def __init__(self, api_key=None, http_client=None):
        options = {}
        if http_client is not None:
            options["http_client"] = http_client
        self.client = stripe.StripeClient(api_key or conf.STRIPE_SECRET_KEY, max_network_retries=2, **options)

    def create_checkout(self, pledge, success_url, cancel_url):
        expires = timezone.now() + datetime.timedelta(minutes=max(30, conf.FUNDRAISING_CHECKOUT_MINUTES))
        params = {
            "mode": "payment",
            # No payment_method_types: the methods enabled in the Stripe dashboard (cards, SEPA, wallets) apply.
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": "eur",
                        "unit_amount": pledge.amount_cents,
                        "product_data": {"name": pledge.target.title[:250]},
                    },
                }
            ],
            "client_reference_id": str(pledge.pk),
            "metadata": checkout_metadata(pledge),
            "payment_intent_data": {"metadata": {"pledge_id": str(pledge.pk)}},
            "customer_email": pledge.email,
            "locale": "en" if pledge.language.startswith("en") else "de",
            "success_url": success_url,
            "cancel_url": cancel_url,
            "expires_at": int(expires.timestamp()),
        }
        for fn in hooks.get_hooks("fundraising_checkout_params"):  # e.g. destination charges (payouts)
            fn(pledge, params)
        try:
            session = self.client.v1.checkout.sessions.create(
                params, {"idempotency_key": f"checkout-{pledge.checkout_key}"}
            )
        except stripe.StripeError as error:
            raise GatewayError(str(error)) from error
        return CheckoutResult(session_id=session.id, url=session.url)

    def retrieve_session(self, session_id):
        try:
            return plain(self.client.v1.checkout.sessions.retrieve(session_id))
        except stripe.StripeError as error:
            raise GatewayError(str(error)) from error

    def find_session_for_payment_intent(self, payment_intent_id):
        try:
            result = self.client.v1.checkout.sessions.list({"payment_intent": payment_intent_id, "limit": 1})
        except stripe.StripeError as error:
            raise GatewayError(str(error)) from error
        data = plain(result).get("data") or []
        return plain(data[0]) if data else None

    def retrieve_dispute(self, dispute_id):
        try:
            return plain(self.client.v1.disputes.retrieve(dispute_id, {"expand": ["charge"]}))
        except stripe.StripeError as error:
            raise GatewayError(str(error)) from error

    def list_sessions(self, created_since):
        params = {"created": {"gte": int(created_since.timestamp())}, "limit": 100}
        try:
            page = self.client.v1.checkout.sessions.list(params)
            return [plain(session) for session in page.auto_paging_iter()]
        except stripe.StripeError as error:
            raise GatewayError(str(error)) from error

    def list_undelivered_events(self, created_since):
        params = {"created": {"gte": int(created_since.timestamp())}, "delivery_success": False, "limit": 100}
        try:
            page = self.client.v1.events.list(params)
            return [plain(event) for event in page.auto_paging_iter()]
        except stripe.StripeError as error:
            raise GatewayError(str(error)) from error

    def refund(self, pledge, attempt=""):
        if not pledge.stripe_payment_intent:
            raise GatewayError("The pledge has no PaymentIntent to refund.")
        try:
            params = {
                "payment_intent": pledge.stripe_payment_intent,
                "metadata": {"pledge_id": str(pledge.pk), "pledge_key": pledge.checkout_key},
            }
            for fn in hooks.get_hooks("fundraising_refund_params"):  # e.g. reverse_transfer (payouts)
                fn(pledge, params)
            key = f"refund-{pledge.checkout_key}" + (f"-{attempt}" if attempt else "")
            refund = self.client.v1.refunds.create(params, {"idempotency_key": key})
        except stripe.StripeError as error:
            raise GatewayError(str(error)) from error
        return refund.id

    # Monthly support --------------------------------------------------------------------------------------------

    def create_subscription_checkout(self, subscription, success_url, cancel_url):
        expires = timezone.now() + datetime.timedelta(minutes=max(30, conf.FUNDRAISING_CHECKOUT_MINUTES))
        metadata = subscription_metadata(subscription)
        methods = ["card", "sepa_debit"] if conf.FUNDRAISING_MONTHLY_SEPA else ["card"]
        params = {
            "mode": "subscription",
            # A filter on the methods the Stripe account offers (stripe-python 16; see docs DEPENDENCY_NOTES).
            "allowed_payment_method_types": methods,
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": "eur",
                        "unit_amount": subscription.amount_cents,
                        "recurring": {"interval": "month"},
                        "product_data": {"name": subscription.target.title[:250]},
                    },
                }
            ],
            "client_reference_id": f"sub:{subscription.pk}",
            "metadata": metadata,
            "subscription_data": {"metadata": metadata},
            "customer_email": subscription.email,
            "locale": "en" if subscription.language.startswith("en") else "de",
            "success_url": success_url,
            "cancel_url": cancel_url,
            "expires_at": int(expires.timestamp()),
        }
        try:
            session = self.client.v1.checkout.sessions.create(
                params, {"idempotency_key": f"subscription-{subscription.checkout_key}"}
            )
        except stripe.StripeError as error:
            raise GatewayError(str(error)) from error
        return CheckoutResult(session_id=session.id, url=session.url)

    def retrieve_subscription(self, subscription_id):
        try:
            return plain(self.client.v1.subscriptions.retrieve(subscription_id))
        except stripe.StripeError as error:
            raise GatewayError(str(error)) from error

    def retrieve_invoice(self, invoice_id):
        try:
            return plain(self.client.v1.invoices.retrieve(invoice_id))
        except stripe.StripeError as error:
            raise GatewayError(str(error)) from error

    def cancel_subscription(self, subscription_id):
        try:
            return plain(self.client.v1.subscriptions.cancel(subscription_id))
        except stripe.InvalidRequestError as error:
            if error.http_status == 404 or "canceled" in str(error):
                return self.retrieve_subscription(subscription_id)  # already gone at Stripe: nothing to cancel
            raise GatewayError(str(error)) from error
        except stripe.StripeError as error:
            raise GatewayError(str(error)) from error
