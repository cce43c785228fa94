"""The interface every gateway implements. Sessions and events are plain dicts shaped like Stripe's objects."""

import dataclasses
import hashlib
import hmac
import json
import time

from django.conf import settings

from commons.lazy_libraries import stripe
from fundraising.conf import conf


@dataclasses.dataclass
class CheckoutResult:
    session_id: str
    url: str


class GatewayError(Exception):
    """The payment provider could not be reached or refused the request.

    `outcome_unknown`: no definite answer came back (no response, a timeout, an error on Stripe's side, a request
    with the same idempotency key still running), so Stripe may have carried the request out. Retry such a request
    with the *same* idempotency key; only after a definite refusal may a new key be used.
    """

    def __init__(self, message, outcome_unknown=False):
        super().__init__(message)
        self.outcome_unknown = outcome_unknown


def stripe_failure(error):
    """A GatewayError for a stripe.StripeError, saying whether Stripe may still have done what was asked.

    Definite (nothing was done): Stripe answered 4xx – a refused card, an invalid request, insufficient funds,
    authentication, a rate limit. Unknown: no HTTP answer at all, 5xx, 409 (a concurrent request with the same key)
    and `idempotency_error` (the key was used before with other parameters: the first request may have run)."""
    status = error.http_status
    unknown = status is None or status >= 500 or status == 409 or isinstance(error, stripe.IdempotencyError)
    return GatewayError(str(error) or type(error).__name__, outcome_unknown=unknown)


def webhook_secret():
    """The signing secret for webhooks. In demo mode without one, a secret derived from SECRET_KEY."""
    if conf.STRIPE_WEBHOOK_SECRET:
        return conf.STRIPE_WEBHOOK_SECRET
    if conf.PAYMENTS_DEMO_MODE:
        digest = hmac.new(settings.SECRET_KEY.encode(), b"fundraising-demo-webhook", hashlib.sha256).hexdigest()
        return f"whsec_demo_{digest}"
    return ""


WEBHOOK_TOLERANCE = 300  # seconds; Stripe's default, in both directions


def verify_webhook(payload, signature, secret):
    """Check a webhook's signature and age and parse it. Stripe's library refuses signatures older than the
    tolerance; one dated further than that in the future (a replay prepared with a leaked secret, or a clock far
    off) is refused here too. Raises ValueError / SignatureVerificationError.

    The body is parsed as plain JSON after Stripe's signature check (what `stripe.Webhook.construct_event` does,
    without building an Event object only to turn it back into a dict: that was ~1 ms per webhook, and ~30 ms on
    a worker's first webhook, while the SDK built its resource classes)."""
    stripe.WebhookSignature.verify_header(payload, signature, secret, WEBHOOK_TOLERANCE)
    event = json.loads(payload)
    if not isinstance(event, dict) or event.get("object") == "v2.core.event":
        raise ValueError("Not a Stripe event (snapshot payload)")
    stamps = [part[2:] for part in (signature or "").split(",") if part.strip().startswith("t=")]
    stamp = stamps[0].strip() if len(stamps) == 1 else ""
    if not stamp.isdigit() or int(stamp) > time.time() + WEBHOOK_TOLERANCE:
        raise stripe.SignatureVerificationError("Timestamp outside the tolerance zone", signature, payload)
    return event


def plain(obj):
    """A StripeObject (or dict) as a plain dict."""
    if obj is None:
        return None
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    return dict(obj)


def checkout_metadata(pledge):
    """What the Checkout Session keeps about the pledge: enough to recreate it, should our database lose it (a
    restore from an older backup; `fundraising.recovery`). Stripe metadata values are strings of ≤ 500 characters;
    empty ones are left out. The supporter's message stays with us."""
    values = {
        "pledge_id": pledge.pk,
        "pledge_key": pledge.checkout_key,
        "campaign_id": pledge.target_id,
        "reward_id": pledge.reward_id,
        "reward_title": pledge.reward_title,
        "reward_kind": pledge.reward_kind,
        "voucher_value_cents": pledge.voucher_value_cents,
        "voucher_valid_until": pledge.voucher_valid_until.isoformat() if pledge.voucher_valid_until else None,
        "name": pledge.name,
        "display_name": pledge.display_name,
        "anonymous": "1" if pledge.anonymous else None,
        "language": pledge.language,
    }
    return {key: str(value)[:500] for key, value in values.items() if value not in (None, "")}


def subscription_metadata(subscription):
    """What the Checkout Session and the Stripe subscription keep about our Subscription (strings, no email)."""
    values = {
        "subscription_id": subscription.pk,
        "subscription_key": subscription.checkout_key,
        "campaign_id": subscription.target_id,
        "language": subscription.language,
    }
    return {key: str(value)[:500] for key, value in values.items() if value not in (None, "")}


def session_pledge_id(session):
    """The pledge id a session names (metadata first, then client_reference_id); None when absent or garbled."""
    metadata = session.get("metadata") or {}
    for value in (metadata.get("pledge_id"), session.get("client_reference_id")):
        if value is not None and str(value).isdigit():
            return int(value)
    return None


def object_id(value):
    """An expandable field: either an id string or an object with an id."""
    if isinstance(value, dict):
        return value.get("id")
    return value or None


class PaymentGateway:
    demo = False

    def create_checkout(self, pledge, success_url, cancel_url) -> CheckoutResult:
        raise NotImplementedError

    def retrieve_session(self, session_id) -> dict:
        raise NotImplementedError

    def find_session_for_payment_intent(self, payment_intent_id) -> dict | None:
        raise NotImplementedError

    def retrieve_dispute(self, dispute_id) -> dict:
        """The dispute as it stands now, its `charge` expanded (amount_refunded, payment_intent)."""
        raise NotImplementedError

    def list_sessions(self, created_since) -> list:
        raise NotImplementedError

    def list_undelivered_events(self, created_since) -> list:
        raise NotImplementedError

    def refund(self, pledge, attempt: str = "") -> str:
        """Refund the pledge in full; returns the refund id. Automatic retries of one refund keep `attempt` empty
        (one idempotency key per pledge); a new request by a person after a definite refusal passes a new `attempt`,
        because Stripe replays a stored error for the same key for 24 hours."""
        raise NotImplementedError

    # Monthly support (Stripe subscriptions) ---------------------------------------------------------------

    def create_subscription_checkout(self, subscription, success_url, cancel_url) -> CheckoutResult:
        """A Checkout Session in subscription mode: the subscription's amount every month."""
        raise NotImplementedError

    def retrieve_subscription(self, subscription_id) -> dict:
        raise NotImplementedError

    def retrieve_invoice(self, invoice_id) -> dict:
        raise NotImplementedError

    def cancel_subscription(self, subscription_id) -> dict:
        """Cancel at once (no further invoices). Cancelling one that is already cancelled is no error."""
        raise NotImplementedError

    def construct_event(self, payload: bytes, signature: str) -> dict:
        """Verify the signature (default tolerance) and parse. Raises ValueError / SignatureVerificationError."""
        secret = webhook_secret()
        if not secret:
            raise stripe.SignatureVerificationError("No webhook secret configured", signature)
        return verify_webhook(payload, signature, secret)
