"""Offline pledges: cash in the shop, a bank transfer, a grant letter — recorded by an editor in the admin or, when
FundraisingSettings allow it, by the business's owner for their own campaign.

They are ordinary pledges: created pending and made paid through `Pledge.save()` (so per-campaign totals kept from
`save()` see them), counted in the progress like online pledges, with `payment_method` cash/transfer/grant, the
reference and optional evidence. Vouchers are issued as for a paid online pledge, the supporter gets the usual
confirmation when an address is given, and `signals.pledge_paid` follows (the match fund, caches, gift delivery).
No payment gateway is ever called: there is no Stripe object for the money. A refund is *recorded* (the money went
back outside the platform) with the same audit fields as an online refund: who, when and why.

Match funds: `FUNDRAISING_MATCH_PAYMENT_METHODS` (default online, cash and transfer — grants are not matched) lists
the payment methods the city's match applies to (fundraising.payouts.matching).
"""

from django.db import transaction
from django.utils import timezone, translation

from directory.models import BusinessPage
from fundraising import signals, stock
from fundraising.legal import PaymentClass, payment_class_snapshot
from fundraising.models import OFFLINE_METHODS, Pledge, PledgeState, RewardKind
from fundraising.notifications import notify_paid, notify_refunded
from fundraising.reward_text import voucher_title
from fundraising.vouchers import issue_vouchers, void_vouchers_for


class OfflinePledgeError(Exception):
    pass


def _voucher_fields(reward, issue_voucher, amount_cents):
    """The reward snapshot of the pledge: the chosen voucher reward, or a voucher worth the amount paid, or none."""
    if reward is not None:
        return {
            "reward": reward,
            "reward_title": reward.title,
            "reward_kind": reward.kind,
            "voucher_value_cents": reward.voucher_value_cents,
            "voucher_valid_until": reward.valid_until,
            **payment_class_snapshot(reward),
        }
    if issue_voucher:
        return {
            "reward_title": voucher_title(amount_cents),
            "reward_kind": RewardKind.VOUCHER,
            "voucher_value_cents": amount_cents,
            "payment_class": PaymentClass.MULTI_PURPOSE,
            "voucher_price_cents": amount_cents,
            "vat_rate_percent": None,
        }
    return {}


def closed_for_good(target):
    """True when the target belongs to a business closed for good: it takes no pledge, offline ones included."""
    business_id = target.pledge_target_fields().get("business_id")
    return business_id is not None and (
        BusinessPage.objects.filter(pk=business_id, closed_for_good_at__isnull=False).exists()
    )


def record(
    target,
    *,
    amount_cents,
    method,
    user,
    reference="",
    evidence=None,
    name="",
    email="",
    issue_voucher=False,
    reward=None,
    language=None,
):
    """Record a paid offline pledge for `target` (a page of a registered pledge target type). Returns the pledge.

    The caller has checked who may record for this target (editors: any; owners: their own campaigns only)."""
    if method not in OFFLINE_METHODS:
        raise OfflinePledgeError(f"not an offline payment method: {method!r}")
    if not isinstance(amount_cents, int) or amount_cents <= 0:
        raise OfflinePledgeError("the amount must be positive")
    if closed_for_good(target):
        raise OfflinePledgeError("the business has closed for good")
    voucher_fields = _voucher_fields(reward, issue_voucher, amount_cents)
    with transaction.atomic():
        if reward is not None and not stock.claim(reward):
            raise OfflinePledgeError("sold out")
        pledge = Pledge.objects.create(
            **target.pledge_target_fields(),
            **voucher_fields,
            reward_reserved=bool(reward is not None and reward.quantity_limit is not None),
            amount_cents=amount_cents,
            name=name or "–",
            email=email or "",
            anonymous=True,
            language=(language or translation.get_language() or "de")[:2],
            payment_method=method,
            offline_reference=reference,
            offline_evidence=evidence,
            recorded_by=user,
        )
        # pending -> paid through save(): the one way a state changes here (campaign totals follow save()).
        pledge.state = PledgeState.PAID
        pledge.paid_at = timezone.now()
        pledge.save(update_fields=["state", "paid_at", "updated_at"])
        vouchers = issue_vouchers(pledge)
        if pledge.email:
            notify_paid(pledge, vouchers)
        transaction.on_commit(lambda: signals.pledge_paid.send(sender=Pledge, pledge=pledge))
    return pledge


def record_from_form(target, data, user):
    """`record` with the cleaned data of an offline pledge form (the editors' and the owners' form alike)."""
    return record(
        target,
        amount_cents=data["amount"],
        method=data["method"],
        reference=data["reference"],
        evidence=data["evidence"],
        name=data["name"],
        email=data["email"],
        issue_voucher=data["issue_voucher"],
        user=user,
    )


def record_refund(pledge, *, user, reason):
    """The money of an offline pledge went back (cash, transfer): mark it refunded, void its vouchers, tell the
    supporter, release the match. Returns False when a refund was already recorded or the pledge is not paid."""
    if not pledge.is_offline:
        raise OfflinePledgeError("online pledges are refunded through the payment provider")
    now = timezone.now()
    with transaction.atomic():
        # The audit fields are the single-use guard (one conditional UPDATE lets one of several clicks through).
        guarded = Pledge.objects.filter(
            pk=pledge.pk, refund_requested_at__isnull=True, state__in=(PledgeState.PAID, PledgeState.DISPUTED)
        ).update(refund_requested_at=now, refund_requested_by=user, refund_reason=reason)
        if guarded != 1:
            return False
        pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
        pledge.state = PledgeState.REFUNDED
        pledge.refunded_cents = pledge.amount_cents
        pledge.save(update_fields=["state", "refunded_cents", "updated_at"])
        stock.release(pledge)
        void_vouchers_for(pledge)
        if pledge.email:
            notify_refunded(pledge)
        transaction.on_commit(lambda: signals.pledge_refunded.send(sender=Pledge, pledge=pledge))
    return True
