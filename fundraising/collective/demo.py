"""Demo data: the collective campaigns index and a club's campaign for one district's gastronomy (started, so its
beneficiaries are frozen). City facts come from the directory's demo data (the district with the most restaurants),
never from code. Idempotent: looks pages up by slug."""

import datetime

from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from directory.models import BusinessPage, Category, District
from home.models import HomePage

from .beneficiaries import freeze
from .models import CollectiveCampaignIndexPage, CollectiveCampaignPage

INDEX_SLUG = "sammelaktionen"
CLUB_SLUG = "fans-fuer-die-gastronomie"
INITIATOR = "verein@example.org"
CATEGORY_SLUGS = ["gastronomie", "cafe-baeckerei"]  # from the city data file; falls back to the first category


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
    home = HomePage.objects.first()
    if home is None:
        return None
    index = CollectiveCampaignIndexPage(
        title="Sammelaktionen",
        slug=INDEX_SLUG,
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
    from directory.models import BusinessOwner

    from .models import CampaignProposal, ProposalState
    from .proposals import has_open_campaign

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


def seed(ctx):
    index = _index(ctx)
    if index is None:
        ctx.log("collective: no home page, skipped")
        return
    user = _initiator(ctx)
    ctx.accounts.append(("collective campaign initiator", INITIATOR))
    _citizen_proposal(ctx)
    if CollectiveCampaignPage.objects.filter(slug=CLUB_SLUG).exists():
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
    index.add_child(instance=page)
    page.rule_categories.set(categories)
    page.rule_districts.set([district])
    page.save()
    page.save_revision(user=user).publish()  # publishing a started campaign freezes its beneficiaries
    page.refresh_from_db()
    if page.frozen_at is None:
        freeze(page)
    ctx.log(f"collective: created “{page.title}” ({page.frozen_beneficiaries.count()} beneficiaries)")
