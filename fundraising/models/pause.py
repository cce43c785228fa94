"""A city-wide pause of all campaigns (e.g. a second lockdown): while one is open, no page takes pledges and every
campaign page shows the notice. Started and ended only through the editors' crisis action (fundraising.crisis),
which also tells owners and supporters; the rows are the history of pauses."""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

CACHE_KEY = "fundraising:campaign-pause"


class CampaignPause(models.Model):
    notice = models.TextField(_("notice (German)"), max_length=500)
    notice_en = models.TextField(_("notice (English)"), max_length=500, blank=True)
    started_at = models.DateTimeField(_("paused"), auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("paused by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(_("resumed"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resumed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # True while open, NULL afterwards: the unique constraint allows one open pause at a time.
    is_open = models.BooleanField(null=True, default=True, editable=False)

    class Meta:
        verbose_name = _("campaign pause")
        verbose_name_plural = _("campaign pauses")
        ordering = ["-started_at"]
        constraints = [models.UniqueConstraint(fields=["is_open"], name="fundraising_one_open_pause")]

    def __str__(self):
        return f"{self.started_at:%d.%m.%Y}"

    @property
    def display_notice(self):
        if self.notice_en and (get_language() or "de").startswith("en"):
            return self.notice_en
        return self.notice

    @classmethod
    def current(cls):
        """The open pause or None (cached briefly; starting or ending a pause clears it)."""
        value = cache.get(CACHE_KEY)
        if value is None:
            value = cls.objects.filter(is_open=True).first() or 0
            cache.set(CACHE_KEY, value, 30)
        return value or None

    @staticmethod
    def forget():
        cache.delete(CACHE_KEY)
