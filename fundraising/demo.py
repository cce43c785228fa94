"""Demo data: campaigns in every state, with pledges, supporters and vouchers in every state.

`seed(ctx)` (see docs/DEVELOPING.md) is idempotent: campaigns are looked up by slug under their business, and
pledges are only added to a campaign that has none. The first active campaign also gets monthly support, gifts and
a cash pledge (fundraising.demo_more_ways). Paid pledges go through the real checkout and webhook code
(the demo gateway plus fundraising.webhooks.process_event), so progress, stock and vouchers are consistent.
"""

import datetime
import secrets

from django.utils import timezone

from directory.models import BusinessPage
from fundraising import demo_more_ways, stock
from fundraising.legal import PaymentClass, payment_class_snapshot
from fundraising.models import CampaignPage, Pledge, PledgeState, Reward, RewardKind, Voucher
from fundraising.notifications import muted
from fundraising.payments import use_gateway
from fundraising.payments.demo_gateway import DemoGateway
from fundraising.vouchers import default_valid_until, redeem

SLUG = "aktion"  # glossary: Aktion, never "Spende" (migration fundraising 0017 renamed the old "spendenaktion")
FIRST = [
    "Anna",
    "Ben",
    "Clara",
    "Deniz",
    "Emil",
    "Fatma",
    "Greta",
    "Hakan",
    "Ida",
    "Jonas",
    "Lea",
    "Mehmet",
    "Nina",
    "Ole",
    "Paula",
    "Rosa",
    "Sami",
    "Tom",
    "Ulla",
    "Yusuf",
]
LAST = ["Becker", "Schmidt", "Yılmaz", "Nowak", "Wagner", "Hoffmann", "Kaya", "Schulz", "Krüger", "Lange"]
MESSAGES = [
    "Wir kommen wieder, sobald es geht!",
    "Haltet durch!",
    "Bester Kaffee im Viertel.",
    "Alles Gute euch!",
    "Für unseren Lieblingsladen.",
    "",
]

# (state, goal €, start offset days, duration days, number of pledges, extra)
PLAN = [
    ("active", 3000, -10, 30, 14, {}),
    ("active", 5000, -3, 30, 6, {}),
    ("active", 2000, -20, 30, 9, {"limited": True}),
    ("goal_reached", 1000, -15, 30, 16, {}),
    ("upcoming", 2500, 5, 30, 0, {}),
    ("ended", 4000, -60, 30, 12, {}),
    ("ended_early", 3000, -12, 30, 4, {}),
    ("awaiting_approval", 2000, 0, 30, 0, {}),
]


def seed(ctx):
    businesses = list(BusinessPage.objects.live().order_by("path")[: len(PLAN) * 3 : 3])
    if len(businesses) < len(PLAN):
        ctx.log(f"fundraising: only {len(businesses)} businesses, seeding {len(businesses)} campaigns")
    today = timezone.localdate()
    created = 0
    first_active = None
    # Demo mails go nowhere; the real flow still renders them.
    with muted(), use_gateway(DemoGateway()):
        for business, (state, goal, start_offset, days, count, extra) in zip(businesses, PLAN, strict=False):
            campaign = CampaignPage.objects.child_of(business).filter(slug=SLUG).first()
            if campaign is None:
                campaign = _campaign(business, state, goal, today + datetime.timedelta(days=start_offset), days, extra)
                created += 1
            if count and not Pledge.objects.filter(campaign=campaign).exists():
                _pledges(ctx, campaign, count, state)
            if state == "ended_early" and not campaign.ended_early_at:
                CampaignPage.objects.filter(pk=campaign.pk).update(ended_early_at=timezone.now())
            if state == "active" and first_active is None:
                first_active = campaign
        _voucher_states(ctx)
        if first_active is not None:
            demo_more_ways.seed(ctx, first_active, DemoGateway())
    ctx.log(
        f"fundraising: {created} campaigns created, {Pledge.objects.count()} pledges, "
        f"{Voucher.objects.count()} vouchers"
    )


