"""A citizen asks a business to run a campaign of its own."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalState(models.TextChoices):
    PENDING = "pending", _("Waiting for the owner")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class CampaignProposal(models.Model):
    """A citizen asks a business to run a campaign. Only an owner of the business can turn it into a campaign
    (which then goes through the editors' moderation like any owner's campaign); the initiator never gets any right
    on the business or its data."""

    business = models.ForeignKey(
        "directory.BusinessPage", verbose_name=_("business"), on_delete=models.CASCADE, related_name="+"
    )
    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("initiator"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=120)
    story = models.TextField(_("story"), max_length=2000)
    goal_cents = models.PositiveIntegerField(_("goal (cents)"))
    duration_days = models.PositiveSmallIntegerField(_("duration (days)"))
    state = models.CharField(
        _("state"), max_length=10, choices=ProposalState.choices, default=ProposalState.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    campaign = models.ForeignKey(
        "fundraising.CampaignPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("campaign proposal")
        verbose_name_plural = _("campaign proposals")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["business"],
                condition=models.Q(state="pending"),
                name="collective_one_pending_proposal_per_business",
            )
        ]

    def __str__(self):
        return self.title
