"""Where each pledge's money went (recorded when its checkout was created), and manual payouts by the editors."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from commons.money import format_cents


class RoutingMode(models.TextChoices):
    DESTINATION = "destination", _("Directly to the business (Stripe destination charge)")
    PLATFORM = "platform", _("Collected by the platform (paid out manually)")


class PledgeRouting(models.Model):
    pledge = models.OneToOneField(
        "fundraising.Pledge", verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="routing"
    )
    mode = models.CharField(_("payout mode"), max_length=12, choices=RoutingMode.choices)
    stripe_account_id = models.CharField(_("Stripe account"), max_length=255, blank=True)
    application_fee_cents = models.PositiveIntegerField(_("platform fee (cents)"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("pledge routing")
        verbose_name_plural = _("pledge routings")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(mode="destination") | ~models.Q(stripe_account_id=""),
                name="payouts_routing_destination_has_account",
            )
        ]

    def __str__(self):
        return f"{self.pledge_id}: {self.mode}"


class ManualPayout(models.Model):
    """Money the platform collected and then transferred to the business by hand (bank transfer)."""

    business = models.ForeignKey(
        "directory.BusinessPage", verbose_name=_("business"), on_delete=models.PROTECT, related_name="+"
    )
    amount_cents = models.PositiveIntegerField(
        _("amount (cents)"), validators=[MinValueValidator(1)], help_text=_("In euro cents: 12050 is €120.50.")
    )
    paid_on = models.DateField(_("paid on"), default=timezone.localdate)
    reference = models.CharField(_("reference"), max_length=140, blank=True, help_text=_("e.g. the bank reference."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    panels = [FieldPanel("business"), FieldPanel("amount_cents"), FieldPanel("paid_on"), FieldPanel("reference")]

    class Meta:
        verbose_name = _("manual payout")
        verbose_name_plural = _("manual payouts")
        ordering = ["-paid_on", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount_cents__gt=0), name="payouts_manual_positive")]

    def __str__(self):
        return f"{format_cents(self.amount_cents, decimals=2)} ({self.paid_on})"
