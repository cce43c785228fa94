"""Demo data for the other ways to support (issue 22), on the demo's first active campaign: one monthly supporter
with two paid months, a gift voucher for a later date and one already delivered, and a cash pledge recorded in the
shop with a reference.

Each goes through the code the real flows use: monthly support through `subscriptions.create_pending` /
`start_checkout` and the demo gateway's subscribe and next-month buttons (signed webhook events); gifts through a
pending pledge like the pledge form's, `gifts.attach`, the demo checkout and `gifts.deliver`; the cash pledge
through `offline.record`. Idempotent: each is looked up by its demo address or reference first. Called by
fundraising.demo inside its `muted()` and demo-gateway block.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from fundraising import gifts, offline, stock, subscriptions
from fundraising.legal import payment_class_snapshot
from fundraising.models import DemoCheckoutSession, Pledge, PledgeGift, RewardKind, Subscription

MONTHLY_EMAIL = "paula.pate@example.org"
GIFT_LATER_EMAIL = "geschenk.spaeter@example.org"
GIFT_SENT_EMAIL = "geschenk.zugestellt@example.org"
CASH_REFERENCE = "Kassenbeleg 0815"
EDITOR_EMAIL = "redaktion@example.org"  # home.demo's editor, when that generator ran


def seed(ctx, campaign, gateway):
    done = [
        _monthly(campaign, gateway),
        _gift(campaign, gateway, GIFT_SENT_EMAIL, "Ben Becker", 0),
        _gift(campaign, gateway, GIFT_LATER_EMAIL, "Ida Kaya", 21),
        _cash(campaign),
    ]
    if any(done):
        ctx.log(
            f"fundraising: on {campaign.title!r} a monthly supporter (two months), two gift vouchers "
            "(one delivered, one for a later date) and a cash pledge"
        )


def _monthly(campaign, gateway):
    if Subscription.objects.filter(target=campaign, email=MONTHLY_EMAIL).exists():
        return False
    data = {
        "amount_cents": 1500,
        "name": "Paula Pate",
        "email": MONTHLY_EMAIL,
        "display_name": "Paula P.",
        "anonymous": False,
    }
    subscription = subscriptions.create_pending(campaign, data, "de")
    result = subscriptions.start_checkout(subscription, "http://localhost/danke/", "http://localhost/abgebrochen/")
    session = DemoCheckoutSession.objects.get(session_id=result.session_id)
    gateway.subscribe(session)  # checkout completed, first month paid
    session.refresh_from_db()
    gateway.simulate_month(session, paid=True)  # the second month
    return True


def _voucher_reward(campaign):
    return campaign.rewards.filter(kind=RewardKind.VOUCHER).order_by("min_pledge_cents").first()


def _gift(campaign, gateway, recipient_email, recipient_name, days_ahead):
    """A gift bought like the pledge form does it; delivered at once when its date is today (as after a payment)."""
    if PledgeGift.objects.filter(recipient_email=recipient_email, pledge__campaign=campaign).exists():
        return False
    reward = _voucher_reward(campaign)
    if reward is None or not stock.claim(reward):
        return False
    pledge = Pledge.objects.create(
        **campaign.pledge_target_fields(),
        reward=reward,
        reward_title=reward.title,
        reward_kind=reward.kind,
        voucher_value_cents=reward.voucher_value_cents,
        voucher_valid_until=reward.valid_until,
        **payment_class_snapshot(reward),
        reward_reserved=reward.quantity_limit is not None,
        amount_cents=reward.min_pledge_cents,
        name="Greta Hoffmann",
        email=f"greta.{recipient_email}",
        display_name="Greta H.",
        message="Ein Gutschein zum Verschenken.",
        language="de",
    )
    gift = gifts.attach(
        pledge,
        {
            "gift_sender_name": "Greta",
            "gift_recipient_name": recipient_name,
            "gift_recipient_email": recipient_email,
            "gift_message": "Alles Gute – lass es dir schmecken!",
            "gift_deliver_on": timezone.localdate() + datetime.timedelta(days=days_ahead),
        },
    )
    result = gateway.create_checkout(pledge, "http://localhost/danke/", "http://localhost/abgebrochen/")
    Pledge.objects.filter(pk=pledge.pk).update(stripe_session_id=result.session_id)
    gateway.pay(pledge.demo_sessions.get())
    if days_ahead == 0:
        gifts.deliver(gift.pk)  # what the payment's signal does after the commit; here while the mails are muted
    return True


def _cash(campaign):
    if Pledge.objects.filter(campaign=campaign, offline_reference=CASH_REFERENCE).exists():
        return False
    offline.record(
        campaign,
        amount_cents=4000,
        method="cash",
        reference=CASH_REFERENCE,
        user=get_user_model().objects.filter(email=EDITOR_EMAIL).first(),
        name="Ulla Schulz",
        issue_voucher=True,
    )
    return True
