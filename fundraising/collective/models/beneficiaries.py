"""Who benefits: the frozen list written at the start, opt-outs before it, and notices sent to owners."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FrozenBeneficiary(models.Model):
    """The final list of beneficiaries, written once when the campaign starts. Never changed afterwards."""

    campaign = models.ForeignKey(
        "collective.CollectiveCampaignPage", on_delete=models.PROTECT, related_name="frozen_beneficiaries"
    )
    business = models.ForeignKey("directory.BusinessPage", on_delete=models.PROTECT, related_name="+")
    business_name = models.CharField(_("business"), max_length=255)
    weight = models.PositiveIntegerField(_("weight"), default=1)
    frozen_at = models.DateTimeField(_("frozen at"), auto_now_add=True)

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["business_name", "business_id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "business"], name="collective_frozen_once"),
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="collective_weight_positive"),
        ]

    def __str__(self):
        return self.business_name


class OptOut(models.Model):
    """A business's owner declined to take part (possible only before the start)."""

    campaign = models.ForeignKey("collective.CollectiveCampaignPage", on_delete=models.CASCADE, related_name="opt_outs")
    business = models.ForeignKey("directory.BusinessPage", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("opt-out")
        verbose_name_plural = _("opt-outs")
        constraints = [models.UniqueConstraint(fields=["campaign", "business"], name="collective_opt_out_once")]

    def __str__(self):
        return f"{self.campaign_id}/{self.business_id}"


class OwnerNotice(models.Model):
    """That the owners of a business were told about a campaign that includes it (each business once)."""

    campaign = models.ForeignKey("collective.CollectiveCampaignPage", on_delete=models.CASCADE, related_name="+")
    business = models.ForeignKey("directory.BusinessPage", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "business"], name="collective_notice_once")]

    def __str__(self):
        return f"{self.campaign_id}/{self.business_id}"
