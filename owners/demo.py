"""Demo data of the owners app: owner accounts for some businesses, a pending registration, a pending change,
a rejected change, a claim and a suggestion. Idempotent: accounts by email, pages by slug, rows by natural keys.

Runs after directory.demo; without a directory or businesses it only creates what does not need them.
"""

from pathlib import Path

from allauth.account.models import EmailAddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import WorkflowState

from directory.models import BusinessOwner, BusinessPage, Category, DirectoryIndexPage, District, ListingSource

from .claim_letter_pdf import build_pdf
from .claim_letters import claim_url, create_letters
from .groups import grant_ownership
from .models import Claim, ClaimLetter, OwnerProfile, Suggestion
from .moderation import submit_for_moderation
from .services import open_workflow_state, unique_slug

OWNERS = [
    ("inhaberin@example.org", "Olga", "Owner", True),
    ("inhaber@example.org", "Omar", "Owner", False),
    ("neu-inhaberin@example.org", "Nina", "Neu", False),
]
CLAIMANT = "anspruch@example.org"
PENDING_SLUG = "demo-neuanmeldung-kiosk"


def _user(ctx, email, first_name, last_name):
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            username=email.split("@")[0],
            email=email,
            password=ctx.password,
            first_name=first_name,
            last_name=last_name,
        )
        ctx.log(f"owners: created account {email}")
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _editor():
    group = Group.objects.filter(name="Redaktion").first()
    return group.user_set.order_by("pk").first() if group else None


def seed(ctx):
    users = {}
    for email, first, last, trusted in OWNERS:
        users[email] = _user(ctx, email, first, last)
        OwnerProfile.objects.update_or_create(user=users[email], defaults={"trusted": trusted, "language": "de"})
        ctx.accounts.append(("owner (trusted)" if trusted else "owner", email))

    _suggestion(ctx)
    _claim_letters(ctx)
    businesses = list(BusinessPage.objects.live().order_by("path")[:6])
    if not businesses:
        ctx.log("owners: no businesses yet – skipped ownerships, pending changes and claims")
        return

    olga, omar, nina = (users[e] for e, *_ in OWNERS)
    for business in businesses[:2]:
        grant_ownership(business, olga)
    grant_ownership(businesses[2 % len(businesses)], omar)

    # A pending change by Omar (live page unchanged, revision in review).
    omars = businesses[2 % len(businesses)]
    if open_workflow_state(omars) is None:
        draft = omars.get_latest_revision_as_object()
        draft.situation_note = "Ab nächster Woche auch samstags geöffnet."
        submit_for_moderation(draft, omar)
        ctx.log(f"owners: pending change for {omars.title}")

    _pending_registration(ctx, nina)

    # A claim for a business without owners.
    claimant = _user(ctx, CLAIMANT, "Clara", "Claim")
    ctx.accounts.append(("claimant", CLAIMANT))
    unowned = BusinessPage.objects.live().filter(ownerships__isnull=True).order_by("-path").first()
    if unowned and not Claim.objects.filter(user=claimant).exists():
        Claim.objects.create(business=unowned, user=claimant, role="Inhaberin", message="Das ist mein Laden seit 2015.")
        ctx.log(f"owners: claim for {unowned.title}")


def _pending_registration(ctx, user):
    index = DirectoryIndexPage.objects.order_by("path").first()
    district = District.objects.order_by("name").first()
    category = Category.objects.order_by("sort_order", "name").first()
    if not (index and district and category):
        return
    if BusinessPage.objects.filter(slug=PENDING_SLUG).exists():
        return
    page = BusinessPage(
        title="Kiosk am Markt",
        slug=unique_slug(index, PENDING_SLUG),
        live=False,
        owner=user,
        short_description="Zeitungen, Kaffee und Süßes – neu angemeldet, wartet auf die Redaktion.",
        district=district,
        street="Marktplatz 1",
        postcode="00000",
        city=settings.CITY_NAME,
        location=f"SRID=4326;POINT({district.center_lng:.6f} {district.center_lat:.6f})",
    )
    page.categories = [category]
    page.slug = PENDING_SLUG
    index.add_child(instance=page)
    grant_ownership(page, user)
    submit_for_moderation(page, user)
    assert WorkflowState.objects.for_instance(page).filter(status="in_progress").exists()
    ctx.log("owners: pending registration 'Kiosk am Markt'")


def _suggestion(ctx):
    if Suggestion.objects.filter(name="Eiscafé Venezia (Demo)").exists():
        return
    district = District.objects.order_by("name").first()
    Suggestion.objects.create(
        name="Eiscafé Venezia (Demo)",
        address=f"Hauptstraße 12, {settings.CITY_NAME}",
        district=district,
        reason="Das beste Eis im Viertel und immer ein freundliches Wort.",
        contact_name="Paula Passantin",
    )
    ctx.log("owners: suggestion created")


LETTERS_FILE = ".demo-claim-letters.pdf"


def _claim_letters(ctx):
    """Claim letters for the imported businesses without an owner (directory.demo_import), once. The PDF goes to a
    file beside the project (never to media, which is public): the codes in it work."""
    if ClaimLetter.objects.exists():
        return
    imported = (
        BusinessPage.objects.filter(pk__in=ListingSource.objects.values("business_id"))
        .exclude(pk__in=BusinessOwner.objects.values("business_id"))
        .order_by("postcode", "street")
    )
    entries = create_letters(list(imported), _editor())
    if not entries:
        return
    path = Path(settings.BASE_DIR) / LETTERS_FILE
    path.write_bytes(build_pdf(entries))
    ctx.log(f"owners: {len(entries)} claim letters in {path}; try one: {claim_url(entries[0][1])}")
