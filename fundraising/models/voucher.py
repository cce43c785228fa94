"""Vouchers issued for paid pledges, and every redemption of them."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fundraising.codes import format_code
from fundraising.legal import short_validity_message, too_short
from fundraising.reward_text import display_title


def new_voucher_token():
    return secrets.token_urlsafe(32)


class VoucherState(models.TextChoices):
    ACTIVE = "active", _("Valid")
    REDEEMED = "redeemed", _("Fully redeemed")
    VOID = "void", _("Void")


class Voucher(models.Model):
    # High-volume records: Wagtail's reference index (admin "usage") would cost a write per save.
    wagtail_reference_index_ignore = True

    code = models.CharField(_("code"), max_length=12, unique=True)
    token = models.CharField(max_length=64, unique=True, default=new_voucher_token, editable=False)
    pledge = models.ForeignKey("fundraising.Pledge", on_delete=models.PROTECT, related_name="vouchers")
    # Where the voucher is valid: in one business, or (scope set) wherever the registered pledge target type of the
    # scope page says, e.g. in every beneficiary of a campaign for a group of businesses (fundraising.targets).
    business = models.ForeignKey(
        "directory.BusinessPage",
        verbose_name=_("business"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("valid in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("reward"), max_length=120)
    face_value_cents = models.PositiveIntegerField(_("face value (cents)"))
    balance_cents = models.PositiveIntegerField(_("balance (cents)"))
    valid_until = models.DateField(_("valid until"))
    state = models.CharField(
        _("state"), max_length=10, choices=VoucherState.choices, default=VoucherState.ACTIVE, db_index=True
    )
    dispute_open = models.BooleanField(_("payment disputed"), default=False)
    needs_review = models.BooleanField(
        _("needs review"), default=False, help_text=_("Refunded after part of it was redeemed.")
    )
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["-issued_at"]
        constraints = [
            # One voucher per pledge (one reward per pledge): a second guard beside the pending->paid UPDATE.
            models.UniqueConstraint(fields=["pledge"], name="one_voucher_per_pledge"),
            models.CheckConstraint(
                condition=models.Q(business__isnull=False, scope__isnull=True)
                | models.Q(business__isnull=True, scope__isnull=False),
                name="voucher_one_scope",
            ),
            models.CheckConstraint(condition=models.Q(balance_cents__gte=0), name="voucher_balance_not_negative"),
            models.CheckConstraint(
                condition=models.Q(balance_cents__lte=models.F("face_value_cents")), name="voucher_balance_le_face"
            ),
        ]

    def __str__(self):
        return self.display_code

    def clean(self):
        super().clean()

        if self.valid_until and self.issued_at:
            issued = timezone.localdate(self.issued_at)
            if too_short(self.valid_until, issued):
                raise ValidationError({"valid_until": short_validity_message(issued)})

    @property
    def display_title(self):
        """The title in the reader's language when the platform generated it ("Gutschein über 12 €")."""

        return display_title(self.title, self.face_value_cents)

    @property
    def display_code(self):
        return format_code(self.code)

    @property
    def is_city_wide(self):
        return self.scope_id is not None

    @property
    def scope_title(self):
        """Where the voucher can be used, for people: the business's name or the title of its scope page."""
        return self.business.title if self.business_id else self.scope.title

    scope_title.fget.short_description = _("valid in")

    @property
    def redeemed_cents(self):
        return self.face_value_cents - self.balance_cents


class Redemption(models.Model):
    # High-volume records: Wagtail's reference index (admin "usage") would cost a write per save.
    wagtail_reference_index_ignore = True

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="redemptions")
    # The shop that accepted it: the voucher's own business, or for a city-wide voucher the beneficiary where it
    # was used (its share is booked there).
    business = models.ForeignKey(
        "directory.BusinessPage",
        verbose_name=_("redeemed at"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    balance_after_cents = models.PositiveIntegerField(_("balance after (cents)"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("redeemed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("redeemed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(amount_cents__gt=0), name="redemption_positive")]
        indexes = [models.Index(fields=["business", "created_at"], name="redemption_business_created")]

    def __str__(self):
        return f"{self.voucher} −{self.amount_cents}"
