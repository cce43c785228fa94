"""Paying the beneficiaries of a collective campaign: Stripe Connect transfers, or bank transfers the editors record.

The money of collective pledges is collected on the platform's Stripe account (no destination charge: it belongs
to many businesses). After the end, each business is due its share plus the city-wide vouchers it accepted
(`shares.ledger`). A business whose connected account can receive transfers gets a Stripe transfer of what is
open ("separate charges and transfers"); for the others the editors export the list (CSV) and record each bank
transfer. Vouchers used after the first payout make more money due: paying again transfers only the difference.

Safety: the campaign row is locked for the whole run, so two editors clicking at once cannot pay twice; each
transfer carries an idempotency key derived from what was paid so far, so a retried request returns Stripe's
first transfer instead of making a second one, and a transfer id is recorded once (unique constraint).
"""

import logging
import secrets

import stripe

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fundraising.models import CampaignState
from fundraising.payments import get_gateway
from fundraising.payments.base import GatewayError

from .models import CollectiveCampaignPage, CollectivePayout, PayoutMethod
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
    from fundraising.payouts.models import ConnectedAccount

    accounts = ConnectedAccount.objects.filter(business_id__in=business_ids, charges_enabled=True)
    return {
        account.business_id: account.stripe_account_id
        for account in accounts
        if account.can_receive_transfers and account.demo == bool(settings.PAYMENTS_DEMO_MODE)
    }


def _create_transfer(page, row, account_id, amount):
    gateway = get_gateway()
    if getattr(gateway, "demo", False) or not hasattr(gateway, "client"):
        return f"tr_demo_{secrets.token_hex(8)}"
    params = {
        "amount": amount,
        "currency": "eur",
        "destination": account_id,
        "transfer_group": f"collective-{page.pk}",
        "description": page.title[:200],
        "metadata": {"collective_campaign_id": str(page.pk), "business_id": str(row.business_id)},
    }
    key = f"collective-{page.pk}-{row.business_id}-{row.paid_out_cents}-{amount}"
    try:
        transfer = gateway.client.v1.transfers.create(params, {"idempotency_key": key})
    except stripe.StripeError as error:
        raise GatewayError(str(error)) from error
    return transfer.id


def transfer_open_amounts(page, user, today=None):
    """Transfer what is open to every business with a transfer-capable connected account.

    Returns (paid, failed): lists of (business name, cents) and (business name, error). Stops at the first failure
    of the payment provider (the rest stays open and can be retried).
    """
    if not can_pay_out(page, today):
        raise PayoutRefused("The campaign has not ended yet.")
    paid, failed = [], []
    with transaction.atomic():
        CollectiveCampaignPage.objects.select_for_update().filter(pk=page.pk).first()
        accounts = ledger(page, with_payouts=True)
        destinations = transfer_accounts([row.business_id for row in accounts.rows])
        for row in accounts.rows:
            amount = row.open_cents
            account_id = destinations.get(row.business_id)
            if amount <= 0 or not account_id:
                continue
            try:
                transfer_id = _create_transfer(page, row, account_id, amount)
            except GatewayError as error:
                logger.error("Collective %s: transfer to business %s failed: %s", page.pk, row.business_id, error)
                failed.append((row.name, str(error)))
                break
            if CollectivePayout.objects.filter(stripe_transfer_id=transfer_id).exists():
                continue  # Stripe answered a replayed request with the transfer already recorded
            CollectivePayout.objects.create(
                campaign=page,
                business_id=row.business_id,
                amount_cents=amount,
                method=PayoutMethod.CONNECT,
                stripe_transfer_id=transfer_id,
                created_by=user,
            )
            paid.append((row.name, amount))
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
