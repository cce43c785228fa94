"""Stripe promises no order: whatever order {completed, dispute created, dispute closed won/lost, refunded} arrive
in (and twice), the pledge and its voucher end in the state Stripe's records imply."""

import itertools

import pytest

from fundraising import totals
from fundraising.factories import PledgeFactory
from fundraising.models import Pledge, PledgeState, Voucher, VoucherState

from .fakes import charge, event
from .test_webhook import post


def deliver(client, fake, reward, names, dispute_outcome=None):
    """A new pledge; Stripe's record is final (paid; the dispute closed as `dispute_outcome` or still open; refunded
    if named); its events arrive in the order of `names`, then all of them again."""
    pledge = PledgeFactory(campaign=reward.page, reward=reward, amount_cents=2500)
    session = fake.add_session(pledge)
    refunded = "refunded" in names
    dispute = None
    if "created" in names:
        dispute = fake.set_dispute(
            pledge, dispute_outcome or "needs_response", amount_refunded=pledge.amount_cents if refunded else 0
        )
    events = {
        "completed": event("checkout.session.completed", session, event_id=f"evt_c_{pledge.pk}"),
        "created": event("charge.dispute.created", dispute or {}, event_id=f"evt_dc_{pledge.pk}"),
        "closed": event("charge.dispute.closed", dispute or {}, event_id=f"evt_dx_{pledge.pk}"),
        "refunded": event("charge.refunded", charge(pledge), event_id=f"evt_r_{pledge.pk}"),
    }
    for name in [*names, *names]:
        assert post(client, events[name]).status_code == 200, name
    assert totals.differences() == []  # the webhook's additions to the totals match a recount, in every order
    pledge.refresh_from_db()
    return pledge, Voucher.objects.filter(pledge=pledge).first()


def orders(*names):
    return list(itertools.permutations(names))


@pytest.mark.parametrize("order", orders("completed", "created", "closed"))
def test_dispute_won_in_any_order(client, fake_stripe, reward, order):
    pledge, voucher = deliver(client, fake_stripe, reward, order, dispute_outcome="won")
    assert pledge.state == PledgeState.PAID
    assert voucher.state == VoucherState.ACTIVE and not voucher.dispute_open  # redeemable: never blocked


@pytest.mark.parametrize("order", orders("completed", "created", "closed"))
def test_dispute_lost_in_any_order(client, fake_stripe, reward, order):
    pledge, voucher = deliver(client, fake_stripe, reward, order, dispute_outcome="lost")
    assert pledge.state == PledgeState.DISPUTE_LOST
    assert voucher.state == VoucherState.VOID


@pytest.mark.parametrize("order", orders("completed", "created"))
def test_open_dispute_in_any_order(client, fake_stripe, reward, order):
    pledge, voucher = deliver(client, fake_stripe, reward, order)
    assert pledge.state == PledgeState.DISPUTED
    assert voucher.state == VoucherState.ACTIVE and voucher.dispute_open  # not redeemable while open


@pytest.mark.parametrize("order", orders("completed", "refunded"))
def test_refund_in_any_order(client, fake_stripe, reward, order):
    pledge, voucher = deliver(client, fake_stripe, reward, order)
    assert pledge.state == PledgeState.REFUNDED and pledge.refunded_cents == 2500
    assert voucher is None or voucher.state == VoucherState.VOID


@pytest.mark.parametrize("order", orders("completed", "created", "closed", "refunded"))
def test_dispute_won_then_refunded_in_any_order(client, fake_stripe, reward, order):
    pledge, voucher = deliver(client, fake_stripe, reward, order, dispute_outcome="won")
    assert pledge.state == PledgeState.REFUNDED
    assert voucher is None or voucher.state == VoucherState.VOID
    assert Pledge.objects.filter(state=PledgeState.PAID).count() == 0
