"""Paying the beneficiaries of a collective campaign: Stripe Connect transfers, or bank transfers the editors record.

The money of collective pledges is collected on the platform's Stripe account (no destination charge: it belongs
to many businesses). After the end, each business is due its share plus the city-wide vouchers it accepted
(`shares.ledger`). A business whose connected account can receive transfers gets a Stripe transfer of what is
open ("separate charges and transfers"); for the others the editors export the list (CSV) and record each bank
transfer. Vouchers used after the first payout make more money due: paying again transfers only the difference.

**Attempts and retries.** Every Stripe transfer is an attempt: a `CollectivePayout` row in state *pending* with
its own idempotency key (``collective-<campaign>-<business>-<random>``), committed *before* Stripe is called.
Stripe's answer settles it:
- a transfer → *paid* (the transfer id is recorded once, unique constraint);
- a definite refusal (e.g. "insufficient funds", 4xx) → *failed*, with Stripe's message. Stripe keeps the answer
  for a key for 24 hours, errors included, so a retry must not reuse it: the next run makes a new attempt with a
  new key and succeeds as soon as the cause is gone;
- no definite answer (timeout, lost response, 5xx, a concurrent request with the same key) → stays *pending*: its
  amount counts as "not yet confirmed", is never offered again, and the next run settles it first: it asks Stripe
  for a transfer carrying the attempt's key in its metadata (found → paid), otherwise it sends the request again
  with the *same* key (Stripe answers with the first transfer if there was one). A lost response therefore never
  pays twice.
Two editors clicking at once: attempts are created while the campaign row is locked, and only for businesses
without a pending attempt, so the second click finds nothing open; settling the same pending attempt twice sends
the same key and records it once (conditional UPDATE from *pending*).
"""

import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from commons.lazy_libraries import stripe
from fundraising.models import CampaignState
from fundraising.payments import get_gateway
from fundraising.payments.base import GatewayError, plain, stripe_failure
from fundraising.payouts.models import ConnectedAccount

from .models import CollectiveCampaignPage, CollectivePayout, PayoutMethod, PayoutState
from .shares import ledger


class PayoutRefused(Exception):
    pass


logger = logging.getLogger(__name__)


def can_pay_out(page, today=None):
    """Only after the end, when the split can no longer change through new pledges."""
    today = today or timezone.localdate()
    return page.is_frozen and page.state_for(0, today) == CampaignState.ENDED


def transfer_accounts(business_ids):
    """{business_id: connected account id} of the businesses that can receive a transfer now."""
    accounts = ConnectedAccount.objects.filter(business_id__in=business_ids, charges_enabled=True)
    return {
        account.business_id: account.stripe_account_id
        for account in accounts
        if account.can_receive_transfers and account.demo == bool(settings.PAYMENTS_DEMO_MODE)
    }


# Talking to Stripe ------------------------------------------------------------------------------------------------


def _stripe_client():
    """The Stripe client, or None in demo mode (transfers are then local ids)."""
    gateway = get_gateway()
    if getattr(gateway, "demo", False) or not hasattr(gateway, "client"):
        return None
    return gateway.client


def _transfer_params(attempt):
    """Everything from the stored attempt, so that sending it again repeats exactly the same request."""
    campaign_id = str(attempt.campaign_id)
    return {
        "amount": attempt.amount_cents,
        "currency": "eur",
        "destination": attempt.stripe_account_id,
        "transfer_group": f"collective-{campaign_id}",
        "description": f"Collective campaign {campaign_id}",
        "metadata": {
            "collective_campaign_id": campaign_id,
            "business_id": str(attempt.business_id),
            "payout_attempt": attempt.idempotency_key,
        },
    }


def _send_transfer(client, attempt):
    """Create the transfer of this attempt (with its own key). Returns the transfer id; raises GatewayError."""
    if client is None:
        return f"tr_demo_{secrets.token_hex(8)}"
    try:
        transfer = client.v1.transfers.create(_transfer_params(attempt), {"idempotency_key": attempt.idempotency_key})
    except stripe.StripeError as error:
        raise stripe_failure(error) from error
    return transfer.id


def _find_transfer(client, attempt):
    """The transfer Stripe made for this attempt, if any (found by the key in its metadata). Raises GatewayError."""
    if client is None:
        return None
    try:
        page = client.v1.transfers.list({"transfer_group": f"collective-{attempt.campaign_id}", "limit": 100})
        for transfer in page.auto_paging_iter():
            data = plain(transfer)
            if (data.get("metadata") or {}).get("payout_attempt") == attempt.idempotency_key:
                return data["id"]
    except stripe.StripeError as error:
        raise stripe_failure(error) from error
    return None


