"""Claim letters: personal codes for imported (or any unclaimed) listings, printed and sent by post.

A code is 12 characters of Crockford's base 32 (60 random bits, shown as XXXX-XXXX-XXXX); only its SHA-256 is
stored. Look-ups of codes are rate-limited per client, so the code space cannot be searched. Possession of the
letter shows the editors that the claimant received mail at the business's address; they still decide the claim.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from directory.models import BusinessOwner

from .models import ClaimLetter, hash_token


class LetterUsed(Exception):
    """The letter was used (or revoked, or expired) between the check and the claim."""


ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
CODE_LENGTH = 12
_READ_AS = {"O": "0", "I": "1", "L": "1"}


def valid_days():
    return int(getattr(settings, "OWNERS_CLAIM_LETTER_VALID_DAYS", 90))


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise(code):
    """What a person typed (spaces, dashes, lower case, O for 0) as the canonical code, or "" if it cannot be one."""
    text = "".join(ch for ch in str(code or "").upper() if ch not in " -\t")
    text = "".join(_READ_AS.get(ch, ch) for ch in text)
    if len(text) != CODE_LENGTH or any(ch not in ALPHABET for ch in text):
        return ""
    return text


def display(code):
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def claim_url(code):
    return settings.BASE_URL.rstrip("/") + reverse("owners:claim_letter", args=[code])


def letter_for_code(code):
    """The ClaimLetter for a code (used, revoked and expired ones too), or None."""
    code = normalise(code)
    if not code:
        return None
    return ClaimLetter.objects.select_related("business").filter(code_hash=hash_token(code)).first()


@transaction.atomic
def create_letters(businesses, user=None):
    """A fresh code for each business without an owner; earlier unused letters of those businesses stop working.
    Returns [(business, code, letter)] in the given order; businesses with an owner are left out."""
    owned = set(BusinessOwner.objects.filter(business__in=businesses).values_list("business_id", flat=True))
    targets = [b for b in businesses if b.pk not in owned]
    now = timezone.now()
    ClaimLetter.objects.filter(business__in=targets, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    result = []
    expires = now + dt.timedelta(days=valid_days())
    for business in targets:
        code = new_code()
        letter = ClaimLetter.objects.create(
            business=business, code_hash=hash_token(code), created_by=user, expires_at=expires
        )
        result.append((business, code, letter))
    return result


def consume(letter, user):
    """Mark the letter as used with one conditional UPDATE; True only for the one request that wins."""
    now = timezone.now()
    return bool(
        ClaimLetter.objects.filter(
            pk=letter.pk, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        ).update(used_at=now, used_by=user)
    )
