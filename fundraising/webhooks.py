"""Stripe webhook processing: the only place where pledges become paid, refunded or disputed.

process_payload() verifies the signature and hands the event to process_event(), which the demo checkout and
`reconcile_payments` use too. Each event is stored once (unique event id); every state change is a conditional
UPDATE, so duplicate or racing events change nothing twice. An exception rolls everything back, and the view
answers 500 so that Stripe retries.
"""

import dataclasses
import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from wagtail import hooks

from commons.lazy_libraries import stripe
from directory.models import BusinessPage
from fundraising import signals, stock, subscriptions
from fundraising.models import OPEN_STATES, Pledge, PledgeState, RewardStock, StripeEvent, Voucher, VoucherState
from fundraising.notifications import notify_paid, notify_refunded
from fundraising.payments import get_gateway
from fundraising.payments.base import GatewayError, object_id, session_pledge_id
from fundraising.vouchers import issue_vouchers, void_vouchers_for

logger = logging.getLogger(__name__)

SESSION_EVENTS = {
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
}
DISPUTE_EVENTS = {"charge.dispute.created", "charge.dispute.updated", "charge.dispute.closed"}
CHARGE_EVENTS = {"charge.refunded", *DISPUTE_EVENTS}
# Dispute outcomes after which the money stays with us; any other status means the dispute is (still) open.
DISPUTE_SETTLED = {"won", "warning_closed"}
HANDLED = SESSION_EVENTS | CHARGE_EVENTS | subscriptions.HANDLED


class _Duplicate(Exception):
    """The event was stored by a concurrent delivery: roll back and answer as for a duplicate."""


@dataclasses.dataclass
class Result:
    status: int
    outcome: str


def process_payload(payload, signature):
    gateway = get_gateway()
    try:
        event = gateway.construct_event(payload, signature or "")
    except (ValueError, stripe.SignatureVerificationError) as error:
        logger.warning("Rejected webhook: %s", error)
        return Result(400, "invalid signature or payload")
    return process_event(event, gateway)


def process_event(event, gateway=None):
    gateway = gateway or get_gateway()
    event_id, event_type = event.get("id"), event.get("type")
    if not event_id or not isinstance(event_id, str):
        return Result(400, "no event id")
    if StripeEvent.objects.filter(event_id=event_id).exists():
        return Result(200, "duplicate")
    obj = (event.get("data") or {}).get("object") or {}
    # Ask Stripe before the transaction, so no database lock is held during a network call.
    try:
        fresh = _fetch(event_type, obj, gateway)
    except GatewayError as error:
        logger.warning("Webhook %s: cannot re-read from the payment provider: %s", event_id, error)
        return Result(503, "payment provider unavailable")
    created = event.get("created")
    try:
        with transaction.atomic():
            if event_type in SESSION_EVENTS and subscriptions.is_subscription_session(fresh):
                pledge, outcome = None, subscriptions.handle_session(event_type, fresh)  # monthly support
            elif event_type in SESSION_EVENTS:
                pledge, outcome = _handle_session(event_type, fresh)
            elif event_type in subscriptions.HANDLED:
                pledge, outcome = subscriptions.handle_event(event_type, fresh)
            elif event_type in CHARGE_EVENTS:
                pledge, outcome = _handle_charge(event_type, obj, fresh)
            else:
                pledge, outcome = None, "ignored"
                for fn in hooks.get_hooks("fundraising_webhook_event"):  # e.g. account.updated (payouts)
                    outcome = fn(event) or outcome
            # The event is stored last, in one INSERT: its unique id still decides. A concurrent delivery of the same
            # event fails here and rolls back all it did (the state changes above are conditional UPDATEs on a
            # locked pledge, so it found nothing to do anyway), and no savepoint is needed.
            try:
                StripeEvent.objects.create(
                    event_id=event_id,
                    type=str(event_type)[:100],
                    livemode=bool(event.get("livemode")),
                    created=datetime.datetime.fromtimestamp(created, tz=datetime.UTC)
                    if isinstance(created, int)
                    else None,
                    pledge=pledge,
                    outcome=outcome[:200],
                )
            except IntegrityError as error:
                raise _Duplicate from error
    except _Duplicate:
        return Result(200, "duplicate")
    except Exception:
        logger.exception("Webhook %s (%s) failed; rolled back", event_id, event_type)
        return Result(500, "failed")
    return Result(200, outcome)