# Settling attempts ------------------------------------------------------------------------------------------------


def _settle(attempt, transfer_id=None, error=None):
    """Record Stripe's answer for a pending attempt, once (only from pending)."""
    if transfer_id:
        values = {"state": PayoutState.PAID, "stripe_transfer_id": transfer_id, "error": ""}
    else:
        values = {"state": PayoutState.FAILED, "error": str(error)[:300]}
    updated = CollectivePayout.objects.filter(pk=attempt.pk, state=PayoutState.PENDING).update(**values)
    for name, value in values.items():
        setattr(attempt, name, value)
    return updated == 1


def _attempt(client, attempt, look_up_first):
    """Send (or, for an attempt of unknown outcome, first look up) one attempt and record the outcome.
    Returns None when paid, else the GatewayError."""
    try:
        transfer_id = _find_transfer(client, attempt) if look_up_first else None
        if transfer_id is None:
            transfer_id = _send_transfer(client, attempt)
    except GatewayError as error:
        if error.outcome_unknown:
            logger.warning("Collective payout %s: outcome unknown (%s); kept pending", attempt.pk, error)
        else:
            logger.error("Collective payout %s failed: %s", attempt.pk, error)
            _settle(attempt, error=error)
        return error
    _settle(attempt, transfer_id=transfer_id)
    return None


def _new_attempt(page, user, skip):
    """Under the campaign row lock: one new pending attempt for the next business that has something open, a
    transfer-capable account and no pending attempt (committed before Stripe is called). Returns (attempt, business
    name), or (None, None) when nothing is left."""
    with transaction.atomic():
        CollectiveCampaignPage.objects.select_for_update().filter(pk=page.pk).first()
        accounts = ledger(page, with_payouts=True)
        destinations = transfer_accounts([row.business_id for row in accounts.rows])
        for row in accounts.rows:
            account_id = destinations.get(row.business_id)
            if row.business_id in skip or row.open_cents <= 0 or not account_id or row.pending_cents:
                continue
            attempt = CollectivePayout.objects.create(
                campaign=page,
                business_id=row.business_id,
                amount_cents=row.open_cents,
                method=PayoutMethod.CONNECT,
                state=PayoutState.PENDING,
                idempotency_key=f"collective-{page.pk}-{row.business_id}-{secrets.token_hex(8)}",
                stripe_account_id=account_id,
                created_by=user,
            )
            return attempt, row.name
    return None, None


def transfer_open_amounts(page, user, today=None):
    """Settle pending attempts, then transfer what is open to every business with a transfer-capable connected
    account (see the module docstring).

    Returns (paid, failed): lists of (business name, cents) and (business name, GatewayError); an error with
    `outcome_unknown` means the attempt is kept as "not yet confirmed" and settled by the next run. Stops at the
    first failure (what is left stays open and can be retried at once).
    """
    if not can_pay_out(page, today):
        raise PayoutRefused("The campaign has not ended yet.")
    client = _stripe_client()
    paid, failed = [], []
    pending = CollectivePayout.objects.filter(campaign=page, state=PayoutState.PENDING).select_related("business")
    for attempt in pending.order_by("pk"):
        error = _attempt(client, attempt, look_up_first=True)
        if error is None:
            paid.append((attempt.business.title, attempt.amount_cents))
        else:
            failed.append((attempt.business.title, error))
    tried = set()
    while not failed:
        attempt, name = _new_attempt(page, user, tried)
        if attempt is None:
            break
        tried.add(attempt.business_id)
        error = _attempt(client, attempt, look_up_first=False)
        if error is None:
            paid.append((name, attempt.amount_cents))
        else:
            failed.append((name, error))
    return paid, failed


def record_manual_payout(page, business_id, amount_cents, reference, user, today=None):
    """An editor paid a business by bank transfer: record it. Never more than what is open for that business."""
    if not can_pay_out(page, today):
        raise PayoutRefused("The campaign has not ended yet.")
    with transaction.atomic():
        CollectiveCampaignPage.objects.select_for_update().filter(pk=page.pk).first()
        row = ledger(page, with_payouts=True).by_business.get(business_id)
        if row is None:
            raise PayoutRefused("This business is not a beneficiary of the campaign.")
        if not isinstance(amount_cents, int) or amount_cents <= 0 or amount_cents > row.open_cents:
            raise PayoutRefused("The amount must be above zero and at most what is open.")
        return CollectivePayout.objects.create(
            campaign=page,
            business_id=business_id,
            amount_cents=amount_cents,
            method=PayoutMethod.MANUAL,
            reference=reference[:140],
            created_by=user,
        )
