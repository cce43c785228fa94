"""A business's Stripe connected account and the state Stripe last reported for it (via `account.updated`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fundraising.payouts.requirements import describe_requirements


class AccountStatus(models.TextChoices):
    ONBOARDING = "onboarding", _("Details missing")
    VERIFYING = "verifying", _("Stripe is checking the details")
    RESTRICTED = "restricted", _("Restricted by Stripe")
    CHARGES_ONLY = "charges_only", _("Receiving money, payouts not yet enabled")
    ACTIVE = "active", _("Active")


# Stripe's disabled_reason values (and our "deauthorized") that more details from the owner cannot fix.
RESTRICTED_REASONS = ("rejected", "listed", "platform_paused", "under_review", "deauthorized")


class ConnectedAccount(models.Model):
    business = models.OneToOneField(
        "directory.BusinessPage", verbose_name=_("business"), on_delete=models.PROTECT, related_name="+"
    )
    stripe_account_id = models.CharField(_("Stripe account"), max_length=255, unique=True)
    demo = models.BooleanField(_("demo account"), default=False, help_text=_("Created in demo mode: no real money."))
    charges_enabled = models.BooleanField(_("charges enabled"), default=False)
    payouts_enabled = models.BooleanField(_("payouts enabled"), default=False)
    details_submitted = models.BooleanField(_("details submitted"), default=False)
    currently_due = models.JSONField(_("currently due"), default=list, blank=True)
    past_due = models.JSONField(_("past due"), default=list, blank=True)
    eventually_due = models.JSONField(_("eventually due"), default=list, blank=True)
    pending_verification = models.JSONField(_("pending verification"), default=list, blank=True)
    capabilities = models.JSONField(_("capabilities"), default=dict, blank=True)
    disabled_reason = models.CharField(_("disabled reason"), max_length=100, blank=True)
    current_deadline = models.DateTimeField(_("deadline for missing details"), null=True, blank=True)
    # The `created` time of the newest account.updated event applied: older events arriving late are ignored.
    stripe_updated_at = models.DateTimeField(_("last update from Stripe"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("connected account")
        verbose_name_plural = _("connected accounts")
        ordering = ["business__title"]

    def __str__(self):
        return f"{self.stripe_account_id} ({self.get_status_display()})"

    @property
    def status(self):
        if self.disabled_reason and not self.charges_enabled:
            if self.disabled_reason == "requirements.pending_verification":
                return AccountStatus.VERIFYING
            if self.disabled_reason.startswith(
                ("rejected", "listed", "platform_paused", "under_review", "deauthorized")
            ):
                return AccountStatus.RESTRICTED
            if self.details_submitted and not (self.currently_due or self.past_due):
                return AccountStatus.VERIFYING
            return AccountStatus.ONBOARDING
        if self.charges_enabled and self.payouts_enabled:
            return AccountStatus.ACTIVE
        if self.charges_enabled:
            return AccountStatus.CHARGES_ONLY
        if self.details_submitted and not (self.currently_due or self.past_due):
            return AccountStatus.VERIFYING
        return AccountStatus.ONBOARDING

    def get_status_display(self):
        return AccountStatus(self.status).label

    @property
    def can_receive_transfers(self):
        """Destination charges need the `transfers` capability; only an explicit non-active state counts against."""
        return self.capabilities.get("transfers", "active") == "active"

    @property
    def can_continue_onboarding(self):
        """Whether sending the owner to Stripe again makes sense (something is due, or they never finished)."""
        return bool(self.currently_due or self.past_due or not self.details_submitted)

    @property
    def missing(self):
        return describe_requirements([*self.past_due, *self.currently_due])


class AccountCreation(models.Model):
    """Creating a business's connected account at Stripe, attempt by attempt (`connect.ensure_account`).

    The current attempt's idempotency key (`connect-account-<business>-<attempt>`) is stored before Stripe is
    called. Stripe replays the first answer for a key for 24 hours, errors included: after a definite refusal the
    next click counts the attempt up (one conditional UPDATE, so a double click agrees on one key) and so gets a new
    key; after a lost answer the key stays, and Stripe answers the retry with the account it made, if any.
    """

    business = models.OneToOneField(
        "directory.BusinessPage", verbose_name=_("business"), on_delete=models.CASCADE, related_name="+"
    )
    attempt = models.PositiveIntegerField(_("attempt"), default=1)
    refused = models.BooleanField(_("refused by Stripe"), default=False)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("connected account creation")
        verbose_name_plural = _("connected account creations")

    def __str__(self):
        return f"{self.business_id}: attempt {self.attempt}"

    @property
    def idempotency_key(self):
        return f"connect-account-{self.business_id}-{self.attempt}"