def _fetch(event_type, obj, gateway):
    if event_type in SESSION_EVENTS:
        if not obj.get("id"):
            return None
        return gateway.retrieve_session(obj["id"])
    if event_type in CHARGE_EVENTS:
        # Disputes arrive in any order (created after closed, before the payment): what counts is the dispute as
        # Stripe has it now, never the copy in the event.
        dispute = gateway.retrieve_dispute(obj["id"]) if event_type in DISPUTE_EVENTS and obj.get("id") else None
        payment_intent = object_id((dispute or obj).get("payment_intent"))
        session = None
        if payment_intent and not Pledge.objects.filter(stripe_payment_intent=payment_intent).exists():
            session = gateway.find_session_for_payment_intent(payment_intent)
        return session, dispute
    if event_type in subscriptions.HANDLED:
        return subscriptions.fetch(event_type, obj, gateway)
    return None


def _locking():
    """Pledges read for a state change: locked on PostgreSQL (SQLite's IMMEDIATE transactions already serialise
    writers), with what fulfilment and the emails need from other tables in the same query: the titles of target and
    business, whether the business closed for good, and the gift (if any)."""
    # No page instances: building them costs more than the whole fulfilment otherwise.
    return (
        Pledge.objects.select_for_update(of=("self",))
        .select_related("gift")
        .annotate(
            target_title=F("target__title"),
            business_title=F("business__title"),
            business_closed_at=F("business__closed_for_good_at"),
        )
    )


def _lock(pledge_id):
    """The pledge row, locked on PostgreSQL (see _locking)."""
    return _locking().filter(pk=pledge_id).first()


def pledge_id_for_session(session):
    """The id of the pledge a Checkout Session belongs to: the pledge that holds the session id, else the one with
    the random key from the session's metadata. Only sessions from before the key existed fall back to the pledge
    id in the metadata — ids repeat after a database restore, keys never do."""
    pledge_id = Pledge.objects.filter(stripe_session_id=session.get("id")).values_list("pk", flat=True).first()
    if pledge_id is not None or not session.get("id"):
        return pledge_id
    key = (session.get("metadata") or {}).get("pledge_key")
    lookup = {"checkout_key": key} if key else {"pk": session_pledge_id(session)}
    return Pledge.objects.filter(**lookup).values_list("pk", flat=True).first()


def _locked_for_session(session):
    """pledge_id_for_session() and _lock() in one query for the usual case (the pledge holds the session id)."""
    pledge = _locking().filter(stripe_session_id=session["id"]).first() if session.get("id") else None
    if pledge is not None:
        return pledge
    pledge_id = pledge_id_for_session(session)
    return _lock(pledge_id) if pledge_id else None


def _handle_session(event_type, session):
    if not session:
        return None, "session not found"
    pledge = _locked_for_session(session)
    if pledge is None:
        return None, "no pledge for this session"
    problem = _mismatch(pledge, session)
    if problem:
        logger.error("Pledge %s: session %s does not match: %s", pledge.pk, session.get("id"), problem)
        return pledge, f"mismatch: {problem}"
    payment_status = session.get("payment_status")
    if event_type in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
        if payment_status == "paid":
            return pledge, fulfil(pledge, session)
        if event_type == "checkout.session.completed" and payment_status == "unpaid":
            was = pledge.state
            updated = Pledge.objects.move(
                pledge,
                (PledgeState.PENDING,),
                state=PledgeState.PROCESSING,
                stripe_session_id=session["id"],
                stripe_payment_intent=object_id(session.get("payment_intent")) or "",
            )
            return pledge, "processing" if updated else f"unchanged ({was})"
        return pledge, f"not paid ({payment_status})"
    if event_type == "checkout.session.async_payment_failed":
        return pledge, _close(pledge, PledgeState.FAILED)
    if event_type == "checkout.session.expired":
        return pledge, _close(pledge, PledgeState.EXPIRED)
    return pledge, "ignored"


