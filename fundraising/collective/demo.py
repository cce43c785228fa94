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
CATEGORY_SLUG = "gastronomie"


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


def seed(ctx):
    index = _index(ctx)
    if index is None:
        ctx.log("collective: no home page, skipped")
        return
    user = _initiator(ctx)
    ctx.accounts.append(("collective campaign initiator", INITIATOR))
    if CollectiveCampaignPage.objects.filter(slug=CLUB_SLUG).exists():
        return
    category = Category.objects.filter(slug=CATEGORY_SLUG).first() or Category.objects.order_by("sort_order").first()
    if category is None:
        ctx.log("collective: no categories, skipped")
        return
    counts = (
        BusinessPage.objects.live()
        .filter(categories=category)
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
        title=f"Fans für die {category.name} in {district.name}",
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
    page.rule_categories.set([category])
    page.rule_districts.set([district])
    page.save()
    page.save_revision(user=user).publish()  # publishing a started campaign freezes its beneficiaries
    page.refresh_from_db()
    if page.frozen_at is None:
        freeze(page)
    ctx.log(f"collective: created “{page.title}” ({page.frozen_beneficiaries.count()} beneficiaries)")
