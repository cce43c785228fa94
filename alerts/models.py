"""Citizens who follow districts and/or categories and get at most one digest email a day.

A subscriber is one email address (compared without case), pending until they confirm (double opt-in). The random
`token` is the capability in every link (confirm, manage, unsubscribe); unsubscribing deletes the row, and pending
rows are deleted after ALERTS_CONFIRM_DAYS.
"""

import secrets

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from commons.languages import language_choices


def new_token():
    return secrets.token_urlsafe(32)


class Subscriber(models.Model):
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=8, choices=language_choices, default="de")
    districts = models.ManyToManyField("directory.District", verbose_name=_("districts"), blank=True, related_name="+")
    categories = models.ManyToManyField(
        "directory.Category", verbose_name=_("categories"), blank=True, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirm_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_digest_on = models.DateField(_("last digest (day)"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)
    # Keys of items already sent ("campaign-close:12"), so "close to the goal" is told once.
    sent_keys = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(Lower("email"), name="alerts_one_subscriber_per_email")]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None
