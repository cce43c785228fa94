"""The business's de-minimis declaration (Regulation (EU) 2023/2831): before it receives the city's match money it
confirms that its de-minimis aid of the last three years stays within the ceiling. Required only when
`PAYOUTS_REQUIRE_DE_MINIMIS_DECLARATION` is on (docs/legal.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeMinimisDeclaration(models.Model):
    business = models.ForeignKey(
        "directory.BusinessPage", verbose_name=_("business"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    other_aid_cents = models.PositiveBigIntegerField(
        _("other de-minimis aid in the last three years (cents)"), default=0
    )
    text_version = models.CharField(_("text version"), max_length=20)
    confirmed_at = models.DateTimeField(_("confirmed"), auto_now_add=True)

    class Meta:
        verbose_name = _("de-minimis declaration")
        verbose_name_plural = _("de-minimis declarations")
        ordering = ["-confirmed_at"]

    def __str__(self):
        return f"{self.business_id} {self.confirmed_at:%Y-%m-%d}"
