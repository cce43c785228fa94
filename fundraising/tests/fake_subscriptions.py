"""FakeStripe plus Stripe's subscriptions and invoices (HTTP level), for the monthly support tests."""

import json
import time
from urllib.parse import urlparse

from .fakes import FakeStripe


def _not_found(what):
    return json.dumps({"error": {"type": "invalid_request_error", "message": f"No such {what}"}}), 404, {}


class FakeStripeSubscriptions(FakeStripe):
    def __init__(self):
        super().__init__()
        self.subscriptions = {}
        self.invoices = {}
        self.cancelled = []

    # Helpers for tests: what happens at Stripe when the supporter completes the checkout --------------------------

    def complete_subscription_checkout(self, session_id, sub_id="sub_test_1", status="active"):
        """The session completes; Stripe created a subscription that carries the session's metadata."""
        session = self.sessions[session_id]
        session.update(status="complete", payment_status="paid", subscription=sub_id, customer="cus_test_1")
        self.subscriptions[sub_id] = {
            "id": sub_id,
            "object": "subscription",
            "status": status,
            "customer": "cus_test_1",
            "metadata": dict(session["metadata"]),
            "items": {"object": "list", "data": [{"current_period_end": int(time.time()) + 30 * 86400}]},
        }
        return session

    def add_invoice(self, invoice_id, sub_id="sub_test_1", amount=1500, status="paid"):
        self.invoices[invoice_id] = {
            "id": invoice_id,
            "object": "invoice",
            "status": status,
            "amount_due": amount,
            "amount_paid": amount if status == "paid" else 0,
            "currency": "eur",
            "parent": {"type": "subscription_details", "subscription_details": {"subscription": sub_id}},
            "payments": {"data": [{"payment": {"payment_intent": f"pi_{invoice_id}"}}]},
        }
        return self.invoices[invoice_id]

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        path = urlparse(url).path
        if path.startswith("/v1/subscriptions/") or path.startswith("/v1/invoices/"):
            self.requests.append({"method": method, "path": path, "headers": headers})
            if self.fail:
                return json.dumps({"error": {"type": "api_error", "message": "Stripe is down"}}), 500, {}
            key = path.rsplit("/", 1)[1]
            if path.startswith("/v1/invoices/"):
                invoice = self.invoices.get(key)
                return (json.dumps(invoice), 200, {}) if invoice else _not_found("invoice")
            sub = self.subscriptions.get(key)
            if sub is None:
                return _not_found("subscription")
            if method == "delete":
                sub["status"] = "canceled"
                self.cancelled.append(key)
            return json.dumps(sub), 200, {}
        body, status, headers_out = super().request(method, url, headers, post_data, _usage=_usage)
        if method == "post" and path == "/v1/checkout/sessions" and status == 200:
            session = json.loads(body)
            form = self.requests[-1]["body"]
            session["mode"] = form.get("mode", "payment")
            session["subscription"] = None
            self.sessions[session["id"]] = session
            body = json.dumps(session)
        return body, status, headers_out
