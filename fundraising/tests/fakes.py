"""A fake Stripe API at the HTTP-client level: stripe-python builds real requests, we answer Stripe-shaped JSON."""

import json
import threading
import time
from urllib.parse import parse_qs, urlparse

import stripe

from fundraising.payments.stripe_gateway import StripeGateway

SECRET = "whsec_test_secret"  # cms.settings.test.STRIPE_WEBHOOK_SECRET


def _unflatten(form):
    """'line_items[0][price_data][unit_amount]=500' -> nested dicts (lists as dicts keyed by index)."""
    result = {}
    for key, values in form.items():
        parts = key.replace("]", "").split("[")
        node = result
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = values[0]
    return result


class FakeStripe(stripe.HTTPClient):
    name = "fake"

    def __init__(self):
        super().__init__()
        self.sessions = {}
        self.events = []
        self.requests = []
        self.refunds = []
        self.transfers = []
        self.disputes = {}
        self.fail = False
        # Scripted trouble for idempotent POSTs (transfers; accounts in the Connect fake):
        self.refuse_next = []  # Stripe error objects answered (and stored for the key) instead of doing it
        self.lose_responses = 0  # do it, then lose this many responses (the caller sees a timeout)
        self.answers = {}  # Idempotency-Key -> (body, status): Stripe replays the first answer, errors included
        self._lock = threading.Lock()
        self._n = 0

    # Helpers for tests --------------------------------------------------------------------------------------

    def add_session(self, pledge, payment_status="paid", status="complete", **overrides):
        session = {
            "id": pledge.stripe_session_id or f"cs_test_{pledge.pk}",
            "object": "checkout.session",
            "amount_total": pledge.amount_cents,
            "currency": "eur",
            "status": status,
            "payment_status": payment_status,
            "payment_intent": f"pi_test_{pledge.pk}",
            "client_reference_id": str(pledge.pk),
            "metadata": {"pledge_id": str(pledge.pk)},
            "created": int(time.time()),
            "livemode": False,
        }
        session.update(overrides)
        self.sessions[session["id"]] = session
        return session

    def set_dispute(self, pledge, status, dispute_id=None, amount_refunded=0):
        """The dispute of the pledge's charge as Stripe has it *now* (its charge expanded)."""
        dispute_id = dispute_id or f"dp_test_{pledge.pk}"
        self.disputes[dispute_id] = {
            "id": dispute_id,
            "object": "dispute",
            "status": status,
            "amount": pledge.amount_cents,
            "payment_intent": f"pi_test_{pledge.pk}",
            "charge": {
                "id": f"ch_test_{pledge.pk}",
                "object": "charge",
                "amount": pledge.amount_cents,
                "amount_refunded": amount_refunded,
                "refunded": amount_refunded >= pledge.amount_cents,
                "payment_intent": f"pi_test_{pledge.pk}",
            },
        }
        return self.disputes[dispute_id]

    def idempotent(self, headers, create):
        """Stripe's idempotency: the first answer for a key (success or error) is stored and replayed. `create()`
        returns the object; `refuse_next` answers an error instead; `lose_responses` loses the answer after doing
        it, as a timeout would."""
        key = headers.get("Idempotency-Key")
        with self._lock:
            if key and key in self.answers:
                body, status = self.answers[key]
            elif self.refuse_next:
                body, status = json.dumps({"error": self.refuse_next.pop(0)}), 400
            else:
                body, status = json.dumps(create()), 200
            if key:
                self.answers.setdefault(key, (body, status))
            if self.lose_responses:
                self.lose_responses -= 1
                raise stripe.APIConnectionError("Read timed out (the fake lost Stripe's answer)", should_retry=True)
        return body, status, {}

    def _sleep_time_seconds(self, num_retries):
        return 0  # stripe-python's retries without waiting (tests are never timed)

    # stripe.HTTPClient ----------------------------------------------------------------------------------------

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        parsed = urlparse(url)
        query = parse_qs(parsed.query)
        body = _unflatten(parse_qs(post_data.decode() if isinstance(post_data, bytes) else (post_data or "")))
        with self._lock:
            self.requests.append(
                {"method": method, "path": parsed.path, "query": query, "body": body, "headers": headers}
            )
        if self.fail:
            return json.dumps({"error": {"type": "api_error", "message": "Stripe is down"}}), 500, {}
        path = parsed.path
        if method == "post" and path == "/v1/checkout/sessions":
            with self._lock:
                self._n += 1
                session_id = f"cs_test_{self._n}"
            session = {
                "id": session_id,
                "object": "checkout.session",
                "url": f"https://checkout.stripe.com/c/pay/{session_id}",
                "amount_total": int(body["line_items"]["0"]["price_data"]["unit_amount"]),
                "currency": body["line_items"]["0"]["price_data"]["currency"],
                "status": "open",
                "payment_status": "unpaid",
                "payment_intent": None,
                "client_reference_id": body.get("client_reference_id"),
                "metadata": body.get("metadata", {}),
                "created": int(time.time()),
            }
            self.sessions[session_id] = session
            return json.dumps(session), 200, {}
        if method == "get" and path.startswith("/v1/checkout/sessions/"):
            session = self.sessions.get(path.rsplit("/", 1)[1])
            if session is None:
                return json.dumps({"error": {"type": "invalid_request_error", "message": "No such session"}}), 404, {}
            return json.dumps(session), 200, {}
        if method == "get" and path == "/v1/checkout/sessions":
            data = list(self.sessions.values())
            if "payment_intent" in query:
                data = [s for s in data if s.get("payment_intent") == query["payment_intent"][0]]
            return json.dumps({"object": "list", "data": data, "has_more": False, "url": path}), 200, {}
        if method == "get" and path.startswith("/v1/disputes/"):
            dispute = self.disputes.get(path.rsplit("/", 1)[1])
            if dispute is None:
                return json.dumps({"error": {"type": "invalid_request_error", "message": "No such dispute"}}), 404, {}
            return json.dumps(dispute), 200, {}
        if method == "get" and path == "/v1/events":
            return json.dumps({"object": "list", "data": self.events, "has_more": False, "url": path}), 200, {}
        if method == "post" and path == "/v1/transfers":

            def create_transfer():
                transfer = {
                    "id": f"tr_test_{len(self.transfers) + 1}",
                    "object": "transfer",
                    "amount": int(body["amount"]),
                    "currency": body["currency"],
                    "destination": body["destination"],
                    "transfer_group": body.get("transfer_group"),
                    "metadata": body.get("metadata", {}),
                }
                self.transfers.append(transfer)
                return transfer

            return self.idempotent(headers, create_transfer)
        if method == "get" and path == "/v1/transfers":
            data = [
                t
                for t in self.transfers
                if "transfer_group" not in query or t["transfer_group"] == query["transfer_group"][0]
            ]
            return json.dumps({"object": "list", "data": data, "has_more": False, "url": path}), 200, {}
        if method == "post" and path == "/v1/refunds":
            refund = {"id": f"re_test_{len(self.refunds) + 1}", "object": "refund", "status": "pending", **body}
            self.refunds.append(refund)
            return json.dumps(refund), 200, {}
        return json.dumps({"error": {"type": "invalid_request_error", "message": f"{method} {path}"}}), 404, {}

    def request_stream(self, *args, **kwargs):
        raise NotImplementedError

    def close(self):
        pass


def fake_gateway(fake):
    return StripeGateway(api_key="sk_test_fake", http_client=fake)


def event(event_type, obj, event_id=None, created=None):
    return {
        "id": event_id or f"evt_{event_type}_{obj.get('id')}_{time.time_ns()}",
        "object": "event",
        "type": event_type,
        "created": created or int(time.time()),
        "livemode": False,
        "data": {"object": obj},
    }


def signed(payload_dict, secret=SECRET, timestamp=None):
    payload = json.dumps(payload_dict)
    header = stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=timestamp)
    return payload, header


def charge(pledge, **overrides):
    """A refunded Stripe Charge of the pledge (override any field, e.g. amount_refunded for a partial refund)."""
    return {
        "id": f"ch_test_{pledge.pk}",
        "object": "charge",
        "amount": pledge.amount_cents,
        "amount_refunded": pledge.amount_cents,
        "refunded": True,
        "currency": "eur",
        "payment_intent": f"pi_test_{pledge.pk}",
    } | overrides
