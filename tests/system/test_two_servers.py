"""Two app servers (gunicorn, production-like settings) on one PostgreSQL database and one Redis.

* the shared cache: a response cached through one server is served by the other, and a pledge paid through one
  server invalidates what the other serves;
* concurrent pledges through both servers, then every Stripe event delivered to both servers at the same moment
  (as Stripe does when it retries while the first delivery is still running): every pledge is fulfilled exactly
  once, one event row each, one confirmation email each, and the totals are right.

Runs only against PostgreSQL + Redis (CI's second run): `DATABASE_URL=postgres://… REDIS_URL=redis://… pytest -m
system`. It creates and drops its own database next to the one in DATABASE_URL.
"""

import json
import os
import re
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import stripe

from tests.system.harness import (
    FakeStripeServer,
    Server,
    create_postgres_database,
    drop_postgres_database,
    manage,
    run_python,
)

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
WEBHOOK_SECRET = "whsec_system_test"  # noqa: S105
PLEDGES = 24

pytestmark = [
    pytest.mark.system,
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")) or not REDIS_URL,
        reason="system test: needs DATABASE_URL=postgres://… and REDIS_URL=redis://… (several servers share them; "
        "SQLite and a per-process cache cannot)",
    ),
]

SEED = """
import json
from fundraising.factories import CampaignPageFactory
campaign = CampaignPageFactory(title="Systemtest-Aktion", goal_cents=10_000_000)
print(json.dumps({"campaign_url": campaign.url, "campaign_id": campaign.pk}))
"""

STATE = """
import json
from django.db.models import Count, Sum
from fundraising.models import Pledge, StripeEvent, CampaignPage
campaign = CampaignPage.objects.get(pk={campaign_id})
pledges = Pledge.objects.filter(campaign=campaign)
print(json.dumps({{
    "states": dict(pledges.values_list("state").annotate(n=Count("id")).order_by()),
    "paid_cents": pledges.filter(state="paid").aggregate(s=Sum("amount_cents"))["s"],
    "events": StripeEvent.objects.count(),
    "events_per_pledge": sorted(set(pledges.annotate(n=Count("events")).values_list("n", flat=True))),
    "raised_cents": campaign.progress["raised_cents"],
    "supporters": campaign.progress["supporters"],
}}))
"""


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    from fundraising.tests.fakes import FakeStripe

    tmp = tmp_path_factory.mktemp("system")
    name = f"wshd_system_{uuid.uuid4().hex[:8]}"
    db_url = create_postgres_database(DATABASE_URL, name)
    fake = FakeStripe()
    stripe_server = FakeStripeServer(fake)
    email_dir = tmp / "mail"
    email_dir.mkdir()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp),
        "DJANGO_SETTINGS_MODULE": "tests.system.settings",
        "DATABASE_URL": db_url,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"system-{uuid.uuid4().hex[:8]}",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "FAKE_STRIPE_URL": stripe_server.url,
        "STRIPE_SECRET_KEY": "sk_test_system",
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "SYSTEM_EMAIL_DIR": str(email_dir),
        "TASKS_BACKEND": "immediate",
        "PAGE_CACHE_SECONDS": "300",
        "LOG_LEVEL": "WARNING",
    }
    servers = []
    try:
        manage(["migrate", "--noinput"], env)
        manage(["collectstatic", "--noinput"], env)
        info = run_python(SEED, env)
        servers = [Server(env, name="a"), Server(env, name="b")]
        for server in servers:
            server.wait_ready()
        yield {"env": env, "servers": servers, "fake": fake, "info": info, "email_dir": email_dir}
    finally:
        for server in servers:
            server.stop()
        stripe_server.stop()
        drop_postgres_database(DATABASE_URL, name)


# Behind a load balancer every server sees the public host name, not its own port.
HOST = {"Host": "localhost"}


def get(server, path, **kwargs):
    return requests.get(server.url + path, timeout=30, headers=HOST, **kwargs)


def test_both_servers_are_healthy_and_production_like(stack):
    for server in stack["servers"]:
        response = get(server, "/healthz")
        assert response.json() == {"status": "ok", "database": "ok"}
        page = get(server, stack["info"]["campaign_url"])
        assert page.status_code == 200, server.output()
        assert "Systemtest-Aktion" in page.text
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]
        assert "Permissions-Policy" in page.headers


def test_the_cache_is_shared_between_servers(stack):
    a, b = stack["servers"]
    path = "/api/v1/businesses.geojson"
    first = get(a, path)
    assert first.status_code == 200, a.output()
    assert first.headers.get("X-Directory-Cache") == "miss"
    assert get(b, path).headers.get("X-Directory-Cache") == "hit"  # stored by A, served by B
    assert get(b, path).json() == first.json()