def _mismatch(pledge, session):
    if pledge.stripe_session_id and session.get("id") != pledge.stripe_session_id:
        return "session id"
    if session.get("amount_total") != pledge.amount_cents:
        return "amount"
    if str(session.get("currency") or "").lower() != pledge.currency:
        return "currency"
    return None


def fulfil(pledge, session):
    """pending/processing -> paid, once: the conditional UPDATE is the guard; vouchers in the same transaction."""
    now = timezone.now()
    was_expired = pledge.state == PledgeState.EXPIRED
    changes = {
        "state": PledgeState.PAID,
        "paid_at": now,
        "stripe_session_id": session["id"],
        "stripe_payment_intent": object_id(session.get("payment_intent")) or "",
    }
    if not Pledge.objects.move(pledge, (*OPEN_STATES, PledgeState.EXPIRED), **changes):
        return f"unchanged ({pledge.state})"
    if was_expired and pledge.reward_id and not pledge.reward_reserved:
        # Paid after we let the checkout lapse: the money is taken, so the reward is owed (stock may go over).
        RewardStock.objects.filter(reward_id=pledge.reward_id).update(claimed=F("claimed") + 1)
        Pledge.objects.filter(pk=pledge.pk).update(reward_reserved=True)  # so a later refund gives it back once
        pledge.reward_reserved = True
    if _business_closed(pledge):
        # The checkout began before the business closed for good: no voucher of a closed business; the money goes
        # back (the refund's own webhook then marks the pledge refunded and tells the supporter).
        Pledge.objects.filter(pk=pledge.pk, refund_requested_at__isnull=True).update(
            refund_requested_at=now, refund_reason="Business closed for good before the payment arrived."
        )
        transaction.on_commit(lambda: _refund_after_closure(pledge.pk))
        return "paid, business closed for good: refund requested"
    vouchers = issue_vouchers(pledge)
    # The email's context (titles, translations, links) is built after the commit, outside the write lock; the email
    # itself was always queued only then. `robust`: a failure there is logged and leaves the payment as it is.
    transaction.on_commit(lambda: notify_paid(pledge, vouchers), robust=True)
    transaction.on_commit(lambda: signals.pledge_paid.send(sender=Pledge, pledge=pledge))
    if pledge.dispute_status or pledge.refunded_cents:  # Stripe's news came before the payment: apply it now
        return f"paid, {settle(pledge)}"
    return "paid"


def _business_closed(pledge):
    if not pledge.business_id:
        return False
    if "business_closed_at" in pledge.__dict__:  # read with the pledge (_locking)
        return pledge.business_closed_at is not None
    return BusinessPage.objects.filter(pk=pledge.business_id, closed_for_good_at__isnull=False).exists()


def _refund_after_closure(pledge_id):
    pledge = Pledge.objects.get(pk=pledge_id)
    try:
        get_gateway().refund(pledge)
    except GatewayError as error:  # the editors see the pledge with its refund request and reason
        logger.error("Refund of pledge %s to a closed business failed: %s", pledge_id, error)


def _close(pledge, state):
    if not Pledge.objects.move(pledge, OPEN_STATES, state=state):
        return f"unchanged ({pledge.state})"
    stock.release(pledge)
    return str(state)


def _pledge_for_charge(obj, session):
    payment_intent = object_id(obj.get("payment_intent"))
    pledge = None
    if payment_intent:
        pledge = Pledge.objects.filter(stripe_payment_intent=payment_intent).first()
    if pledge is None and session:
        pledge_id = pledge_id_for_session(session)
        if pledge_id:
            pledge = Pledge.objects.filter(pk=pledge_id).first()
            if pledge and payment_intent and not pledge.stripe_payment_intent:
                Pledge.objects.filter(pk=pledge.pk).update(stripe_payment_intent=payment_intent)
    if pledge is None:
        metadata = obj.get("metadata") or {}
        if str(metadata.get("pledge_id", "")).isdigit():
            pledge = Pledge.objects.filter(pk=int(metadata["pledge_id"])).first()
    return _lock(pledge.pk) if pledge else None


