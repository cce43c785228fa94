"""Stripe Connect: connected accounts for the businesses, Account Links, and `account.updated` events.

The Stripe client comes from the fundraising gateway (`get_gateway().client`), so tests that fake Stripe at the
HTTP-client level for checkouts fake it here too. In demo mode (no keys) a local onboarding page stands in for
Stripe and its buttons send signed `account.updated` events through the same webhook code.
"""

import datetime
import json
import logging
import secrets

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation

from commons.lazy_libraries import stripe
from fundraising.conf import conf
from fundraising.payments import get_gateway
from fundraising.payments.base import GatewayError, plain, stripe_failure, webhook_secret
from fundraising.payouts.models import AccountCreation, ConnectedAccount
from fundraising.webhooks import process_payload

logger = logging.getLogger(__name__)


def account_create_params(business, user):
    """A connected account with current controller properties: the owner gets the full Stripe-hosted dashboard,
    Stripe collects the requirements (and so the identity checks), the account pays Stripe's fees on its own
    charges and Stripe carries the losses; the platform requests card payments and transfers."""
    params = {
        "controller": {
            "stripe_dashboard": {"type": "full"},
            "requirement_collection": "stripe",
            "fees": {"payer": "account"},
            "losses": {"payments": "stripe"},
        },
        "capabilities": {"card_payments": {"requested": True}, "transfers": {"requested": True}},
        "country": conf.PAYOUTS_ACCOUNT_COUNTRY,
        "business_profile": {"name": business.title[:100]},
        "metadata": {"business_id": str(business.pk)},
    }
    if getattr(user, "email", ""):
        params["email"] = user.email
    url = business.get_full_url()  # None for a page outside any site: Stripe then asks for a description
    if url:
        params["business_profile"]["url"] = url
    return params


def onboarding_urls(business):
    base = conf.BASE_URL.rstrip("/")
    return (
        base + reverse("payouts:refresh", args=[business.pk]),
        base + reverse("payouts:return", args=[business.pk]),
    )


class StripeConnect:
    demo = False

    def __init__(self, client):
        self.client = client

    def create_account(self, business, user, idempotency_key):
        try:
            account = self.client.v1.accounts.create(
                account_create_params(business, user), {"idempotency_key": idempotency_key}
            )
        except stripe.StripeError as error:
            raise stripe_failure(error) from error
        return plain(account)

    def create_link(self, account):
        refresh_url, return_url = onboarding_urls(account.business)
        try:
            link = self.client.v1.account_links.create(
                {
                    "account": account.stripe_account_id,
                    "type": "account_onboarding",
                    "collection_options": {"fields": "eventually_due"},
                    "refresh_url": refresh_url,
                    "return_url": return_url,
                }
            )
        except stripe.StripeError as error:
            raise GatewayError(str(error)) from error
        return link.url


class DemoConnect:
    """Demo mode: accounts are local ids and the "Stripe" onboarding is our own clearly labelled test page."""

    demo = True

    def create_account(self, business, user, idempotency_key):
        return {"id": f"acct_demo_{secrets.token_hex(8)}", "object": "account", **demo_account_state(False)}

    def create_link(self, account):
        with translation.override(translation.get_language()):
            return reverse("payouts:demo_onboarding", args=[account.business_id])


def get_connect():
    gateway = get_gateway()
    if getattr(gateway, "demo", False) or not hasattr(gateway, "client"):
        return DemoConnect()
    return StripeConnect(gateway.client)


def current_creation(business):
    """The attempt to create the business's account with, stored before Stripe is called: the last one, or – after
    Stripe refused that one for sure – the next (see `AccountCreation`)."""
    creation, _created = AccountCreation.objects.get_or_create(business=business)
    if creation.refused:
        AccountCreation.objects.filter(pk=creation.pk, attempt=creation.attempt, refused=True).update(
            attempt=F("attempt") + 1, refused=False, last_error="", updated_at=timezone.now()
        )
        creation.refresh_from_db()
    return creation


def ensure_account(business, user, connect=None):
    """The business's connected account, created at Stripe on first use (one per business, idempotent; a failed
    creation can be retried at once, a lost answer never creates a second account)."""
    account = ConnectedAccount.objects.filter(business=business).select_related("business").first()
    if account is not None:
        return account
    connect = connect or get_connect()
    creation = current_creation(business)
    try:
        data = connect.create_account(business, user, creation.idempotency_key)
    except GatewayError as error:
        if not error.outcome_unknown:
            AccountCreation.objects.filter(pk=creation.pk, attempt=creation.attempt).update(
                refused=True, last_error=str(error)[:300], updated_at=timezone.now()
            )
        raise
    try:
        with transaction.atomic():
            account = ConnectedAccount.objects.create(
                business=business,
                stripe_account_id=data["id"],
                demo=connect.demo,
                created_by=user,
                **state_values(data),
            )
    except IntegrityError:
        # A double click created it in parallel; Stripe's idempotency key returned the same account.
        account = ConnectedAccount.objects.get(business=business)
    account.business = business
    return account


