"""Owner-side data that is not part of a page: profiles (trusted flag, language), invitations, claims, suggestions."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commons.languages import language_choices

INVITATION_VALID_DAYS = getattr(settings, "OWNERS_INVITATION_VALID_DAYS", 7)


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class OwnerProfile(models.Model):
    """Per-user settings the editors and the platform need; created on demand."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="owner_profile")
    trusted = models.BooleanField(
        _("trusted"),
        default=False,
        help_text=_("Profile changes of trusted owners are published at once. New campaigns are always moderated."),
    )
    language = models.CharField(_("language"), max_length=8, choices=language_choices, default="de")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("owner profile")
        verbose_name_plural = _("owner profiles")

    def __str__(self):
        return self.user.email or self.user.get_username()

    @classmethod
    def for_user(cls, user):
        profile, _created = cls.objects.get_or_create(user=user)
        return profile


class Invitation(models.Model):
    """An invitation to become co-owner: single-use, expiring; only the token's hash is stored."""

    business = models.ForeignKey("directory.BusinessPage", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("email"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.business}"

    @classmethod
    def create(cls, business, email, invited_by):
        """Create an invitation and return (invitation, token); the token is never stored in clear."""
        token = secrets.token_urlsafe(32)
        invitation = cls.objects.create(
            business=business,
            email=email,
            invited_by=invited_by,
            token_hash=hash_token(token),
            expires_at=timezone.now() + timedelta(days=INVITATION_VALID_DAYS),
        )
        return invitation, token

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    def consume(self, user):
        """Mark as used with one conditional UPDATE; True only for the one request that wins."""
        now = timezone.now()
        updated = Invitation.objects.filter(pk=self.pk, accepted_at__isnull=True, expires_at__gt=now).update(
            accepted_at=now, accepted_by=user
        )
        return updated == 1


class Status(models.TextChoices):
    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class Claim(models.Model):
    """ "This is my business": a user asks the editors for ownership of a listing without owners."""

    business = models.ForeignKey(
        "directory.BusinessPage", verbose_name=_("business"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="business_claims"
    )
    role = models.CharField(_("your role"), max_length=120)
    message = models.TextField(_("message to the editors"), max_length=1000, blank=True)
    phone = models.CharField(_("phone for questions"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    letter = models.ForeignKey(
        "owners.ClaimLetter",
        verbose_name=_("claim letter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Set when the claimant entered the personal code of a letter sent to the business's address."),
    )
    decision_note = models.TextField(_("note to the claimant"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.UniqueConstraint(
                fields=["business", "user"],
                condition=models.Q(status="pending"),
                name="owners_one_pending_claim_per_user",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.business}"


class SuggestionStatus(models.TextChoices):
    NEW = "new", _("new")
    CONVERTED = "converted", _("draft listing created")
    DISCARDED = "discarded", _("discarded")


class Suggestion(models.Model):
    """A citizen's favourite business that is not listed yet."""

    name = models.CharField(_("name of the business"), max_length=120)
    address = models.CharField(_("address"), max_length=200, blank=True)
    district = models.ForeignKey(
        "directory.District", verbose_name=_("district"), on_delete=models.SET_NULL, null=True, blank=True
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    reason = models.TextField(_("why they deserve support"), max_length=1000)
    contact_name = models.CharField(_("your name"), max_length=120, blank=True)
    contact_email = models.EmailField(_("your email"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.NEW
    )
    business = models.ForeignKey(
        "directory.BusinessPage",
        verbose_name=_("draft listing"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")

    def __str__(self):
        return self.name


class ClaimLetter(models.Model):
    """A printed letter with a personal code that lets the recipient claim an (imported) listing.

    Only the code's hash is stored: the code exists on paper and in the PDF the editors printed. The code is
    single-use (consumed with one conditional UPDATE when the claim is sent), expires, and printing a new letter
    for the same business revokes the older ones. The claim itself is decided by the editors as any other claim.
    """

    business = models.ForeignKey(
        "directory.BusinessPage", verbose_name=_("business"), on_delete=models.CASCADE, related_name="+"
    )
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("printed by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("printed"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("used by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("claim letter")
        verbose_name_plural = _("claim letters")

    def __str__(self):
        return f"{self.business} ({self.created_at:%d.%m.%Y})"

    @property
    def is_usable(self):
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()
