"""Issuing, voiding and redeeming vouchers. Single-use steps are one conditional UPDATE each."""

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from commons.money import format_cents
from fundraising import signals, targets
from fundraising.codes import generate_code
from fundraising.legal import statutory_valid_until
from fundraising.models import Pledge, Redemption, RewardKind, Voucher, VoucherState


def default_valid_until(purchase_date):
    """German statutory limit: the end of the third year after the year of purchase (fundraising.legal)."""
    return statutory_valid_until(purchase_date)


def issue_vouchers(pledge):
    """Create the voucher for a just-paid pledge. Call inside the fulfilment transaction, once per pledge."""
    if pledge.reward_kind != RewardKind.VOUCHER or not pledge.voucher_value_cents:
        return []
    purchase_date = timezone.localdate(pledge.paid_at or timezone.now())
    # A reward's fixed date never cuts the statutory period short (an old reward, or one edited around the check).
    valid_until = max(pledge.voucher_valid_until or purchase_date, default_valid_until(purchase_date))
    for _attempt in range(8):
        try:
            with transaction.atomic():
                voucher = Voucher.objects.create(
                    code=generate_code(),
                    pledge=pledge,
                    # One business's pledge: valid there. Otherwise valid where the target page's type says.
                    business_id=pledge.business_id,
                    scope_id=None if pledge.business_id else pledge.target_id,
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
    """Vouchers the business may accept: its own, and the scoped vouchers whose target type lists it (e.g. the
    city-wide vouchers of a campaign for a group of businesses that has it among its beneficiaries)."""
    return Voucher.objects.filter(Q(business=business) | targets.voucher_scope_filter(business))


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
        return _("This voucher expired on %(date)s.") % {"date": date_format(voucher.valid_until, "SHORT_DATE_FORMAT")}
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
    # Where the voucher is valid never changes (its business, or its scope's fixed list), so it is
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
        voucher = Voucher.objects.select_related("scope").get(pk=voucher_id)
        if voucher.scope_id:  # the public accounts of the scope page (e.g. a campaign's shares) changed
            scope = voucher.scope.specific
            transaction.on_commit(lambda: signals.campaign_changed.send(sender=type(scope), campaign=scope))
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
