"""Demo payments: a local checkout page instead of Stripe. Its buttons build Stripe-shaped events, sign them with
the webhook secret and feed them through the same webhook code (fundraising.webhooks.process_payload)."""

import datetime
import json
import secrets

from django.urls import reverse
from django.utils import timezone, translation

from wagtail import hooks

from commons.lazy_libraries import stripe
from fundraising.conf import conf
from fundraising.models import DemoCheckoutSession

from .base import CheckoutResult, GatewayError, PaymentGateway, subscription_metadata, webhook_secret

_demo_disputes = {}  # demo disputes exist only while `seed_demo` runs (there is no demo dispute screen)


class DemoGateway(PaymentGateway):
    demo = True

    def create_checkout(self, pledge, success_url, cancel_url):
        for fn in hooks.get_hooks("fundraising_checkout_params"):  # the same routing record as with Stripe
            fn(pledge, {"payment_intent_data": {}})
        session = DemoCheckoutSession.objects.create(
            session_id=f"cs_demo_{secrets.token_urlsafe(24)}",
            pledge=pledge,
            amount_total=pledge.amount_cents,
            currency=pledge.currency,
            success_url=success_url,
            cancel_url=cancel_url,
            expires_at=timezone.now() + datetime.timedelta(minutes=conf.FUNDRAISING_CHECKOUT_MINUTES),
        )
        with translation.override(pledge.language):
            url = reverse("fundraising:demo_checkout", args=[session.session_id])
        return CheckoutResult(session_id=session.session_id, url=url)

    def _get(self, **lookup):
        session = DemoCheckoutSession.objects.filter(**lookup).first()
        return session.as_stripe() if session else None

    def retrieve_session(self, session_id):
        session = self._get(session_id=session_id)
        if session is None:
            raise GatewayError(f"No such checkout.session: {session_id}")
        return session

    def find_session_for_payment_intent(self, payment_intent_id):
        return self._get(payment_intent=payment_intent_id)

    def retrieve_dispute(self, dispute_id):
        dispute = _demo_disputes.get(dispute_id)
        if dispute is None:
            raise GatewayError(f"No such dispute: {dispute_id}")
        return dispute

    def open_dispute(self, pledge, status="needs_response"):
        """Demo data only: a dispute of the pledge's payment (kept in this process), announced by a signed event."""
        dispute = {
            "id": f"dp_demo_{pledge.pk}",
            "object": "dispute",
            "status": status,
            "payment_intent": pledge.stripe_payment_intent,
            "charge": {"id": f"ch_demo_{pledge.pk}", "object": "charge", "amount_refunded": 0, "refunded": False},
        }
        _demo_disputes[dispute["id"]] = dispute
        return send_event("charge.dispute.created", dispute)

    def list_sessions(self, created_since):
        return [s.as_stripe() for s in DemoCheckoutSession.objects.filter(created__gte=created_since)]

    def list_undelivered_events(self, created_since):
        return []

    def refund(self, pledge, attempt=""):
        session = DemoCheckoutSession.objects.filter(pledge=pledge, payment_status="paid").first()
        if session is None:
            raise GatewayError("Nothing paid to refund.")
        session.refunded = True
        session.save(update_fields=["refunded"])
        charge = {
            "id": f"ch_demo_{session.pk}",
            "object": "charge",
            "amount": session.amount_total,
            "amount_refunded": session.amount_total,
            "refunded": True,
            "currency": session.currency,
            "payment_intent": session.payment_intent,
        }
        send_event("charge.refunded", charge)
        return f"re_demo_{session.pk}"

    # The buttons of the demo checkout page ---------------------------------------------------------------------

    def pay(self, session):
        if session.status != "open":
            return None
        session.status = "complete"
        session.payment_status = "paid"
        session.payment_intent = f"pi_demo_{secrets.token_hex(12)}"
        session.save(update_fields=["status", "payment_status", "payment_intent"])
        return send_event("checkout.session.completed", session.as_stripe())

    def cancel(self, session):
        if session.status != "open":
            return None
        session.status = "expired"
        session.save(update_fields=["status"])
        return send_event("checkout.session.expired", session.as_stripe())

    # Monthly support: "Stripe's" subscription lives on the demo session (status, invoices sent) -----------------

    def create_subscription_checkout(self, subscription, success_url, cancel_url):
        session = DemoCheckoutSession.objects.create(
            session_id=f"cs_demo_{secrets.token_urlsafe(24)}",
            subscription=subscription,
            amount_total=subscription.amount_cents,
            currency=subscription.currency,
            success_url=success_url,
            cancel_url=cancel_url,
            expires_at=timezone.now() + datetime.timedelta(minutes=conf.FUNDRAISING_CHECKOUT_MINUTES),
        )
        with translation.override(subscription.language):
            url = reverse("fundraising:demo_checkout", args=[session.session_id])
        return CheckoutResult(session_id=session.session_id, url=url)

    def _subscription_session(self, stripe_subscription_id):
        prefix = "sub_demo_"
        if not str(stripe_subscription_id).startswith(prefix):
            return None
        return (
            DemoCheckoutSession.objects.select_related("subscription")
            .filter(session_id="cs_demo_" + stripe_subscription_id[len(prefix) :], subscription__isnull=False)
            .first()
        )

    def _stripe_subscription(self, session):
        period_end = session.created + datetime.timedelta(days=30 * max(1, session.invoices_sent))
        return {
            "id": session.demo_subscription_id,
            "object": "subscription",
            "status": session.subscription_status or "incomplete",
            "customer": f"cus_demo_{session.subscription_id}",
            "metadata": subscription_metadata(session.subscription),
            "current_period_end": int(period_end.timestamp()),
            "livemode": False,
        }

    def retrieve_subscription(self, subscription_id):
        session = self._subscription_session(subscription_id)
        if session is None:
            raise GatewayError(f"No such subscription: {subscription_id}")
        return self._stripe_subscription(session)

    def _invoice(self, session, number, paid):
        return {
            "id": f"in_demo_{session.pk}_{number}_{'paid' if paid else 'failed'}",
            "object": "invoice",
            "status": "paid" if paid else "open",
            "amount_due": session.amount_total,
            "amount_paid": session.amount_total if paid else 0,
            "currency": session.currency,
            "payment_intent": f"pi_demo_in_{session.pk}_{number}" if paid else None,
            "parent": {"subscription_details": {"subscription": session.demo_subscription_id}},
            "livemode": False,
        }

    def retrieve_invoice(self, invoice_id):
        parts = str(invoice_id).split("_")  # in_demo_<session pk>_<number>_<paid|failed>
        if len(parts) != 5 or parts[:2] != ["in", "demo"] or not (parts[2].isdigit() and parts[3].isdigit()):
            raise GatewayError(f"No such invoice: {invoice_id}")
        session = DemoCheckoutSession.objects.filter(pk=int(parts[2]), subscription__isnull=False).first()
        if session is None:
            raise GatewayError(f"No such invoice: {invoice_id}")
        return self._invoice(session, int(parts[3]), parts[4] == "paid")

    def cancel_subscription(self, subscription_id):
        session = self._subscription_session(subscription_id)
        if session is None:
            raise GatewayError(f"No such subscription: {subscription_id}")
        if session.subscription_status != "canceled":
            session.subscription_status = "canceled"
            session.save(update_fields=["subscription_status"])
            send_event("customer.subscription.deleted", self._stripe_subscription(session))
        return self._stripe_subscription(session)

    def subscribe(self, session):
        """The demo checkout's "subscribe" button: the session completes and the first month is paid."""
        if session.status != "open" or not session.subscription_id:
            return None
        session.status = "complete"
        session.payment_status = "paid"
        session.subscription_status = "active"
        session.save(update_fields=["status", "payment_status", "subscription_status"])
        send_event("checkout.session.completed", session.as_stripe())
        return self.simulate_month(session, paid=True)

    def simulate_month(self, session, paid=True):
        """Demo and tests: the next monthly invoice, paid or failed, announced like Stripe would."""
        if session.subscription_status in ("", "canceled"):
            return None
        session.invoices_sent += 1
        session.subscription_status = "active" if paid else "past_due"
        session.save(update_fields=["invoices_sent", "subscription_status"])
        invoice = self._invoice(session, session.invoices_sent, paid)
        return send_event("invoice.paid" if paid else "invoice.payment_failed", invoice)


def send_event(event_type, obj):
    """Build, sign and process an event exactly as if Stripe had sent it: through the hook
    `fundraising_deliver_event` (fundraising/wagtail_hooks.py hands it to fundraising.webhooks.process_payload)."""
    event = {
        "id": f"evt_demo_{secrets.token_hex(12)}",
        "object": "event",
        "api_version": stripe.api_version,
        "created": int(timezone.now().timestamp()),
        "livemode": False,
        "type": event_type,
        "data": {"object": obj},
    }
    payload = json.dumps(event)
    signature = stripe.WebhookSignature.generate_signature_header(payload, webhook_secret())
    deliver = hooks.get_hooks("fundraising_deliver_event")
    if not deliver:
        raise GatewayError("No processor for demo payment events (hook fundraising_deliver_event).")
    return deliver[-1](payload.encode(), signature)
