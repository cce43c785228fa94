"""How fresh a listing is: when its owner last confirmed it, when they were last reminded, and whether the business
closed for good. Kept beside the page, not in it: confirming is not an edit, needs no moderation, and page revisions
never change it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class Freshness(models.Model):
    business = models.OneToOneField(
        "directory.BusinessPage",
        verbose_name=_("business"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="freshness",
    )
    confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True, db_index=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    closed_on = models.DateField(
        _("closed for good on"),
        null=True,
        blank=True,
        help_text=_("The business has given up. Counts in the council report's survival figures."),
    )

    class Meta:
        verbose_name = _("listing freshness")
        verbose_name_plural = _("listing freshness")

    def __str__(self):
        return str(self.business_id)


@register_setting(icon="time")
class DirectorySettings(BaseSiteSetting):
    stale_after_days = models.PositiveSmallIntegerField(
        _("listings are outdated after (days)"),
        default=30,
        help_text=_(
            "A listing its owner has not confirmed for this many days is flagged to the editors and marked on its page."
        ),
    )
    reminder_interval_days = models.PositiveSmallIntegerField(
        _("remind owners every (days)"),
        default=14,
        help_text=_("Owners who have not confirmed their listing for this many days get an email (0: never)."),
    )

    panels = [FieldPanel("stale_after_days"), FieldPanel("reminder_interval_days")]

    class Meta:
        verbose_name = _("directory settings")
