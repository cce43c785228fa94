"""Demo data for the other ways to support: a monthly supporter with two paid months, a delivered gift and one for
a later date, a cash pledge with a reference — through the real flows, once however often the seed runs, and shown
in the editors' lists."""

import random

import pytest

from django.contrib.auth import get_user_model
from django.utils import timezone

from fundraising import demo_more_ways, pledge_kinds
from fundraising.models import Pledge, PledgeGift, PledgeState, StripeEvent, Subscription, SubscriptionState, Voucher
from fundraising.notifications import muted
from fundraising.payments import use_gateway
from fundraising.payments.demo_gateway import DemoGateway
from home.management.commands.seed_demo import DemoContext

pytestmark = pytest.mark.django_db


def run(campaign):
    logs = []
    ctx = DemoContext(rng=random.Random(1), password="pw-Demo-12345", log=logs.append)
    with muted(), use_gateway(DemoGateway()):
        demo_more_ways.seed(ctx, campaign, DemoGateway())
    return logs


def test_demo_creates_each_kind_through_the_real_flows_once(campaign, reward, mailoutbox):
    logs = run(campaign)
    subscription = Subscription.objects.get(email=demo_more_ways.MONTHLY_EMAIL)
    assert subscription.state == SubscriptionState.ACTIVE and subscription.stripe_subscription_id.startswith("sub_demo")
    months = Pledge.objects.filter(subscription=subscription, state=PledgeState.PAID)
    assert months.count() == 2 and all(m.stripe_invoice_id for m in months)
    assert StripeEvent.objects.filter(type="invoice.paid").count() == 2  # signed events, processed by the webhook

    sent = PledgeGift.objects.get(recipient_email=demo_more_ways.GIFT_SENT_EMAIL)
    later = PledgeGift.objects.get(recipient_email=demo_more_ways.GIFT_LATER_EMAIL)
    assert sent.sent_at is not None and sent.deliver_on == timezone.localdate()
    assert later.sent_at is None and later.deliver_on > timezone.localdate()
    for gift in (sent, later):
        assert gift.pledge.state == PledgeState.PAID and Voucher.objects.filter(pledge=gift.pledge).exists()

    cash = Pledge.objects.get(offline_reference=demo_more_ways.CASH_REFERENCE)
    assert cash.payment_method == "cash" and cash.state == PledgeState.PAID and cash.stripe_session_id is None

    kinds = sorted(pledge_kinds.kind_of(p) for p in pledge_kinds.with_kind(Pledge.objects.filter(campaign=campaign)))
    assert kinds == ["gift", "gift", "monthly", "monthly", "offline"]
    campaign.refresh_from_db()
    paid = Pledge.objects.filter(state=PledgeState.PAID).values_list("amount_cents", flat=True)
    assert campaign.progress["raised_cents"] == sum(paid)
    assert logs and mailoutbox == []  # muted: no mail to made-up people

    assert run(campaign) == []  # a second seed adds nothing
    assert Subscription.objects.count() == 1 and PledgeGift.objects.count() == 2
    assert Pledge.objects.filter(campaign=campaign).count() == 5


def test_demo_admin_lists_show_them(client, campaign, reward):
    run(campaign)
    client.force_login(get_user_model().objects.create_superuser("chef", "chef@example.org", "pw-Admin-12345"))
    pledges = client.get("/admin/fundraising/pledges/").content.decode()
    assert "WSH-M-" in pledges and "Geschenk" in pledges and "Offline (Bar)" in pledges
    subscription = Subscription.objects.get()
    monthly = client.get("/admin/fundraising/monthly-support/").content.decode()
    assert subscription.reference in monthly and subscription.reference in pledges  # one reference, both lists