def _pledge(server, campaign_url, number):
    session = requests.Session()
    session.headers.update(HOST)
    page = session.get(server.url + campaign_url, timeout=30)
    # The pledge form posts to its own CSRF-exempt URL (the campaign page sets no cookie, so it can be cached).
    action = re.search(r'action="(/unterstuetzen/\d+/)"', page.text).group(1)
    response = session.post(
        server.url + action,
        data={
            "amount": "other",
            "custom_amount": str(5 + number),
            "name": f"Unterstützer {number}",
            "email": f"supporter{number}@example.org",
            "accept_terms": "on",
            "website": "",
        },
        headers={"Referer": "http://localhost" + campaign_url},
        allow_redirects=False,
        timeout=30,
    )
    return response


def _send_event(server, payload, header, barrier):
    barrier.wait(timeout=30)
    return requests.post(
        server.url + "/stripe/webhook/",
        data=payload,
        headers={"Content-Type": "application/json", "Stripe-Signature": header, **HOST},
        timeout=60,
    )


def test_concurrent_pledges_and_duplicate_events_on_two_servers_fulfil_exactly_once(stack):
    a, b = stack["servers"]
    fake, info = stack["fake"], stack["info"]
    campaign_url = info["campaign_url"]

    # Warm the shared cache through A, so we can see that payments processed by B invalidate it.
    get(a, "/api/v1/businesses.geojson")
    assert get(a, "/api/v1/businesses.geojson").headers.get("X-Directory-Cache") == "hit"

    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(lambda n: _pledge((a, b)[n % 2], campaign_url, n), range(PLEDGES)))
    for response in responses:
        assert response.status_code == 303, response.text[:2000]
        assert response.headers["Location"].startswith("https://checkout.stripe.com/")
    assert len(fake.sessions) == PLEDGES

    # Stripe takes the money …
    events = []
    for index, session in enumerate(list(fake.sessions.values())):
        session.update(status="complete", payment_status="paid", payment_intent=f"pi_system_{index}")
        event = {
            "id": f"evt_system_{index}",
            "object": "event",
            "type": "checkout.session.completed",
            "created": int(time.time()),
            "livemode": False,
            "data": {"object": dict(session)},
        }
        payload = json.dumps(event)
        events.append((payload, stripe.WebhookSignature.generate_signature_header(payload, WEBHOOK_SECRET)))

    # … and delivers every event to both servers at the same moment.
    with ThreadPoolExecutor(max_workers=16) as pool:
        futures = []
        for payload, header in events:
            barrier = threading.Barrier(2)
            futures += [pool.submit(_send_event, server, payload, header, barrier) for server in (a, b)]
        results = [f.result() for f in futures]
    assert [r.status_code for r in results] == [200] * (2 * PLEDGES), [r.text for r in results if r.status_code != 200]

    # A tampered copy is refused by both.
    payload, header = events[0]
    for server in (a, b):
        forged = requests.post(
            server.url + "/stripe/webhook/",
            data=payload.replace('"paid"', '"PAID"'),
            headers={"Content-Type": "application/json", "Stripe-Signature": header},
            timeout=30,
        )
        assert forged.status_code == 400

    expected_cents = sum((5 + n) * 100 for n in range(PLEDGES))
    state = run_python(STATE.format(campaign_id=info["campaign_id"]), stack["env"])
    assert state["states"] == {"paid": PLEDGES}
    assert state["paid_cents"] == expected_cents
    assert state["raised_cents"] == expected_cents
    assert state["supporters"] == PLEDGES
    assert state["events"] == PLEDGES
    assert state["events_per_pledge"] == [1]

    # One confirmation email per supporter, never two.
    mails = "\n".join(p.read_text(errors="replace") for p in Path(stack["email_dir"]).iterdir())
    for number in range(PLEDGES):
        assert len(re.findall(rf"^To: supporter{number}@example\.org$", mails, flags=re.M)) == 1

    # The cache that A filled was invalidated by payments that B (or A) processed.
    assert get(a, "/api/v1/businesses.geojson").headers.get("X-Directory-Cache") == "miss"

    # Redelivering everything later changes nothing.
    for payload, header in events[:5]:
        for server in (a, b):
            again = requests.post(
                server.url + "/stripe/webhook/",
                data=payload,
                headers={"Content-Type": "application/json", "Stripe-Signature": header},
                timeout=30,
            )
            assert again.status_code == 200
    assert run_python(STATE.format(campaign_id=info["campaign_id"]), stack["env"]) == state
