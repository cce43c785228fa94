"""Demo data: the collective campaigns index and a club's campaign for one district's gastronomy (started, so its
beneficiaries are frozen). City facts come from the directory's demo data (the district with the most restaurants),
never from code. Idempotent: looks pages up by slug."""

import datetime
import io
import random
import secrets

from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db.models import Count
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Site

from directory.demo import illustration_jpeg
from directory.models import BusinessOwner, BusinessPage, Category, District
from fundraising.legal import payment_class_snapshot
from fundraising.models import CampaignState, Pledge, PledgeState, Voucher
from fundraising.notifications import muted
from fundraising.payments import use_gateway
from fundraising.payments.demo_gateway import DemoGateway
from fundraising.vouchers import redeem

from .beneficiaries import freeze
from .models import (
    CampaignProposal,
    CollectiveCampaignIndexPage,
    CollectiveCampaignPage,
    CollectiveReward,
    FrozenBeneficiary,
    ListedBusiness,
    ProposalState,
)
from .payouts import record_manual_payout, transfer_open_amounts
from .proposals import has_open_campaign
from .shares import ledger

INDEX_SLUG = "sammelaktionen"
CLUB_SLUG = "fans-fuer-die-gastronomie"
ENDED_SLUG = "gemeinsam-durch-den-winter"
INITIATOR = "verein@example.org"
CATEGORY_SLUGS = ["gastronomie", "cafe-baeckerei"]  # from the city data file; falls back to the first category


# The campaigns' hero pictures: drawn at seed time from the installed illustration set (directory.illustrations),
# nothing downloaded. slug -> (illustration key, colour, alt text).
PICTURES = {
    CLUB_SLUG: ("fans", "#b45309", "Illustration: Hände, die sich halten, umgeben von Fußball, Besteck und Bierglas"),
    ENDED_SLUG: ("winter", "#0369a1", "Illustration: Hände, die sich halten, umgeben von Schneeflocken und Läden"),
}


def _picture(page):
    """Set a demo campaign's hero picture (drawn once, then reused by its title); returns whether it changed. Called
    for a new campaign and for an existing one that has none."""
    key, colour, alt = PICTURES[page.slug]
    image_model = get_image_model()
    title = f"Bild {page.title}"
    image = image_model.objects.filter(title=title).first()
    if image is None:
        data = illustration_jpeg(key, colour, random.Random(f"collective:{page.slug}"))
        if not data:
            return False
        image = image_model(title=title, description=alt, file=ImageFile(io.BytesIO(data), name=f"{page.slug}.jpg"))
        image.save()
    elif page.image_id == image.pk:
        return False
    page.image = image
    return True


def _initiator(ctx):
    User = get_user_model()
    user = User.objects.filter(email__iexact=INITIATOR).first()
    if user is None:
        user = User.objects.create_user(username="verein-demo", email=INITIATOR, password=ctx.password)
    EmailAddress.objects.update_or_create(user=user, email=INITIATOR, defaults={"verified": True, "primary": True})
    return user


