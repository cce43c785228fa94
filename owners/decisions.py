"""Editor decisions outside the page workflow: claims and citizens' suggestions."""

import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from directory.models import BusinessPage, District

from .groups import grant_ownership
from .models import Claim, OwnerProfile, Status, Suggestion, SuggestionStatus
from .notifications import notify_user, page_context
from .services import directory_index, unique_slug


@transaction.atomic
def decide_claim(claim, approve, editor, note=""):
    """Approve (grant ownership) or reject a pending claim once; False if it was already decided."""
    updated = Claim.objects.filter(pk=claim.pk, status=Status.PENDING).update(
        status=Status.APPROVED if approve else Status.REJECTED,
        decided_by=editor,
        decided_at=timezone.now(),
        decision_note=note,
    )
    if not updated:
        return False
    claim.refresh_from_db()
    business = claim.business.specific
    if approve:
        grant_ownership(business, claim.user)
        OwnerProfile.for_user(claim.user)
    notify_user(claim.user, "claim_approved" if approve else "claim_rejected", {**page_context(business), "note": note})
    return True


def _nearest_district(lat, lng):
    districts = list(District.objects.all())
    if not districts:
        return None
    if lat is None:
        return districts[0]
    return min(districts, key=lambda d: (d.center_lat - lat) ** 2 + (d.center_lng - lng) ** 2)


@transaction.atomic
def create_draft_listing(suggestion, editor):
    """Turn a suggestion into a draft BusinessPage for the editors to complete; idempotent."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.business_id:
        return suggestion.business.specific
    parent = directory_index()
    district = suggestion.district or _nearest_district(suggestion.lat, suggestion.lng)
    if district is None:
        raise ValueError("no districts")
    lat, lng = (
        (suggestion.lat, suggestion.lng)
        if suggestion.lat is not None
        else (
            district.center_lat,
            district.center_lng,
        )
    )
    postcode = re.search(r"\b\d{5}\b", suggestion.address or "")
    page = BusinessPage(
        title=suggestion.name,
        slug=unique_slug(parent, suggestion.name),
        live=False,
        owner=editor,
        short_description=suggestion.reason[:200],
        district=district,
        street=(suggestion.address or "?")[:120],
        postcode=postcode.group(0) if postcode else "?",
        city=settings.CITY_NAME,
        location=f"SRID=4326;POINT({lng:.6f} {lat:.6f})",
    )
    parent.add_child(instance=page)
    page.save_revision(user=editor, log_action=True)
    suggestion.status = SuggestionStatus.CONVERTED
    suggestion.business = page
    suggestion.save(update_fields=["status", "business"])
    return page


def discard_suggestion(suggestion):
    return Suggestion.objects.filter(pk=suggestion.pk, status=SuggestionStatus.NEW).update(
        status=SuggestionStatus.DISCARDED
    )
