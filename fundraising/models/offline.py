"""Pledges that did not go through Stripe: cash in the shop, a bank transfer, a grant letter, recorded by an editor
(or, where the settings allow it, the business's owner). They are ordinary pledges (paid through Pledge.save())
with a payment method other than "online" (fundraising.offline)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from fundraising.conf import conf


class PaymentMethod(models.TextChoices):
    ONLINE = "online", _("Online (Stripe)")
    CASH = "cash", _("Cash")
    TRANSFER = "transfer", _("Bank transfer")
    GRANT = "grant", _("Grant")


OFFLINE_METHODS = (PaymentMethod.CASH, PaymentMethod.TRANSFER, PaymentMethod.GRANT)


class EvidenceStorage(FileSystemStorage):
    """Evidence (receipts, grant letters) lives outside MEDIA_ROOT, so no web server serves it; editors download it
    through the admin (permission-checked). Setting FUNDRAISING_EVIDENCE_ROOT, default <BASE_DIR>/private/evidence,
    read on every use (so tests and hosts can point it elsewhere)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return conf.FUNDRAISING_EVIDENCE_ROOT or str(Path(settings.BASE_DIR) / "private" / "evidence")

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def evidence_storage():
    return EvidenceStorage()


class OfflinePledgeFields(models.Model):
    """Mixed into Pledge: how the money came, and for offline pledges who recorded it and with which evidence."""

    payment_method = models.CharField(
        _("payment method"), max_length=10, choices=PaymentMethod.choices, default=PaymentMethod.ONLINE, db_index=True
    )
    offline_reference = models.CharField(_("reference"), max_length=120, blank=True)
    offline_evidence = models.FileField(
        _("evidence"), upload_to="offline/%Y/%m/", storage=evidence_storage, blank=True, max_length=200
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True

    @property
    def is_offline(self):
        return self.payment_method != PaymentMethod.ONLINE
