"""Outreach data: the poster headline (site setting), editors' featured campaigns, owners' campaign updates and
the supporters who asked to receive them."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

UPDATE_MAX_LENGTH = 1000


@register_setting(icon="doc-full")
class OutreachSettings(BaseSiteSetting):
    poster_headline = models.CharField(
        _("poster headline (German)"),
        max_length=60,
        default="Wir stehen hinter dir",
        help_text=_("The big line on shop-window posters and square images."),
    )
    poster_headline_en = models.CharField(
        _("poster headline (English)"), max_length=60, default="We stand behind you", blank=True
    )

    panels = [FieldPanel("poster_headline"), FieldPanel("poster_headline_en")]

    class Meta:
        verbose_name = _("outreach settings")

    def headline_for(self, language):
        if (language or "").startswith("en") and self.poster_headline_en:
            return self.poster_headline_en
        return self.poster_headline


class FeaturedCampaign(models.Model):
    """A campaign the editors put on the home page, in their order."""

    campaign = models.OneToOneField(
        "fundraising.CampaignPage", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    sort_order = models.IntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("campaign")]

    class Meta:
        verbose_name = _("featured campaign")
        verbose_name_plural = _("featured campaigns")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.campaign.title if self.campaign_id else "–"


class CampaignUpdate(models.Model):
    """A short plain-text news item an owner posts on their campaign ("Danke! Wir öffnen am Montag wieder")."""

    campaign = models.ForeignKey(
        "fundraising.CampaignPage", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("update"), validators=[MaxLengthValidator(UPDATE_MAX_LENGTH)])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden = models.BooleanField(_("hidden"), default=False, help_text=_("Hidden updates are not shown publicly."))
    recipients = models.PositiveIntegerField(_("emails sent"), default=0, editable=False)
    created_at = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)

    panels = [FieldPanel("text"), FieldPanel("hidden")]

    class Meta:
        verbose_name = _("campaign update")
        verbose_name_plural = _("campaign updates")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.text[:60]


class UpdateSubscription(models.Model):
    """A supporter asked for a campaign's updates by email (from the thank-you page of their pledge)."""

    pledge = models.OneToOneField(
        "fundraising.Pledge", verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("update subscription")
        verbose_name_plural = _("update subscriptions")

    def __str__(self):
        return f"#{self.pledge_id}"
