import datetime
from io import StringIO

import pytest

from django.core.management import CommandError, call_command
from django.utils import timezone

from fundraising.factories import PledgeFactory, RewardFactory
from fundraising.models import Pledge, PledgeState, RewardStock, Voucher

from .fakes import event


def run(**kwargs):
    out = StringIO()
    call_command("reconcile_payments", stdout=out, **kwargs)
    return out.getvalue()


def test_reconcile_fulfils_missed_paid_session_once(fake_stripe, reward):
    pledge = PledgeFactory(campaign=reward.page, reward=reward, amount_cents=2500)
    fake_stripe.add_session(pledge)
    output = run(since="3d")
    assert f"pledge {pledge.pk}" in output and "paid" in output
    assert Pledge.objects.get().state == PledgeState.PAID
    assert Voucher.objects.count() == 1
    again = run(since="3d")
    assert "0 change(s)." in again
    assert Voucher.objects.count() == 1


def test_reconcile_processes_undelivered_events(fake_stripe, campaign):
    pledge = PledgeFactory(campaign=campaign, amount_cents=2500)
    session = fake_stripe.add_session(pledge)
    fake_stripe.events = [event("checkout.session.completed", session, event_id="evt_missed")]
    output = run(since="1d")
    assert "evt_missed" in output
    assert Pledge.objects.get().state == PledgeState.PAID


def test_reconcile_expires_lapsed_and_releases_stock(fake_stripe, campaign):
    reward = RewardFactory(page=campaign, quantity_limit=2)
    RewardStock.objects.create(reward=reward, claimed=1)
    lapsed = PledgeFactory(
        campaign=campaign,
        reward=reward,
        reward_reserved=True,
        expires_at=timezone.now() - datetime.timedelta(hours=5),
    )
    fake_stripe.add_session(lapsed, status="open", payment_status="unpaid")
    fresh = PledgeFactory(campaign=campaign, expires_at=timezone.now() + datetime.timedelta(minutes=30))
    output = run(since="3d")
    assert f"pledge {lapsed.pk}: expired" in output
    assert Pledge.objects.get(pk=lapsed.pk).state == PledgeState.EXPIRED
    assert Pledge.objects.get(pk=fresh.pk).state == PledgeState.PENDING
    assert RewardStock.objects.get(reward=reward).claimed == 0


def test_reconcile_expired_session(fake_stripe, campaign):
    pledge = PledgeFactory(campaign=campaign)
    fake_stripe.add_session(pledge, status="expired", payment_status="unpaid")
    run(since="3d")
    assert Pledge.objects.get().state == PledgeState.EXPIRED


@pytest.mark.parametrize("since", ["3", "x", "-3d", "3w"])
def test_reconcile_rejects_bad_since(fake_stripe, since):
    with pytest.raises(CommandError):
        run(since=since)


def test_reconcile_reports_stripe_down(fake_stripe):
    fake_stripe.fail = True
    with pytest.raises(CommandError):
        run(since="1d")
