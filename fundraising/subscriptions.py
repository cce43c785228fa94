"""Monthly support ("Patenschaft"): Stripe subscriptions, fulfilled only from verified webhooks.

- `start_checkout()`: the pledge form's "Support monthly" creates a pending Subscription and a Checkout Session in
  subscription mode through the gateway.
- `handle_session()` / `handle_event()`: called by fundraising.webhooks inside its transaction (the event is stored
  once; Stripe objects were re-read from the API before). Each paid month (`invoice.paid`) becomes one paid
  Pledge, unique per invoice id, so progress, totals, the match fund (signals.pledge_paid) and reports count it.
  A monthly pledge is plain support: no reward and no voucher (a monthly voucher purchase would need its own
  withdrawal and VAT handling); the supporter gets a payment confirmation each month.
- Order: `invoice.paid` may come before `checkout.session.completed`; the Stripe subscription's metadata names
  our subscription (`subscription_key`), so either event links the two. Cancelled, ended and expired are final:
  no later or replayed event (whatever it carries) brings a subscription back; running states follow the
  subscription's status as read from Stripe now, never the copy in the event.
- `cancel()`: the supporter (signed link), an editor (admin) or `end_finished()` (the daily command
  `end_monthly_support`: the campaign ended or the business closed for good).
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from fundraising import signals
from fundraising.models import FINAL_STATES, RUNNING_STATES, Pledge, PledgeState, Subscription, SubscriptionState
from fundraising.payments import get_gateway
from fundraising.payments.base import GatewayError, object_id
from fundraising.subscription_emails import notify

logger = logging.getLogger(__name__)

INVOICE_EVENTS = {"invoice.paid", "invoice.payment_failed"}
SUBSCRIPTION_EVENTS = {"customer.subscription.updated", "customer.subscription.deleted"}
HANDLED = INVOICE_EVENTS | SUBSCRIPTION_EVENTS
STRIPE_ENDED = {"canceled", "incomplete_expired"}
STRIPE_OVERDUE = {"past_due", "unpaid"}


def is_subscription_session(session):
    return bool(session) and session.get("mode") == "subscription"


# Checkout -----------------------------------------------------------------------------------------------------


def create_pending(page, data, language):
    fields = page.pledge_target_fields()
    business_id = fields.get("business_id") or getattr(fields.get("business"), "pk", None)
    return Subscription.objects.create(
        target=page,
        business_id=business_id,
        amount_cents=data["amount_cents"],
        name=data["name"],
        email=data["email"],
        display_name=data["display_name"],
        anonymous=data["anonymous"] or not data["display_name"],
        language=language,
    )


def start_checkout(subscription, success_url, cancel_url):
    """The gateway's checkout for a pending subscription; raises GatewayError (the subscription is then expired)."""
    try:
        result = get_gateway().create_subscription_checkout(subscription, success_url, cancel_url)
    except GatewayError:
        Subscription.objects.filter(pk=subscription.pk, state=SubscriptionState.PENDING).update(
            state=SubscriptionState.EXPIRED, ended_at=timezone.now(), end_reason="checkout not reachable"
        )
        raise
    Subscription.objects.filter(pk=subscription.pk).update(stripe_session_id=result.session_id)
    return result


# Webhook: what to re-read from Stripe before the transaction -----------------------------------------------------


def invoice_subscription_id(invoice):
    """The subscription of an invoice: `parent.subscription_details.subscription` (API 2025-03 and later) or the
    older top-level `subscription`."""
    details = ((invoice or {}).get("parent") or {}).get("subscription_details") or {}
    return object_id(details.get("subscription")) or object_id((invoice or {}).get("subscription"))


def fetch(event_type, obj, gateway):
    """(invoice, stripe subscription) as Stripe has them now."""
    if not obj.get("id"):
        return None, None
    if event_type in INVOICE_EVENTS:
        invoice = gateway.retrieve_invoice(obj["id"])
        sub_id = invoice_subscription_id(invoice)
        return invoice, (gateway.retrieve_subscription(sub_id) if sub_id else None)
    return None, gateway.retrieve_subscription(obj["id"])


# Webhook: finding and locking our subscription ---------------------------------------------------------------


def _lock(pk):
    return Subscription.objects.select_for_update(of=("self",)).filter(pk=pk).first() if pk else None


def _by_key(metadata):
    key = (metadata or {}).get("subscription_key")
    return Subscription.objects.filter(checkout_key=key).values_list("pk", flat=True).first() if key else None


def _for_stripe_subscription(stripe_sub):
    if not stripe_sub or not stripe_sub.get("id"):
        return None
    pk = Subscription.objects.filter(stripe_subscription_id=stripe_sub["id"]).values_list("pk", flat=True).first()
    return _lock(pk or _by_key(stripe_sub.get("metadata")))


def _for_session(session):
    pk = Subscription.objects.filter(stripe_session_id=session.get("id")).values_list("pk", flat=True).first()
    return _lock(pk or _by_key(session.get("metadata")))