# account.updated ----------------------------------------------------------------------------------------------


def _list(value):
    return [str(item)[:200] for item in value][:100] if isinstance(value, list) else []


def state_values(obj):
    """Our fields from a Stripe account object (unknown or malformed parts count as "not enabled")."""
    requirements = obj.get("requirements") or {}
    if not isinstance(requirements, dict):
        requirements = {}
    deadline = requirements.get("current_deadline")
    capabilities = obj.get("capabilities") or {}
    if not isinstance(capabilities, dict):
        capabilities = {}
    return {
        "capabilities": {str(k)[:60]: str(v)[:20] for k, v in list(capabilities.items())[:50] if isinstance(v, str)},
        "charges_enabled": obj.get("charges_enabled") is True,
        "payouts_enabled": obj.get("payouts_enabled") is True,
        "details_submitted": obj.get("details_submitted") is True,
        "currently_due": _list(requirements.get("currently_due")),
        "past_due": _list(requirements.get("past_due")),
        "eventually_due": _list(requirements.get("eventually_due")),
        "pending_verification": _list(requirements.get("pending_verification")),
        "disabled_reason": str(requirements.get("disabled_reason") or "")[:100],
        "current_deadline": datetime.datetime.fromtimestamp(deadline, tz=datetime.UTC)
        if isinstance(deadline, int)
        else None,
    }


def apply_account_updated(event):
    """Update our copy from an `account.updated` event. Called inside the webhook's transaction, after the event
    id was recorded (so each event applies once). Events older than the last one applied are ignored."""
    obj = (event.get("data") or {}).get("object") or {}
    account_id = obj.get("id")
    if not isinstance(account_id, str) or not account_id:
        return "account.updated without account id"
    created = event.get("created")
    event_time = (
        datetime.datetime.fromtimestamp(created, tz=datetime.UTC) if isinstance(created, int) else timezone.now()
    )
    values = state_values(obj)
    values["stripe_updated_at"] = event_time
    values["updated_at"] = timezone.now()
    queryset = ConnectedAccount.objects.filter(stripe_account_id=account_id)
    if not queryset.exists():
        return "account.updated for an unknown account"

    updated = queryset.filter(Q(stripe_updated_at__isnull=True) | Q(stripe_updated_at__lte=event_time)).update(**values)
    if not updated:
        return "account.updated older than the last one applied"
    state = "charges enabled" if values["charges_enabled"] else "charges disabled"
    return f"account updated ({state})"


def apply_deauthorized(event):
    """The owner disconnected our platform in their Stripe dashboard: no more destination charges to it."""
    account_id = event.get("account")
    if not isinstance(account_id, str) or not account_id:
        return "deauthorization without account id"
    updated = ConnectedAccount.objects.filter(stripe_account_id=account_id).update(
        charges_enabled=False, payouts_enabled=False, disabled_reason="deauthorized", updated_at=timezone.now()
    )
    return "account deauthorized" if updated else "deauthorization for an unknown account"


# Demo mode ------------------------------------------------------------------------------------------------------


def demo_account_state(complete):
    if complete:
        requirements = {"currently_due": [], "past_due": [], "eventually_due": [], "disabled_reason": None}
    else:
        due = ["external_account", "individual.verification.document", "tos_acceptance.date"]
        requirements = {
            "currently_due": due,
            "past_due": [],
            "eventually_due": due,
            "disabled_reason": "requirements.past_due",
        }
    return {
        "charges_enabled": complete,
        "capabilities": {
            "card_payments": "active" if complete else "inactive",
            "transfers": "active" if complete else "inactive",
        },
        "payouts_enabled": complete,
        "details_submitted": complete,
        "requirements": {"pending_verification": [], "current_deadline": None, **requirements},
    }


def send_demo_account_updated(account, complete):
    """Build, sign and process an `account.updated` event exactly as if Stripe had sent it (demo mode only)."""

    event = {
        "id": f"evt_demo_{secrets.token_hex(12)}",
        "object": "event",
        "api_version": stripe.api_version,
        "created": int(timezone.now().timestamp()),
        "livemode": False,
        "type": "account.updated",
        "account": account.stripe_account_id,
        "data": {"object": {"id": account.stripe_account_id, "object": "account", **demo_account_state(complete)}},
    }
    payload = json.dumps(event)
    signature = stripe.WebhookSignature.generate_signature_header(payload, webhook_secret())
    return process_payload(payload.encode(), signature)
