"""The webhook: signatures, fulfilment once, duplicates, races, order, SEPA, mismatches, refunds, disputes."""

import threading
import time

import pytest

from django.core import mail
from django.db import connection

from fundraising import signals
from fundraising.factories import CampaignPageFactory, PledgeFactory, RewardFactory
from fundraising.models import Pledge, PledgeState, RewardStock, StripeEvent, Voucher, VoucherState
from fundraising.payments import use_gateway

from .fakes import charge, event, fake_gateway, signed

URL = "/stripe/webhook/"


def post(client, payload_dict, **kwargs):
    payload, header = signed(payload_dict, **kwargs)
    return client.post(URL, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


@pytest.fixture
def pledge(reward):
    return PledgeFactory(campaign=reward.page, reward=reward, amount_cents=2500, language="de")


def completed(fake, pledge, **overrides):
    return event("checkout.session.completed", fake.add_session(pledge, **overrides))


# Signatures ---------------------------------------------------------------------------------------------------


def test_missing_signature_rejected(client, fake_stripe, pledge):
    payload, _ = signed(completed(fake_stripe, pledge))
    response = client.post(URL, payload, content_type="application/json")
    assert response.status_code == 400
    assert Pledge.objects.get().state == PledgeState.PENDING
    assert not StripeEvent.objects.exists()


def test_wrong_secret_rejected(client, fake_stripe, pledge):
    response = post(client, completed(fake_stripe, pledge), secret="whsec_someone_else")
    assert response.status_code == 400
    assert Pledge.objects.get().state == PledgeState.PENDING


def test_stale_signature_rejected(client, fake_stripe, pledge):
    response = post(client, completed(fake_stripe, pledge), timestamp=int(time.time()) - 600)
    assert response.status_code == 400
    assert Pledge.objects.get().state == PledgeState.PENDING


@pytest.mark.parametrize("seconds_ahead, accepted", [(0, True), (290, True), (310, False), (86400 * 365, False)])
def test_signature_from_the_future_rejected(client, fake_stripe, pledge, seconds_ahead, accepted):
    """The same 300 s tolerance applies to timestamps ahead of our clock (a pre-signed replay)."""
    response = post(client, completed(fake_stripe, pledge), timestamp=int(time.time()) + seconds_ahead)
    assert response.status_code == (200 if accepted else 400)
    assert Pledge.objects.get().state == (PledgeState.PAID if accepted else PledgeState.PENDING)


def test_signature_with_two_timestamps_rejected(client, fake_stripe, pledge):
    payload, header = signed(completed(fake_stripe, pledge))
    response = client.post(
        URL, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=f"t={int(time.time()) + 9999},{header}"
    )
    assert response.status_code == 400


def test_tampered_payload_rejected(client, fake_stripe, pledge):
    payload, header = signed(completed(fake_stripe, pledge))
    tampered = payload.replace('"amount_total": 2500', '"amount_total": 1')
    response = client.post(URL, tampered, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
    assert response.status_code == 400


def test_garbage_payload_rejected(client, fake_stripe):
    response = client.post(URL, b"\x00not json", content_type="application/json", HTTP_STRIPE_SIGNATURE="t=1,v1=abc")
    assert response.status_code == 400
    assert client.get(URL).status_code == 405


# Fulfilment -----------------------------------------------------------------------------------------------------


def test_completed_paid_fulfils_once(client, fake_stripe, pledge, django_capture_on_commit_callbacks):
    received = []
    signals.pledge_paid.connect(lambda sender, pledge, **kw: received.append(pledge.pk), weak=False, dispatch_uid="t1")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = post(client, completed(fake_stripe, pledge))
    finally:
        signals.pledge_paid.disconnect(dispatch_uid="t1")
    assert response.status_code == 200
    pledge.refresh_from_db()
    assert pledge.state == PledgeState.PAID
    assert pledge.paid_at is not None
    assert pledge.stripe_payment_intent == f"pi_test_{pledge.pk}"
    voucher = Voucher.objects.get(pledge=pledge)
    assert (voucher.face_value_cents, voucher.balance_cents, voucher.state) == (1200, 1200, VoucherState.ACTIVE)
    assert voucher.valid_until.month == 12 and voucher.valid_until.day == 31
    assert received == [pledge.pk]
    assert len(mail.outbox) == 1
    assert voucher.display_code in mail.outbox[0].body
    assert f"/gutschein/{voucher.token}/" in mail.outbox[0].body
    # The session was re-read from Stripe
    assert any(r["path"] == f"/v1/checkout/sessions/{pledge.stripe_session_id}" for r in fake_stripe.requests)


def test_duplicate_event_processed_once(client, fake_stripe, pledge):
    evt = completed(fake_stripe, pledge)
    assert post(client, evt).status_code == 200
    assert post(client, evt).status_code == 200
    assert StripeEvent.objects.filter(event_id=evt["id"]).count() == 1
    assert Voucher.objects.filter(pledge=pledge).count() == 1
    assert Pledge.objects.get().state == PledgeState.PAID


def test_second_event_for_same_session_changes_nothing(client, fake_stripe, pledge):
    session = fake_stripe.add_session(pledge)
    assert post(client, event("checkout.session.completed", session)).status_code == 200
    assert post(client, event("checkout.session.async_payment_succeeded", session)).status_code == 200
    assert Voucher.objects.filter(pledge=pledge).count() == 1
    assert StripeEvent.objects.count() == 2


def test_event_payload_is_not_trusted_session_is_reread(client, fake_stripe, pledge):
    """The event says paid, but Stripe's session says unpaid: nothing is fulfilled."""
    fake_stripe.add_session(pledge, payment_status="unpaid")
    forged = dict(fake_stripe.sessions[pledge.stripe_session_id], payment_status="paid")
    assert post(client, event("checkout.session.completed", forged)).status_code == 200
    assert Pledge.objects.get().state == PledgeState.PROCESSING
    assert not Voucher.objects.exists()


@pytest.mark.parametrize(
    "overrides,problem",
    [
        ({"amount_total": 100}, "amount"),
        ({"currency": "usd"}, "currency"),
    ],
)
def test_mismatch_not_fulfilled(client, fake_stripe, pledge, overrides, problem):
    response = post(client, completed(fake_stripe, pledge, **overrides))
    assert response.status_code == 200
    assert Pledge.objects.get().state == PledgeState.PENDING
    assert StripeEvent.objects.get().outcome == f"mismatch: {problem}"
    assert not Voucher.objects.exists()


def test_metadata_naming_another_pledge_not_fulfilled(client, fake_stripe, pledge):
    other = PledgeFactory(campaign=pledge.campaign, amount_cents=2500)
    # A session for `pledge` whose metadata claims `other`: the session id does not match other's.
    session = fake_stripe.add_session(pledge, metadata={"pledge_id": str(other.pk)}, client_reference_id=str(other.pk))
    post(client, event("checkout.session.completed", session))
    assert Pledge.objects.get(pk=other.pk).state == PledgeState.PENDING
    # The pledge that recorded this session id at checkout is the one that was paid.
    assert Pledge.objects.get(pk=pledge.pk).state == PledgeState.PAID


def test_metadata_key_of_a_lost_pledge_never_reaches_a_pledge_with_the_same_id(client, fake_stripe, pledge):
    """After a restore, ids repeat: a session whose key is unknown here is not applied to the pledge that now has
    the id in its metadata (reconcile_payments recreates the lost pledge instead)."""
    session = fake_stripe.add_session(
        pledge, id="cs_lost", metadata={"pledge_id": str(pledge.pk), "pledge_key": "key-of-a-lost-pledge"}
    )
    post(client, event("checkout.session.completed", session))
    assert Pledge.objects.get(pk=pledge.pk).state == PledgeState.PENDING
    assert StripeEvent.objects.get().outcome == "no pledge for this session"


def test_unknown_pledge_is_acknowledged(client, fake_stripe, pledge):
    session = fake_stripe.add_session(pledge, metadata={}, client_reference_id=None, id="cs_test_unknown")
    assert post(client, event("checkout.session.completed", session)).status_code == 200
    assert StripeEvent.objects.get().outcome == "no pledge for this session"


def test_failure_rolls_back_and_asks_for_retry(client, fake_stripe, pledge, monkeypatch):
    evt = completed(fake_stripe, pledge)

    def boom(pledge):
        raise RuntimeError("disk full")

    monkeypatch.setattr("fundraising.webhooks.issue_vouchers", boom)
    assert post(client, evt).status_code == 500
    assert Pledge.objects.get().state == PledgeState.PENDING
    assert not StripeEvent.objects.exists()
    monkeypatch.undo()
    assert post(client, evt).status_code == 200
    assert Pledge.objects.get().state == PledgeState.PAID
    assert Voucher.objects.count() == 1


def test_stripe_unreachable_asks_for_retry(client, fake_stripe, pledge):
    evt = completed(fake_stripe, pledge)
    fake_stripe.fail = True
    assert post(client, evt).status_code == 503
    assert not StripeEvent.objects.exists()
    fake_stripe.fail = False
    assert post(client, evt).status_code == 200
    assert Pledge.objects.get().state == PledgeState.PAID


# SEPA ---------------------------------------------------------------------------------------------------------


def test_sepa_unpaid_then_async_success(client, fake_stripe, pledge):
    session = fake_stripe.add_session(pledge, payment_status="unpaid")
    post(client, event("checkout.session.completed", session))
    assert Pledge.objects.get().state == PledgeState.PROCESSING
    assert not Voucher.objects.exists()
    session["payment_status"] = "paid"
    post(client, event("checkout.session.async_payment_succeeded", session))
    assert Pledge.objects.get().state == PledgeState.PAID
    assert Voucher.objects.count() == 1


def test_sepa_unpaid_then_async_failure_releases_stock(client, fake_stripe, campaign):
    reward = RewardFactory(page=campaign, quantity_limit=3)
    RewardStock.objects.create(reward=reward, claimed=1)
    pledge = PledgeFactory(campaign=campaign, reward=reward, amount_cents=2500, reward_reserved=True)
    session = fake_stripe.add_session(pledge, payment_status="unpaid")
    post(client, event("checkout.session.completed", session))
    post(client, event("checkout.session.async_payment_failed", session))
    pledge.refresh_from_db()
    assert pledge.state == PledgeState.FAILED
    assert not pledge.reward_reserved
    assert RewardStock.objects.get(reward=reward).claimed == 0
    assert not Voucher.objects.exists()


def test_expired_releases_stock_once(client, fake_stripe, campaign):
    reward = RewardFactory(page=campaign, quantity_limit=3)
    RewardStock.objects.create(reward=reward, claimed=2)
    pledge = PledgeFactory(campaign=campaign, reward=reward, amount_cents=2500, reward_reserved=True)
    session = fake_stripe.add_session(pledge, payment_status="unpaid", status="expired")
    post(client, event("checkout.session.expired", session))
    post(client, event("checkout.session.expired", session))  # a second delivery with a new id
    assert Pledge.objects.get(pk=pledge.pk).state == PledgeState.EXPIRED
    assert RewardStock.objects.get(reward=reward).claimed == 1


def test_expired_after_paid_changes_nothing(client, fake_stripe, pledge):
    session = fake_stripe.add_session(pledge)
    post(client, event("checkout.session.completed", session))
    post(client, event("checkout.session.expired", session))
    assert Pledge.objects.get().state == PledgeState.PAID


# Refunds and disputes -------------------------------------------------------------------------------------------


def test_refund_after_paid_voids_voucher_and_emails(client, fake_stripe, pledge, django_capture_on_commit_callbacks):
    received = []
    signals.pledge_refunded.connect(
        lambda sender, pledge, **kw: received.append(pledge.pk), weak=False, dispatch_uid="t2"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            post(client, completed(fake_stripe, pledge))
            post(client, event("charge.refunded", charge(pledge)))
    finally:
        signals.pledge_refunded.disconnect(dispatch_uid="t2")
    pledge.refresh_from_db()
    assert pledge.state == PledgeState.REFUNDED
    assert pledge.refunded_cents == 2500
    voucher = Voucher.objects.get()
    assert voucher.state == VoucherState.VOID and not voucher.needs_review
    assert received == [pledge.pk]
    assert len(mail.outbox) == 2
    assert voucher.display_code in mail.outbox[1].body


def test_refund_before_completed_out_of_order(client, fake_stripe, pledge):
    session = fake_stripe.add_session(pledge)
    # The refund arrives first: we do not know the PaymentIntent yet and look the session up by it.
    assert post(client, event("charge.refunded", charge(pledge))).status_code == 200
    assert Pledge.objects.get().state == PledgeState.REFUNDED
    assert post(client, event("checkout.session.completed", session)).status_code == 200
    assert Pledge.objects.get().state == PledgeState.REFUNDED
    assert not Voucher.objects.exists()


def test_partial_refund_flags_voucher(client, fake_stripe, pledge):
    post(client, completed(fake_stripe, pledge))
    post(client, event("charge.refunded", charge(pledge, amount_refunded=500, refunded=False)))
    pledge.refresh_from_db()
    assert pledge.state == PledgeState.PAID and pledge.refunded_cents == 500
    assert Voucher.objects.get().needs_review


def test_dispute_flags_and_won_restores(client, fake_stripe, pledge):
    post(client, completed(fake_stripe, pledge))
    dispute = fake_stripe.set_dispute(pledge, "needs_response", dispute_id="dp_1")
    post(client, event("charge.dispute.created", dispute))
    assert Pledge.objects.get().state == PledgeState.DISPUTED
    assert Voucher.objects.get().dispute_open
    dispute = fake_stripe.set_dispute(pledge, "won", dispute_id="dp_1")
    post(client, event("charge.dispute.closed", dispute))
    assert Pledge.objects.get().state == PledgeState.PAID
    voucher = Voucher.objects.get()
    assert not voucher.dispute_open and voucher.state == VoucherState.ACTIVE


def test_dispute_lost_voids(client, fake_stripe, pledge):
    post(client, completed(fake_stripe, pledge))
    post(client, event("charge.dispute.created", fake_stripe.set_dispute(pledge, "needs_response", dispute_id="dp_2")))
    post(client, event("charge.dispute.closed", fake_stripe.set_dispute(pledge, "lost", dispute_id="dp_2")))
    assert Pledge.objects.get().state == PledgeState.DISPUTE_LOST
    assert Voucher.objects.get().state == VoucherState.VOID


def test_the_dispute_in_the_event_is_not_believed(client, fake_stripe, pledge):
    """A (signed but stale) event copy says "lost"; Stripe says the dispute is still open."""
    post(client, completed(fake_stripe, pledge))
    dispute = fake_stripe.set_dispute(pledge, "under_review")
    post(client, event("charge.dispute.closed", dict(dispute, status="lost")))
    assert Pledge.objects.get().state == PledgeState.DISPUTED
    assert Voucher.objects.get().state == VoucherState.ACTIVE and Voucher.objects.get().dispute_open


def test_dispute_event_when_stripe_is_down_is_retried(client, fake_stripe, pledge):
    post(client, completed(fake_stripe, pledge))
    dispute = fake_stripe.set_dispute(pledge, "needs_response")
    fake_stripe.fail = True
    assert post(client, event("charge.dispute.created", dispute, event_id="evt_dp")).status_code == 503
    fake_stripe.fail = False
    assert post(client, event("charge.dispute.created", dispute, event_id="evt_dp")).status_code == 200
    assert Pledge.objects.get().state == PledgeState.DISPUTED


def test_unhandled_event_type_acknowledged(client, fake_stripe):
    assert post(client, event("customer.created", {"id": "cus_1"})).status_code == 200
    assert StripeEvent.objects.get().outcome == "ignored"


# Races (real threads, one database connection each) ----------------------------------------------------------------


def _run_parallel(n, target):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def worker(i):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results.append(target(i))
        except Exception as error:  # pragma: no cover - shown on failure
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("same_event_id", [True, False])
def test_racing_events_fulfil_exactly_once(fake_stripe, same_event_id):
    from fundraising.webhooks import process_payload

    campaign = CampaignPageFactory()
    reward = RewardFactory(page=campaign)
    pledge = PledgeFactory(campaign=campaign, reward=reward, amount_cents=2500)
    session = fake_stripe.add_session(pledge)
    gateway = fake_gateway(fake_stripe)
    shared = event("checkout.session.completed", session, event_id="evt_race")

    def deliver(i):
        evt = shared if same_event_id else event("checkout.session.completed", session, event_id=f"evt_race_{i}")
        payload, header = signed(evt)
        with use_gateway(gateway):
            return process_payload(payload.encode(), header).status

    results, errors = _run_parallel(8, deliver)
    assert not errors, errors
    assert sorted(set(results)) == [200]
    assert Pledge.objects.get().state == PledgeState.PAID
    assert Voucher.objects.filter(pledge=pledge).count() == 1
    assert StripeEvent.objects.count() == (1 if same_event_id else 8)
    assert connection.vendor in ("sqlite", "postgresql")


def test_stripe_mode_end_to_end(client, fake_stripe, campaign, reward, django_capture_on_commit_callbacks):
    """Form -> Checkout Session at (fake) Stripe -> customer pays -> signed webhook -> paid, voucher, thank-you."""
    response = client.post(
        campaign.url + "unterstuetzen/",
        {
            "amount": "2500",
            "reward": str(reward.pk),
            "name": "Stefan Stripe",
            "email": "s@example.org",
            "accept_terms": "on",
        },
    )
    assert response.status_code == 303 and response["Location"].startswith("https://checkout.stripe.com/")
    pledge = Pledge.objects.get()
    session = fake_stripe.sessions[pledge.stripe_session_id]
    thanks_url = f"/unterstuetzen/danke/{pledge.public_token}/?session_id={session['id']}"
    assert "bestätigen gerade" in client.get(thanks_url).content.decode()
    assert pledge.state == PledgeState.PENDING
    # The customer pays at Stripe: the session becomes complete/paid, Stripe sends the event.
    session.update(status="complete", payment_status="paid", payment_intent="pi_e2e")
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, event("checkout.session.completed", session)).status_code == 200
    pledge.refresh_from_db()
    assert pledge.state == PledgeState.PAID and pledge.stripe_payment_intent == "pi_e2e"
    assert Voucher.objects.get(pledge=pledge).face_value_cents == 1200
    html = client.get(thanks_url).content.decode()
    assert "ist bestätigt" in html
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["s@example.org"]
    assert "Danke" in mail.outbox[0].subject or "Thank" in mail.outbox[0].subject


# Cost -----------------------------------------------------------------------------------------------------------


def test_fulfilment_statements_are_bounded(client, fake_stripe, reward, django_capture_on_commit_callbacks):
    """The write transaction of a payment: one locked read (with titles, closure and gift), the pledge's conditional
    UPDATE, the totals' UPDATE, the voucher, the event. The email's context is built after the commit, from what
    that read brought (no further query for titles or the gift)."""
    from django.test.utils import CaptureQueriesContext

    from fundraising import totals

    warm = PledgeFactory(campaign=reward.page, reward=reward, amount_cents=2500)
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, completed(fake_stripe, warm)).status_code == 200  # creates the totals row
    pledge = PledgeFactory(campaign=reward.page, reward=reward, amount_cents=2500)
    with django_capture_on_commit_callbacks() as callbacks, CaptureQueriesContext(connection) as queries:
        assert post(client, completed(fake_stripe, pledge)).status_code == 200
    statements = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    with CaptureQueriesContext(connection) as email_queries:
        callbacks[0]()  # the supporter's email, built from what the locked read brought
    writes = [sql for sql in statements if sql.startswith(("INSERT", "UPDATE"))]
    assert len(writes) == 4, writes  # pledge, totals, voucher, event
    assert len(statements) <= 7, statements  # + the event id check, the locked read (+ the fake Stripe's none)
    assert not [q["sql"] for q in email_queries.captured_queries if "fundraising_pledgegift" in q["sql"]]
    for callback in callbacks[1:]:
        callback()
    pledge.refresh_from_db()
    assert pledge.state == PledgeState.PAID
    assert totals.differences() == []