def _link(subscription, stripe_sub_id, customer_id=None, session_id=None):
    """Store Stripe's ids on first sight (whichever event comes first). A subscription already linked to another
    Stripe subscription keeps its link."""
    changes = {}
    if stripe_sub_id and not subscription.stripe_subscription_id:
        changes["stripe_subscription_id"] = stripe_sub_id
    if customer_id and not subscription.stripe_customer_id:
        changes["stripe_customer_id"] = customer_id
    if session_id and not subscription.stripe_session_id:
        changes["stripe_session_id"] = session_id
    if changes:
        Subscription.objects.filter(pk=subscription.pk).update(**changes)
        for field, value in changes.items():
            setattr(subscription, field, value)


def _period_end(stripe_sub):
    """The end of the current period (the next payment), top level (older APIs) or on the first item."""
    if not stripe_sub:
        return None
    value = stripe_sub.get("current_period_end")
    if value is None:
        items = ((stripe_sub.get("items") or {}).get("data")) or []
        value = items[0].get("current_period_end") if items else None
    return datetime.datetime.fromtimestamp(value, tz=datetime.UTC) if isinstance(value, int) else None


def _set_state(subscription, state, from_states, **extra):
    """One conditional UPDATE; True when it changed the state."""
    if not Subscription.objects.filter(pk=subscription.pk, state__in=from_states).update(state=state, **extra):
        return False
    subscription.state = state
    for field, value in extra.items():
        setattr(subscription, field, value)
    return True


def _activate(subscription):
    extra = {"activated_at": subscription.activated_at or timezone.now()}
    return _set_state(
        subscription, SubscriptionState.ACTIVE, [SubscriptionState.PENDING, SubscriptionState.PAST_DUE], **extra
    )


def _stop_at_stripe_later(stripe_sub_id):
    """Our subscription is final but Stripe's still runs (a checkout completed after it was cancelled here): cancel
    it at Stripe after the commit. Cancelling twice does no harm."""

    def stop():
        try:
            get_gateway().cancel_subscription(stripe_sub_id)
        except GatewayError as error:
            logger.error("Could not cancel Stripe subscription %s: %s", stripe_sub_id, error)

    transaction.on_commit(stop)


def _follow_stripe(subscription, stripe_sub):
    """Bring a running subscription in line with Stripe's status as read now; final states never move."""
    status = (stripe_sub or {}).get("status")
    if subscription.state in FINAL_STATES:
        if status and status not in STRIPE_ENDED:
            _stop_at_stripe_later(stripe_sub["id"])
        return f"unchanged ({subscription.state})"
    period_end = _period_end(stripe_sub)
    if period_end and period_end != subscription.current_period_end:
        Subscription.objects.filter(pk=subscription.pk).update(current_period_end=period_end)
        subscription.current_period_end = period_end
    if status in STRIPE_ENDED:
        if _set_state(
            subscription,
            SubscriptionState.CANCELLED,
            [SubscriptionState.PENDING, *RUNNING_STATES],
            ended_at=timezone.now(),
            end_reason="cancelled at the payment provider",
        ):
            notify(subscription, "cancelled")
            return "cancelled"
    elif status in STRIPE_OVERDUE:
        if _set_state(subscription, SubscriptionState.PAST_DUE, [SubscriptionState.ACTIVE]):
            return "past due"
    elif status in ("active", "trialing") and _activate(subscription):
        return "active"
    return f"unchanged ({subscription.state})"


# Webhook: the events ------------------------------------------------------------------------------------------


def handle_session(event_type, session):
    """checkout.session.* of a subscription-mode session. Returns an outcome."""
    subscription = _for_session(session)
    if subscription is None:
        return "no subscription for this session"
    if session.get("amount_total") != subscription.amount_cents or str(session.get("currency")).lower() != "eur":
        logger.error("Subscription %s: session %s does not match", subscription.pk, session.get("id"))
        return "mismatch: amount or currency"
    if subscription.stripe_session_id and subscription.stripe_session_id != session.get("id"):
        return "mismatch: session id"
    if event_type == "checkout.session.expired":
        if _set_state(
            subscription,
            SubscriptionState.EXPIRED,
            [SubscriptionState.PENDING],
            ended_at=timezone.now(),
            end_reason="checkout not completed",
        ):
            return f"subscription #{subscription.pk} expired"
        return f"unchanged ({subscription.state})"
    if event_type not in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
        return "ignored"
    stripe_sub_id = object_id(session.get("subscription"))
    if session.get("status") != "complete" or not stripe_sub_id:
        return "not complete"
    _link(subscription, stripe_sub_id, object_id(session.get("customer")), session.get("id"))
    if subscription.state in FINAL_STATES:
        _stop_at_stripe_later(stripe_sub_id)
        return f"unchanged ({subscription.state}): cancelled at Stripe"
    _activate(subscription)
    return f"subscription #{subscription.pk} {subscription.state}"


