"""A business closed for good: each open voucher's holder chooses a refund of the remaining value or an exchange into
a city-wide voucher of the same value, before a deadline (fundraising.closure)."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_offer_token():
    return secrets.token_urlsafe(32)


class ClosureChoice(models.TextChoices):
    REFUND = "refund", _("Refund of the remaining value")
    EXCHANGE = "exchange", _("Exchange into a city-wide voucher")


class ClosureOffer(models.Model):
    # High-volume records: Wagtail's reference index (admin "usage") would cost a write per save.
    wagtail_reference_index_ignore = True

    voucher = models.OneToOneField(
        "fundraising.Voucher", verbose_name=_("voucher"), on_delete=models.PROTECT, related_name="closure_offer"
    )
    business = models.ForeignKey(
        "directory.BusinessPage", verbose_name=_("business"), on_delete=models.PROTECT, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_offer_token, editable=False)
    remaining_cents = models.PositiveIntegerField(_("remaining value (cents)"))
    deadline = models.DateField(_("deadline"))
    exchange_offered = models.BooleanField(_("exchange offered"), default=False)
    created_at = models.DateTimeField(_("offered"), auto_now_add=True)
    choice = models.CharField(_("choice"), max_length=10, choices=ClosureChoice.choices, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    refunded_at = models.DateTimeField(
        _("refund paid"), null=True, blank=True, help_text=_("Set by the editors once the money is sent back.")
    )

    class Meta:
        verbose_name = _("closure offer")
        verbose_name_plural = _("closure offers")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.voucher_id}: {self.choice or '–'}"
