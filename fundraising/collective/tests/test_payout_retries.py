"""Retrying Stripe transfers of a collective campaign: a fresh key after a definite failure, the same key (and a look
at Stripe) after a lost answer, one payment for a double click."""

import pytest

from fundraising.collective.models import CollectivePayout
from fundraising.collective.payouts import transfer_open_amounts
from fundraising.collective.shares import ledger

from .test_pledging import campaign, connect_account, ended  # noqa: F401  (fixtures and helpers)

INSUFFICIENT = {
    "type": "invalid_request_error",
    "code": "balance_insufficient",
    "message": "You have insufficient available funds in your Stripe account.",
}


@pytest.fixture
def brauhaus(city):
    connect_account(city["gastro_north_1"], "acct_test_brauhaus")
    return city["gastro_north_1"]


def transfer_posts(fake):
    return [r for r in fake.requests if r["path"] == "/v1/transfers" and r["method"] == "post"]


def test_failure_then_retry_succeeds_at_once(fake_stripe, ended, brauhaus):  # noqa: F811
    fake_stripe.refuse_next = [INSUFFICIENT]
    paid, failed = transfer_open_amounts(ended, None)
    assert paid == [] and len(failed) == 1 and not failed[0][1].outcome_unknown
    first = CollectivePayout.objects.get()
    assert first.state == "failed" and "insufficient" in first.error
    assert ledger(ended, with_payouts=True).by_business[brauhaus.pk].open_cents == 5500  # still open
    # Funds are available again: the retry uses a new key (Stripe would replay the error for the old one).
    paid, failed = transfer_open_amounts(ended, None)
    assert paid == [(brauhaus.title, 5500)] and failed == []
    second = CollectivePayout.objects.exclude(pk=first.pk).get()
    assert second.state == "paid" and second.idempotency_key != first.idempotency_key
    keys = [r["headers"]["Idempotency-Key"] for r in transfer_posts(fake_stripe)]
    assert keys == [first.idempotency_key, second.idempotency_key]
    assert len(fake_stripe.transfers) == 1
    assert fake_stripe.transfers[0]["metadata"]["payout_attempt"] == second.idempotency_key


def test_lost_response_then_retry_pays_once(fake_stripe, ended, brauhaus):  # noqa: F811
    fake_stripe.lose_responses = 3  # Stripe made the transfer; the answer and stripe-python's two retries are lost
    paid, failed = transfer_open_amounts(ended, None)
    assert paid == [] and failed[0][1].outcome_unknown
    assert len(fake_stripe.transfers) == 1  # it did happen at Stripe
    attempt = CollectivePayout.objects.get()
    assert attempt.state == "pending"
    row = ledger(ended, with_payouts=True).by_business[brauhaus.pk]
    assert row.pending_cents == 5500 and row.open_cents == 0 and row.status == "in_transfer"
    # The retry asks Stripe first, finds the transfer by the attempt's key and records it: no second payment.
    paid, failed = transfer_open_amounts(ended, None)
    assert paid == [(brauhaus.title, 5500)] and failed == []
    assert len(fake_stripe.transfers) == 1 and len(transfer_posts(fake_stripe)) == 3
    attempt.refresh_from_db()
    assert attempt.state == "paid" and attempt.stripe_transfer_id == fake_stripe.transfers[0]["id"]
    assert transfer_open_amounts(ended, None) == ([], [])


def test_lost_request_is_sent_again_with_the_same_key(fake_stripe, ended, brauhaus):  # noqa: F811
    """The outcome is unknown and Stripe has no such transfer (the request never arrived): resent, same key."""
    fake_stripe.fail = True
    transfer_open_amounts(ended, None)
    attempt = CollectivePayout.objects.get()
    assert attempt.state == "pending" and fake_stripe.transfers == []
    fake_stripe.fail = False
    paid, _failed = transfer_open_amounts(ended, None)
    assert paid == [(brauhaus.title, 5500)]
    assert {r["headers"]["Idempotency-Key"] for r in transfer_posts(fake_stripe)} == {attempt.idempotency_key}
    assert len(fake_stripe.transfers) == 1


def test_double_click_pays_once(fake_stripe, ended, brauhaus):  # noqa: F811
    paid, _failed = transfer_open_amounts(ended, None)
    again, failed = transfer_open_amounts(ended, None)
    assert paid == [(brauhaus.title, 5500)] and again == [] and failed == []
    assert len(fake_stripe.transfers) == 1 and CollectivePayout.objects.count() == 1


def test_second_click_while_the_first_waits_for_stripe_pays_once(fake_stripe, ended, brauhaus):  # noqa: F811
    """The second click arrives while the first one's transfer is still open: it settles that attempt with the same
    key (Stripe answers with the one transfer) and creates none of its own."""
    original = fake_stripe.request
    state = {"nested": False}

    def request(method, url, headers, post_data=None, **kwargs):
        if method == "post" and url.endswith("/v1/transfers") and not state["nested"]:
            state["nested"] = True
            second = transfer_open_amounts(ended, None)  # the other editor's click, mid-flight
            state["second"] = second
        return original(method, url, headers, post_data, **kwargs)

    fake_stripe.request = request
    first = transfer_open_amounts(ended, None)
    assert len(fake_stripe.transfers) == 1
    assert CollectivePayout.objects.get().state == "paid"
    results = [first[0], state["second"][0]]
    assert sorted(len(r) for r in results) == [0, 1] or all(r == [(brauhaus.title, 5500)] for r in results)
    assert ledger(ended, with_payouts=True).by_business[brauhaus.pk].paid_out_cents == 5500