def handle_event(event_type, fresh):
    """invoice.paid / invoice.payment_failed / customer.subscription.*; returns (pledge or None, outcome)."""
    invoice, stripe_sub = fresh or (None, None)
    subscription = _for_stripe_subscription(stripe_sub)
    if subscription is None:
        return None, "no subscription for this event"
    _link(subscription, stripe_sub["id"], object_id(stripe_sub.get("customer")))
    if subscription.stripe_subscription_id != stripe_sub["id"]:
        return None, "mismatch: subscription id"
    if event_type == "invoice.paid":
        return _invoice_paid(subscription, invoice, stripe_sub)
    if event_type == "invoice.payment_failed":
        return None, _invoice_failed(subscription, invoice, stripe_sub)
    return None, _follow_stripe(subscription, stripe_sub)


def _invoice_payment_intent(invoice):
    value = object_id(invoice.get("payment_intent"))
    if value:
        return value
    for payment in ((invoice.get("payments") or {}).get("data")) or []:
        value = object_id((payment.get("payment") or {}).get("payment_intent"))
        if value:
            return value
    return ""


def _invoice_paid(subscription, invoice, stripe_sub):
    if not invoice or invoice.get("status") != "paid":
        return None, f"invoice not paid ({(invoice or {}).get('status')})"
    amount = invoice.get("amount_paid")
    if not isinstance(amount, int) or amount <= 0 or str(invoice.get("currency")).lower() != "eur":
        return None, "nothing paid"
    existing = Pledge.objects.filter(stripe_invoice_id=invoice["id"]).first()
    if existing is not None:
        return existing, "duplicate invoice"
    outcome = _follow_stripe(subscription, stripe_sub)
    target = subscription.target.specific
    pledge = Pledge.objects.create(
        **target.pledge_target_fields(),
        amount_cents=amount,
        name=subscription.name,
        email=subscription.email,
        display_name=subscription.display_name,
        anonymous=subscription.anonymous,
        language=subscription.language,
        state=PledgeState.PAID,
        paid_at=timezone.now(),
        subscription=subscription,
        stripe_invoice_id=invoice["id"],
        stripe_payment_intent=_invoice_payment_intent(invoice),
    )
    notify(subscription, "paid", pledge=pledge)
    transaction.on_commit(lambda: signals.pledge_paid.send(sender=Pledge, pledge=pledge))
    return pledge, f"month paid (pledge #{pledge.pk}); {outcome}"


def _invoice_failed(subscription, invoice, stripe_sub):
    if invoice and invoice.get("status") == "paid":
        return "invoice paid meanwhile"
    if subscription.state in FINAL_STATES:
        return _follow_stripe(subscription, stripe_sub)
    if (stripe_sub or {}).get("status") in STRIPE_ENDED:
        return _follow_stripe(subscription, stripe_sub)
    if _set_state(subscription, SubscriptionState.PAST_DUE, [SubscriptionState.PENDING, SubscriptionState.ACTIVE]):
        notify(subscription, "failed")
        return "past due"
    return f"unchanged ({subscription.state})"


# Cancel and end -----------------------------------------------------------------------------------------------


def cancel(subscription, reason, state=SubscriptionState.CANCELLED, kind="cancelled"):
    """Mark the subscription final first (so the provider's own "deleted" event changes nothing), then cancel it at
    the provider; should that fail, the earlier state comes back and GatewayError is raised. Returns False when
    the subscription was not running (nothing done)."""
    previous = subscription.state
    if previous not in (SubscriptionState.PENDING, *RUNNING_STATES):
        return False
    if not _set_state(subscription, state, [previous], ended_at=timezone.now(), end_reason=reason[:200]):
        return False
    if subscription.stripe_subscription_id:
        try:
            get_gateway().cancel_subscription(subscription.stripe_subscription_id)
        except GatewayError:
            Subscription.objects.filter(pk=subscription.pk, state=state).update(
                state=previous, ended_at=None, end_reason=""
            )
            subscription.state = previous
            raise
    if previous != SubscriptionState.PENDING:
        notify(subscription, kind)
    return True


def target_finished(page, today=None):
    """Why monthly support for the page must end (the campaign ended, is offline, the business closed), or ""."""
    today = today or timezone.localdate()
    if not page.live:
        return "campaign offline"
    if page._ended(today):
        return "campaign ended"
    business = getattr(page, "business", None) if hasattr(page, "business_page_id") else None
    if business is not None and getattr(business, "closed_for_good_at", None):
        return "business closed for good"
    return ""


def end_finished(today=None):
    """End every running subscription whose campaign ended or whose business closed; returns [(id, reason)]."""
    ended = []
    running = Subscription.objects.filter(state__in=[SubscriptionState.PENDING, *RUNNING_STATES])
    for target_id in running.order_by().values_list("target_id", flat=True).distinct():
        subscriptions = list(running.filter(target_id=target_id))
        if not subscriptions:
            continue
        reason = target_finished(subscriptions[0].target.specific, today)
        if not reason:
            continue
        for subscription in subscriptions:
            try:
                if cancel(subscription, reason, state=SubscriptionState.ENDED, kind="ended"):
                    ended.append((subscription.pk, reason))
            except GatewayError as error:
                logger.error("Could not end subscription %s: %s", subscription.pk, error)
    return ended
