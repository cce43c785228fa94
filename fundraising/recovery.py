"""Paid Checkout Sessions whose pledge our database does not have (it was restored from a backup taken before the
payment): recreate the pledge from the session's metadata (`payments.base.checkout_metadata`) and fulfil it through
the webhook code, so the supporter gets the one voucher they paid for. `reconcile_payments` calls it."""

import datetime

from django.db import transaction
from django.utils import timezone

from wagtail.models import Page

from fundraising import targets
from fundraising.models import Pledge, PledgeState, Reward
from fundraising.webhooks import process_event


class NotRecoverable(Exception):
    """The session does not say enough to recreate its pledge: an editor has to look at it."""


def _int(value):
    return int(value) if str(value or "").isdigit() else None


def _date(value):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def pledge_fields(session):
    """The fields of the lost pledge, from the session; NotRecoverable when they are not there."""
    metadata = session.get("metadata") or {}
    if not metadata.get("pledge_key"):
        raise NotRecoverable("the session is older than the recovery metadata")
    page = Page.objects.filter(pk=_int(metadata.get("campaign_id"))).first()
    target = page.specific if page else None
    if target is None or not targets.is_target(target):
        raise NotRecoverable(f"campaign {metadata.get('campaign_id')} does not exist (any more)")
    details = session.get("customer_details") or {}
    email = details.get("email") or session.get("customer_email")
    if not email:
        raise NotRecoverable("the session has no email address")
    if not isinstance(session.get("amount_total"), int) or session["amount_total"] <= 0:
        raise NotRecoverable("the session has no amount")
    reward_kind = metadata.get("reward_kind", "")
    return {
        **target.pledge_target_fields(),
        "reward": Reward.objects.filter(pk=_int(metadata.get("reward_id"))).first(),
        "reward_title": metadata.get("reward_title", "")[:120],
        "reward_kind": reward_kind[:10],
        "voucher_value_cents": _int(metadata.get("voucher_value_cents")),
        "voucher_valid_until": _date(metadata.get("voucher_valid_until")),
        "amount_cents": session["amount_total"],
        "currency": str(session.get("currency") or "eur").lower()[:3],
        "name": (metadata.get("name") or details.get("name") or email)[:100],
        "email": email[:254],
        "display_name": metadata.get("display_name", "")[:60],
        "anonymous": metadata.get("anonymous") == "1",
        "language": (metadata.get("language") or "de")[:8],
        "checkout_key": metadata["pledge_key"][:32],
        "stripe_session_id": session["id"],
    }


def recreate(session):
    """Recreate the pledge of a paid session and fulfil it (one voucher, the supporter's email). Returns the
    pledge; raises NotRecoverable (nothing is changed then)."""
    fields = pledge_fields(session)
    with transaction.atomic():
        # Created as "expired": to the fulfilment code that means "paid although we held no reward stock for it",
        # which is exactly the case here (the restored stock counts never saw this pledge). Nobody sees this state:
        # the same transaction pays it.
        pledge = Pledge.objects.create(**fields, state=PledgeState.EXPIRED, expires_at=timezone.now())
        synthetic = {
            "id": f"reconcile_{session['id']}_recreated",
            "type": "checkout.session.completed",
            "created": int(timezone.now().timestamp()),
            "livemode": bool(session.get("livemode")),
            "data": {"object": session},
        }
        result = process_event(synthetic)
        if result.status != 200 or not result.outcome.startswith("paid"):
            raise NotRecoverable(f"the payment could not be applied: {result.outcome}")  # rolls the pledge back
    return pledge
