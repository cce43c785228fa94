"""Money paid to the beneficiaries of a collective campaign."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PayoutMethod(models.TextChoices):
    CONNECT = "connect", _("Stripe Connect transfer")
    MANUAL = "manual", _("Bank transfer by the editors")


class PayoutState(models.TextChoices):
    PENDING = "pending", _("sent to Stripe, not yet confirmed")
    PAID = "paid", _("paid")
    FAILED = "failed", _("failed")


class CollectivePayout(models.Model):
    """Money paid to one beneficiary of a collective campaign (its share and the vouchers it accepted).

    The money of collective pledges is collected on the platform account; at the end the editors pay each
    business what it is due: a Stripe transfer to its connected account, or a bank transfer they record here.
    A Stripe transfer is one attempt with its own idempotency key, stored (pending) before the call
    (`payouts.transfer_open_amounts`); only paid rows count as paid out.
    """

    campaign = models.ForeignKey("collective.CollectiveCampaignPage", on_delete=models.PROTECT, related_name="payouts")
    business = models.ForeignKey("directory.BusinessPage", on_delete=models.PROTECT, related_name="+")
    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    method = models.CharField(_("method"), max_length=10, choices=PayoutMethod.choices)
    state = models.CharField(_("state"), max_length=10, choices=PayoutState.choices, default=PayoutState.PAID)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, blank=True)
    stripe_account_id = models.CharField(_("Stripe account"), max_length=255, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    stripe_transfer_id = models.CharField(_("Stripe transfer"), max_length=255, blank=True)
    reference = models.CharField(_("reference"), max_length=140, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("paid at"), auto_now_add=True)

    class Meta:
        verbose_name = _("collective payout")
        verbose_name_plural = _("collective payouts")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_cents__gt=0), name="collective_payout_positive"),
            models.UniqueConstraint(
                fields=["stripe_transfer_id"],
                condition=~models.Q(stripe_transfer_id=""),
                name="collective_payout_transfer_once",
            ),
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="collective_payout_key_once",
            ),
        ]

    def __str__(self):
        return f"{self.campaign_id}/{self.business_id}: {self.amount_cents}"
