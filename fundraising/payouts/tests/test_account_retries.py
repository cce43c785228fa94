"""Creating a connected account again after a failure: a refused creation can be retried at once (new key), a lost
answer never creates a second account (same key), a double click creates one."""

import pytest

from fundraising.payments.base import GatewayError
from fundraising.payouts.connect import ensure_account
from fundraising.payouts.models import AccountCreation, ConnectedAccount

REFUSED = {"type": "invalid_request_error", "message": "Your platform needs to accept the Connect terms first."}


def account_posts(fake):
    return fake.calls("/v1/accounts")


def test_refused_creation_can_be_retried_at_once(fake_stripe, owner_a, business_a):
    fake_stripe.refuse_next = [REFUSED]
    with pytest.raises(GatewayError) as refused:
        ensure_account(business_a, owner_a)
    assert not refused.value.outcome_unknown
    creation = AccountCreation.objects.get()
    assert creation.refused and "Connect terms" in creation.last_error
    account = ensure_account(business_a, owner_a)  # the platform fixed its settings: works at once
    assert account.stripe_account_id == "acct_test_1"
    keys = [r["headers"]["Idempotency-Key"] for r in account_posts(fake_stripe)]
    assert keys == [f"connect-account-{business_a.pk}-1", f"connect-account-{business_a.pk}-2"]


def test_lost_answer_then_retry_creates_one_account(fake_stripe, owner_a, business_a):
    fake_stripe.lose_responses = 3  # Stripe created it; the answer (and stripe-python's retries) got lost
    with pytest.raises(GatewayError) as lost:
        ensure_account(business_a, owner_a)
    assert lost.value.outcome_unknown and not ConnectedAccount.objects.exists()
    assert not AccountCreation.objects.get().refused
    account = ensure_account(business_a, owner_a)
    assert account.stripe_account_id == "acct_test_1" and len(fake_stripe.accounts) == 1
    assert {r["headers"]["Idempotency-Key"] for r in account_posts(fake_stripe)} == {
        f"connect-account-{business_a.pk}-1"
    }


def test_double_click_creates_one_account(client, fake_stripe, owner_a, business_a):
    from django.urls import reverse

    from directory.testing import TEST_PASSWORD

    client.login(username=owner_a.username, password=TEST_PASSWORD)
    for _ in range(2):
        assert client.post(reverse("payouts:start", args=[business_a.pk])).status_code == 303
    assert ConnectedAccount.objects.count() == 1 and len(fake_stripe.accounts) == 1


def test_two_clicks_after_a_refusal_agree_on_one_new_key(fake_stripe, owner_a, business_a):
    from fundraising.payouts.connect import current_creation

    AccountCreation.objects.create(business=business_a, refused=True, last_error="x")
    first, second = current_creation(business_a), current_creation(business_a)
    assert first.attempt == second.attempt == 2 and first.idempotency_key == second.idempotency_key