def _handle_charge(event_type, obj, fresh):
    """Record what Stripe says about the charge on the pledge, then settle the pledge's state from that record.

    Refunds only grow, so the largest amount refunded seen so far counts; a dispute's status is the one just read
    (from Stripe). The resulting state is the same whatever order the events come in."""
    session, dispute = fresh or (None, None)
    pledge = _pledge_for_charge(dispute or obj, session)
    if pledge is None:
        return None, "no pledge for this charge"
    charge = obj if event_type == "charge.refunded" else (dispute or {}).get("charge")
    changes = {}
    if isinstance(charge, dict):
        refunded = min(max(charge.get("amount_refunded") or 0, pledge.refunded_cents), pledge.amount_cents)
        if charge.get("refunded"):
            refunded = pledge.amount_cents
        if refunded != pledge.refunded_cents:
            changes["refunded_cents"] = refunded
    if dispute is not None and dispute.get("status") and dispute["status"] != pledge.dispute_status:
        changes["dispute_status"] = str(dispute["status"])[:32]
    if changes:
        Pledge.objects.filter(pk=pledge.pk).update(**changes)
        for field, value in changes.items():
            setattr(pledge, field, value)
    return pledge, settle(pledge)


def target_state(pledge):
    """The state Stripe's record implies for a pledge that was paid."""
    if pledge.refunded_cents >= pledge.amount_cents:
        return PledgeState.REFUNDED
    if pledge.dispute_status == "lost":
        return PledgeState.DISPUTE_LOST
    if pledge.dispute_status and pledge.dispute_status not in DISPUTE_SETTLED:
        return PledgeState.DISPUTED
    return PledgeState.PAID


def settle(pledge):
    """Move a (locked) pledge to the state its recorded refund and dispute imply, with one conditional UPDATE, and
    bring its vouchers along. Refunded and lost are final; an open pledge waits for its payment, except that a full
    refund closes it."""
    target = target_state(pledge)
    if pledge.state in OPEN_STATES:
        if target != PledgeState.REFUNDED:
            return f"recorded ({pledge.state})"
        if not Pledge.objects.move(pledge, OPEN_STATES, state=PledgeState.REFUNDED):
            return f"unchanged ({pledge.state})"
        stock.release(pledge)
        return "refunded"
    if pledge.state not in (PledgeState.PAID, PledgeState.DISPUTED):
        return f"unchanged ({pledge.state})"
    vouchers = Voucher.objects.filter(pledge=pledge)
    if 0 < pledge.refunded_cents < pledge.amount_cents:
        vouchers.update(needs_review=True)  # partly refunded: an editor decides about the voucher
    if target == pledge.state:
        vouchers.exclude(state=VoucherState.VOID).update(dispute_open=target == PledgeState.DISPUTED)
        return f"unchanged ({pledge.state})"
    if not Pledge.objects.move(pledge, (pledge.state,), state=target):
        return f"unchanged ({pledge.state})"
    if target == PledgeState.REFUNDED:
        stock.release(pledge)
        _after_loss(pledge)
        return "refunded"
    if target == PledgeState.DISPUTE_LOST:
        _after_loss(pledge)
        return "dispute lost"
    vouchers.exclude(state=VoucherState.VOID).update(dispute_open=target == PledgeState.DISPUTED)
    return "disputed" if target == PledgeState.DISPUTED else "dispute won"


def _after_loss(pledge):
    void_vouchers_for(pledge)
    pledge.refresh_from_db()
    transaction.on_commit(lambda: notify_refunded(pledge), robust=True)  # built outside the write lock (see fulfil)
    transaction.on_commit(lambda: signals.pledge_refunded.send(sender=Pledge, pledge=pledge))