def _campaign(business, state, goal, start, days, extra):
    rewards = [
        Reward(
            title="Gutschein über 12 €",
            description="Heute 10 € zahlen, später für 12 € einkaufen.",
            min_pledge_cents=1000,
            kind=RewardKind.VOUCHER,
            voucher_value_cents=1200,
        ),
        Reward(
            title="Gutschein über 30 €",
            description="Heute 25 € zahlen, später für 30 € einkaufen.",
            min_pledge_cents=2500,
            kind=RewardKind.VOUCHER,
            voucher_value_cents=3000,
            quantity_limit=5 if extra.get("limited") else None,
        ),
        Reward(
            title="Gutschein über 60 €",
            description="Heute 50 € zahlen, später für 60 € einkaufen.",
            min_pledge_cents=5000,
            kind=RewardKind.VOUCHER,
            voucher_value_cents=6000,
        ),
        Reward(
            title="Kaffee mit dem Team",
            description="Wir laden Sie ein, sobald wir wieder öffnen.",
            min_pledge_cents=10000,
            kind=RewardKind.OTHER,
            payment_class=PaymentClass.SUPPORT,
            quantity_limit=10,
        ),
    ]
    campaign = CampaignPage(
        title=f"Wir stehen hinter {business.title}",
        slug=SLUG,
        story=(
            f"<p>{business.title} musste wegen der Krise schließen. Mit Ihrer Unterstützung zahlen wir Miete und "
            "Löhne weiter, bis wir wieder öffnen dürfen.</p><p>Jeder Euro hilft – und als Dank gibt es Gutscheine, "
            "die Sie später bei uns einlösen.</p>"
        ),
        goal_cents=goal * 100,
        start_date=start,
        end_date=start + datetime.timedelta(days=days),
        live=state != "awaiting_approval",
        rewards=rewards,
    )
    business.add_child(instance=campaign)
    revision = campaign.save_revision()
    if state != "awaiting_approval":
        revision.publish()
    # The "awaiting approval" campaign stays an unpublished draft; in real life an owner's submission starts the
    # editorial workflow (commons.moderation.submit_for_moderation).
    return CampaignPage.objects.get(pk=campaign.pk)


def _pledges(ctx, campaign, count, state):
    rng = ctx.rng
    rewards = list(campaign.rewards.all())
    gateway = DemoGateway()
    raised = 0
    for n in range(count):
        amount = rng.choice([1000, 1500, 2500, 2500, 5000, 5000, 10000])
        if state == "goal_reached" and n == count - 1:
            amount = max(amount, campaign.goal_cents - raised)
        reward = rng.choice([None] + [r for r in rewards if r.min_pledge_cents <= amount])
        if reward and not stock.claim(reward):
            reward = None
        first, last = rng.choice(FIRST), rng.choice(LAST)
        anonymous = rng.random() < 0.25
        message = rng.choice(MESSAGES)
        pledge = Pledge.objects.create(
            campaign=campaign,
            business_id=campaign.business_page_id,
            reward=reward,
            reward_title=reward.title if reward else "",
            reward_kind=reward.kind if reward else "",
            voucher_value_cents=reward.voucher_value_cents if reward else None,
            **payment_class_snapshot(reward),
            reward_reserved=bool(reward and reward.quantity_limit is not None),
            amount_cents=amount,
            name=f"{first} {last}",
            email=f"{first.lower()}.{secrets.token_hex(3)}@example.org",
            display_name="" if anonymous else f"{first} {last[0]}.",
            anonymous=anonymous,
            message=message,
            message_approved=bool(message) and rng.random() < 0.8,
            language="de",
        )
        result = gateway.create_checkout(pledge, "http://localhost/danke/", "http://localhost/abgebrochen/")
        Pledge.objects.filter(pk=pledge.pk).update(stripe_session_id=result.session_id)
        session = pledge.demo_sessions.get()
        if n == count - 1 and state not in ("goal_reached",):
            continue  # one pledge left pending (checkout not finished)
        gateway.pay(session)
        raised += amount
    # Backdate payments across the campaign period so lists look lived-in.
    for pledge in Pledge.objects.filter(campaign=campaign, state=PledgeState.PAID):
        days_ago = rng.randint(0, max(0, (timezone.localdate() - campaign.start_date).days))
        Pledge.objects.filter(pk=pledge.pk).update(paid_at=timezone.now() - datetime.timedelta(days=days_ago))


def _voucher_states(ctx):
    """Make sure vouchers exist in every state: partly and fully redeemed, void, disputed, expired."""
    vouchers = list(Voucher.objects.filter(state="active", dispute_open=False, business__isnull=False).order_by("pk"))
    if Voucher.objects.filter(redemptions__isnull=False, business__isnull=False).exists() or len(vouchers) < 6:
        return
    owner = None
    partly, fully, void, disputed, expired = vouchers[:5]
    redeem(partly.pk, partly.business, partly.face_value_cents // 3, owner)
    redeem(fully.pk, fully.business, fully.face_value_cents, owner)
    DemoGateway().refund(void.pledge)
    DemoGateway().open_dispute(disputed.pledge)
    # Expired the lawful way: bought four years ago, valid to the end of the third year after that (never shorter).
    bought = timezone.now() - datetime.timedelta(days=4 * 366)
    Voucher.objects.filter(pk=expired.pk).update(
        issued_at=bought, valid_until=default_valid_until(timezone.localdate(bought))
    )
    Pledge.objects.filter(pk=expired.pledge_id).update(created_at=bought, paid_at=bought)
    ctx.log("fundraising: vouchers partly/fully redeemed, void, disputed and expired")