def _index(ctx):
    index = CollectiveCampaignIndexPage.objects.first()
    if index is not None:
        return index
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page if site else None
    if home is None:
        return None
    index = CollectiveCampaignIndexPage(
        title="Sammelaktionen",
        slug=INDEX_SLUG,
        show_in_menus=True,
        intro=(
            "<p>Gemeinsam für viele: Vereine, Initiativen und Bürger*innen sammeln für eine ganze Gruppe "
            "von Unternehmen.</p>"
        ),
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    ctx.log("collective: created the campaigns index")
    return index


CITIZEN = "fan@example.org"


def _citizen_proposal(ctx):
    """A citizen's proposal for an owned business without a campaign, waiting for the owner's answer."""

    User = get_user_model()
    citizen = User.objects.filter(email__iexact=CITIZEN).first()
    if citizen is None:
        citizen = User.objects.create_user(username="fan-demo", email=CITIZEN, password=ctx.password)
    EmailAddress.objects.update_or_create(user=citizen, email=CITIZEN, defaults={"verified": True, "primary": True})
    ctx.accounts.append(("citizen (campaign proposal)", CITIZEN))
    if CampaignProposal.objects.filter(initiator=citizen).exists():
        return
    for link in BusinessOwner.objects.select_related("business").order_by("pk"):
        business = link.business
        if not business.live or has_open_campaign(business):
            continue
        if CampaignProposal.objects.filter(business=business, state=ProposalState.PENDING).exists():
            continue
        CampaignProposal.objects.create(
            business=business,
            initiator=citizen,
            title=f"Wir stehen hinter {business.title}",
            story="Hier treffen wir uns seit Jahren. Jetzt braucht das Team uns – machen Sie mit!",
            goal_cents=300_000,
            duration_days=30,
        )
        ctx.log(f"collective: a citizen's proposal for {business.title} waits for the owner")
        return
    ctx.log("collective: no owned business without a campaign for the citizen's proposal")


def _rewards(page):

    if CollectiveReward.objects.filter(page=page).exists():
        return False
    for n, (title, cents) in enumerate([("Stadtgutschein 20 €", 2000), ("Stadtgutschein 50 €", 5000)]):
        CollectiveReward.objects.create(
            page=page,
            sort_order=n,
            title=title,
            description="Einlösbar in jedem teilnehmenden Betrieb, auch in Teilen.",
            min_pledge_cents=cents,
            voucher_value_cents=cents,
        )
    return True


def _pledges(ctx, page, count=24):
    """Supporters pay through the real checkout and webhook code (demo gateway); one is refunded and two city-wide
    vouchers are used in two different restaurants, so the live shares and the report show every kind of booking."""

    if Pledge.objects.filter(target=page).exists():
        return
    rng = ctx.rng
    rewards = list(page.rewards.all())
    gateway = DemoGateway()
    names = ["Anna K.", "Ben S.", "Clara Y.", "Deniz N.", "Emil W.", "Fatma H.", "Greta K.", "Hakan S.", ""]
    with muted(), use_gateway(gateway):
        for n in range(count):
            amount = rng.choice([1000, 2000, 2000, 2500, 5000, 5000, 10000, 25000])
            reward = rng.choice([None, None] + [r for r in rewards if r.min_pledge_cents <= amount])
            display = rng.choice(names)
            pledge = Pledge.objects.create(
                target=page,
                reward_title=reward.title if reward else "",
                reward_kind=reward.kind if reward else "",
                voucher_value_cents=reward.voucher_value_cents if reward else None,
                **payment_class_snapshot(reward),
                amount_cents=amount,
                name=display or "Anonym",
                email=f"fan{n}.{secrets.token_hex(3)}@example.org",
                display_name=display,
                anonymous=not display,
                message="Borussia verbindet – wir auch!" if n % 5 == 0 else "",
                message_approved=n % 5 == 0,
                language="de",
            )
            result = gateway.create_checkout(pledge, "http://localhost/danke/", "http://localhost/abgebrochen/")
            Pledge.objects.filter(pk=pledge.pk).update(stripe_session_id=result.session_id)
            gateway.pay(pledge.demo_sessions.get())
        refunded = Pledge.objects.filter(target=page, state=PledgeState.PAID, vouchers__isnull=True).first()
        if refunded is not None:
            gateway.refund(refunded)
        shops = list(FrozenBeneficiary.objects.filter(campaign=page).select_related("business")[:2])
        vouchers = list(Voucher.objects.filter(scope=page, state="active").order_by("pk")[:2])
        for shop, voucher in zip(shops, vouchers, strict=False):
            redeem(voucher.pk, shop.business, voucher.face_value_cents // 2, None)
    ctx.log(f"collective: {count} pledges to “{page.title}”, one refunded, two city-wide vouchers used")


def _ended_campaign(ctx, index, user):
    """A campaign that ended last week, weighted by the editors' factors, with its final report and payouts: a
    Stripe Connect transfer to the businesses with a (demo) connected account, a recorded bank transfer to one
    without. Shows the editors' end of the story."""

    if CollectiveCampaignPage.objects.filter(slug=ENDED_SLUG).exists():
        return
    # reason: payouts is an optional sub-app; only this demo needs it
    from fundraising.payouts.models import ConnectedAccount

    connected = list(
        BusinessPage.objects.live().filter(pk__in=ConnectedAccount.objects.values("business_id")).order_by("path")[:2]
    )
    others = list(BusinessPage.objects.live().exclude(pk__in=[b.pk for b in connected]).order_by("path")[:3])
    businesses = connected + others
    if len(businesses) < 2:
        return
    today = timezone.localdate()
    page = CollectiveCampaignPage(
        title="Gemeinsam durch den Winter",
        slug=ENDED_SLUG,
        story="<p>Eine Sammelaktion der Stadtgesellschaft für Betriebe, die der Winter besonders hart traf.</p>",
        goal_cents=500_000,
        start_date=today - datetime.timedelta(days=40),
        end_date=today - datetime.timedelta(days=7),
        initiator=user,
        club_name="Bürgerverein Innenstadt e. V.",
        distribution="weighted",
    )
    _picture(page)
    index.add_child(instance=page)
    for n, business in enumerate(businesses):
        ListedBusiness.objects.create(page=page, business=business, weight=n % 3 + 1, sort_order=n)
    _rewards(page)
    page.save()
    page.save_revision(user=user).publish()
    page.refresh_from_db()
    if page.frozen_at is None:
        freeze(page)
    _pledges(ctx, page, count=18)
    if page.state_for(0) == CampaignState.ENDED:
        transfer_open_amounts(page, None)
        accounts = ledger(page, with_payouts=True)
        unpaid = next((row for row in accounts.rows if row.open_cents), None)
        if unpaid is not None:
            record_manual_payout(page, unpaid.business_id, unpaid.open_cents, "Überweisung Demo-Daten", None)
    ctx.log(f"collective: ended campaign “{page.title}” with its final report and payouts")


def seed(ctx):
    index = _index(ctx)
    if index is None:
        ctx.log("collective: no home page, skipped")
        return
    user = _initiator(ctx)
    ctx.accounts.append(("collective campaign initiator", INITIATOR))
    _citizen_proposal(ctx)
    _ended_campaign(ctx, index, user)
    existing = CollectiveCampaignPage.objects.filter(slug=CLUB_SLUG).first()
    if existing is not None:
        changed = _rewards(existing)
        if existing.image_id is None:
            changed = _picture(existing) or changed  # demo databases seeded before the campaign had a picture
        if changed:
            existing.save_revision().publish()  # the rewards and the picture become part of the page's content
        if existing.is_frozen:
            _pledges(ctx, existing)
        return
    categories = list(Category.objects.filter(slug__in=CATEGORY_SLUGS)) or list(
        Category.objects.order_by("sort_order")[:1]
    )
    if not categories:
        ctx.log("collective: no categories, skipped")
        return
    counts = (
        BusinessPage.objects.live()
        .filter(categories__in=categories)
        .values("district_id")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "district_id")
    )
    if not counts:
        ctx.log("collective: no businesses in the category, skipped")
        return
    district = District.objects.get(pk=counts[0]["district_id"])
    today = timezone.localdate()
    page = CollectiveCampaignPage(
        title=f"Fans für die Gastronomie in {district.name}",
        slug=CLUB_SLUG,
        story=(
            "<p>Unser Verein steht hinter den Wirtinnen und Wirten im Viertel. Jeder Euro wird gleichmäßig auf alle "
            "teilnehmenden Betriebe verteilt – nachvollziehbar auf den Cent.</p>"
        ),
        goal_cents=2_500_000,
        start_date=today - datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=27),
        initiator=user,
        club_name="Fanclub Schwarz-Gelb 1909 e. V.",
    )
    _picture(page)
    index.add_child(instance=page)
    page.rule_categories.set(categories)
    page.rule_districts.set([district])
    page.save()
    _rewards(page)
    page.save_revision(user=user).publish()  # publishing a started campaign freezes its beneficiaries
    page.refresh_from_db()
    if page.frozen_at is None:
        freeze(page)
    ctx.log(f"collective: created “{page.title}” ({page.frozen_beneficiaries.count()} beneficiaries)")
    _pledges(ctx, page)
