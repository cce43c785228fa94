"""What the paid pledges of one pledge target add up to, kept in the transaction of every change of a pledge.

`fundraising.totals` writes the rows; progress bars, campaign summaries and the map read them instead of
aggregating pledges. `manage.py verify_campaign_totals [--repair]` recomputes them from the pledges.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignTotals(models.Model):
    """Paid pledges of one pledge target (a campaign page of any registered pledge target type)."""

    # Rewritten with every payment: Wagtail's reference index (admin "usage") would cost a write per change.
    wagtail_reference_index_ignore = True

    target = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("campaign"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="pledge_totals",
    )
    raised_cents = models.BigIntegerField(_("raised (cents)"), default=0)
    supporters = models.PositiveIntegerField(_("supporters"), default=0)

    class Meta:
        verbose_name = _("campaign totals")
        verbose_name_plural = _("campaign totals")

    def __str__(self):
        return f"{self.target_id}: {self.raised_cents} ct, {self.supporters}"
