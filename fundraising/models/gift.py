"""A pledge given as a gift: the buyer names a recipient, who gets the voucher by email on the delivery date."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

GIFT_MESSAGE_MAX = 300
GIFT_MAX_DAYS_AHEAD = 365


def new_gift_token():
    return secrets.token_urlsafe(24)


class PledgeGift(models.Model):
    """One per pledge. `sent_at` is set once, by a conditional UPDATE, when the recipient's email is queued
    (fundraising.gifts.deliver): the delivery runs exactly once however often the daily task runs."""

    wagtail_reference_index_ignore = True

    pledge = models.OneToOneField(
        "fundraising.Pledge", verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="gift"
    )
    sender_name = models.CharField(_("from"), max_length=100)
    recipient_name = models.CharField(_("recipient's name"), max_length=100)
    recipient_email = models.EmailField(_("recipient's email"), max_length=254, db_index=True)
    message = models.TextField(_("gift message"), max_length=GIFT_MESSAGE_MAX, blank=True)
    deliver_on = models.DateField(_("delivery date"), db_index=True)
    sent_at = models.DateTimeField(_("sent to the recipient"), null=True, blank=True)
    sent_to = models.EmailField(_("sent to"), max_length=254, blank=True)
    resent_count = models.PositiveSmallIntegerField(_("sent again"), default=0)
    last_resent_at = models.DateTimeField(_("last sent again"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")
        ordering = ["deliver_on", "pk"]

    def __str__(self):
        return f"{self.recipient_name} ({self.deliver_on:%d.%m.%Y})"
