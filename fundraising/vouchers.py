"""Issuing, voiding and redeeming vouchers. Single-use steps are one conditional UPDATE each."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from commons.money import format_cents
from fundraising import signals
from fundraising.codes import generate_code
from fundraising.models import Pledge, Redemption, RewardKind, Voucher, VoucherState


def default_valid_until(purchase_date):
    """German statutory limit: the end of the third year after the year of purchase."""
    return datetime.date(purchase_date.year + 3, 12, 31)


def issue_vouchers(pledge):
    """Create the voucher for a just-paid pledge. Call inside the fulfilment transaction, once per pledge."""
    if pledge.reward_kind != RewardKind.VOUCHER or not pledge.voucher_value_cents:
        return []
    purchase_date = timezone.localdate(pledge.paid_at or timezone.now())
    valid_until = pledge.voucher_valid_until or default_valid_until(purchase_date)
    for _attempt in range(8):
        try:
            with transaction.atomic():
                voucher = Voucher.objects.create(
                    code=generate_code(),
                    pledge=pledge,
                    business_id=pledge.business_id,
                    collective_id=pledge.collective_id,
                    title=pledge.reward_title,
                    face_value_cents=pledge.voucher_value_cents,
                    balance_cents=pledge.voucher_value_cents,
                    valid_until=valid_until,
                )
            return [voucher]
        except IntegrityError:
            if Voucher.objects.filter(pledge=pledge).exists():
                return []  # issued already: the one-voucher-per-pledge constraint held
            continue  # a code collision (31^11 codes): draw again
    raise RuntimeError("Could not draw a unique voucher code")


def void_vouchers_for(pledge):
    """A refund or lost dispute: unredeemed vouchers become void; partly or fully used ones are flagged."""
    now = timezone.now()
    vouchers = Voucher.objects.filter(pledge=pledge)
    untouched = vouchers.filter(state=VoucherState.ACTIVE, balance_cents=F("face_value_cents")).update(
        state=VoucherState.VOID, voided_at=now, dispute_open=False
    )
    used = vouchers.exclude(state=VoucherState.VOID).update(
        state=VoucherState.VOID, voided_at=now, needs_review=True, dispute_open=False
    )
    return untouched + used


class RedeemError(Exception):
    pass


def valid_at(business):
    """Vouchers the business may accept: its own, and the city-wide vouchers of collective campaigns that have it on
    their frozen list of beneficiaries."""
    return Voucher.objects.filter(Q(business=business) | Q(collective__frozen_beneficiaries__business=business))


def find_for_business(code, business):
    return valid_at(business).filter(code=code).first()


def _accepted_by(voucher, business):
    if voucher.business_id is not None:
        return voucher.business_id == business.pk
    return valid_at(business).filter(pk=voucher.pk).exists()


def check_redeemable(voucher, business, today=None):
    """A clear reason why this voucher cannot be redeemed here, or None."""
    today = today or timezone.localdate()
    if voucher is None or not _accepted_by(voucher, business):
        return _("No voucher of your business has this code.")
    if voucher.state == VoucherState.VOID:
        return _("This voucher is void (the payment was refunded). Do not accept it.")
    if voucher.state == VoucherState.REDEEMED or voucher.balance_cents == 0:
        return _("This voucher has already been redeemed in full.")
    if voucher.dispute_open:
        return _("The payment for this voucher is disputed. Please do not accept it for now.")
    if voucher.valid_until < today:
        return _("This voucher expired on %(date)s.") % {"date": voucher.valid_until.strftime("%d.%m.%Y")}
    if Pledge.objects.filter(pk=voucher.pledge_id).exclude(state="paid").exists():
        return _("The payment for this voucher is not confirmed. Please do not accept it.")
    return None


def redeem(voucher_id, business, amount_cents, user):
    """Take `amount_cents` off the balance with one conditional UPDATE; returns the Redemption, which records the
    business that accepted the voucher (for a city-wide voucher, its share of the collective campaign is booked there).

    Of many parallel attempts, only those the balance covers succeed; the rest raise RedeemError.
    """
    if not isinstance(amount_cents, int) or amount_cents <= 0:
        raise RedeemError(_("Enter an amount above zero."))
    today = timezone.localdate()
    # Where the voucher is valid never changes (its business, or a collective campaign's frozen list), so it is
    # checked once here and the UPDATE below stays on the voucher's own row.
    if not valid_at(business).filter(pk=voucher_id).exists():
        raise RedeemError(_("No voucher of your business has this code."))
    with transaction.atomic():
        updated = Voucher.objects.filter(
            pk=voucher_id,
            state=VoucherState.ACTIVE,
            dispute_open=False,
            valid_until__gte=today,
            balance_cents__gte=amount_cents,
            # No join here (e.g. on the pledge's state): PostgreSQL re-checks only this row's own columns when a
            # concurrent UPDATE commits first. Refunds and disputes are mirrored onto the voucher (state, flag).
        ).update(balance_cents=F("balance_cents") - amount_cents)
        if updated != 1:
            voucher = Voucher.objects.filter(pk=voucher_id).first()
            reason = check_redeemable(voucher, business, today)
            if reason:
                raise RedeemError(reason)
            raise RedeemError(
                _("The amount is more than the remaining balance of %(balance)s.")
                % {"balance": _format(voucher.balance_cents)}
            )
        voucher = Voucher.objects.select_related("collective").get(pk=voucher_id)
        if voucher.collective_id:  # the public accounts of the collective campaign changed
            collective = voucher.collective
            transaction.on_commit(lambda: signals.campaign_changed.send(sender=type(collective), campaign=collective))
        if voucher.balance_cents == 0:
            Voucher.objects.filter(pk=voucher_id, balance_cents=0).update(state=VoucherState.REDEEMED)
        return Redemption.objects.create(
            voucher=voucher,
            business=business,
            amount_cents=amount_cents,
            balance_after_cents=voucher.balance_cents,
            user=user,
        )


def _format(cents):
    return format_cents(cents, decimals=2)
