"""Signed `checkout.session.completed` events for pending pledges, as Stripe would send them (demo gateway).

Shared by bench/fundraising_webhook_bench.py (one writer) and bench/writers_bench.py (20 concurrent writers).
Runs inside Django. The demo gateway's session store stands in for Stripe's API, so no network time is measured.
"""

import json
import time

import stripe


def pending_pledge_events(campaign, reward, count, gateway, prefix="bench"):
    """Create `count` pending pledges with completed demo Checkout Sessions; returns their event payloads (str)."""
    from fundraising.models import Pledge

    payloads = []
    for n in range(count):
        pledge = Pledge.objects.create(
            campaign=campaign,
            business_id=campaign.business_page_id,
            reward=reward,
            reward_title=reward.title,
            reward_kind=reward.kind,
            voucher_value_cents=reward.voucher_value_cents,
            amount_cents=max(2500, reward.min_pledge_cents),
            name=f"Bench {prefix} {n}",
            email=f"{prefix}{n}@example.org",
        )
        result = gateway.create_checkout(pledge, "http://x/ok", "http://x/cancel")
        Pledge.objects.filter(pk=pledge.pk).update(stripe_session_id=result.session_id)
        session = pledge.demo_sessions.get()
        session.status, session.payment_status, session.payment_intent = "complete", "paid", f"pi_{prefix}_{n}"
        session.save()
        event = {
            "id": f"evt_{prefix}_{n}",
            "object": "event",
            "type": "checkout.session.completed",
            "created": int(time.time()),
            "livemode": False,
            "data": {"object": session.as_stripe()},
        }
        payloads.append(json.dumps(event))
    return payloads


def sign(payloads, secret):
    return [stripe.WebhookSignature.generate_signature_header(payload, secret) for payload in payloads]
