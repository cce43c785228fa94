from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from fundraising.targets import takes_scoped_vouchers

CACHE_KEY = "fundraising-settings:{site}"


@register_setting(icon="pick")
class FundraisingSettings(BaseSiteSetting):
    min_pledge_cents = models.PositiveIntegerField(
        _("minimum pledge (cents)"), default=500, validators=[MinValueValidator(100)]
    )
    max_pledge_cents = models.PositiveIntegerField(
        _("maximum pledge (cents)"), default=100_000, validators=[MaxValueValidator(10_000_000)]
    )
    preset_amounts = models.CharField(
        _("preset amounts (euros)"),
        max_length=100,
        default="10,25,50,100",
        help_text=_("Whole euros, separated by commas, e.g. 10,25,50,100."),
    )
    platform_fee_percent = models.PositiveSmallIntegerField(
        _("platform fee (percent)"), default=0, validators=[MaxValueValidator(20)]
    )
    terms_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("terms page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from the consent checkbox of the pledge form."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked as information beside the pledge form (not a consent checkbox)."),
    )
    support_info_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("“how support works” page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Linked beside the pledge form: what a payment is, that support is no tax-deductible donation, validity, "
            "withdrawal."
        ),
    )

    closure_deadline_days = models.PositiveSmallIntegerField(
        _("closure: days to choose"),
        default=90,
        validators=[MinValueValidator(14), MaxValueValidator(730)],
        help_text=_("When a business closes for good, holders of its vouchers have this many days to choose."),
    )
    closure_exchange_campaign = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("closure: city-wide exchange campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Vouchers of a closed business can be exchanged into city-wide vouchers of this campaign (one whose "
            "vouchers are valid in several businesses). Without it, only a refund is offered."
        ),
    )

    owners_record_offline_pledges = models.BooleanField(
        _("owners may record offline pledges"),
        default=False,
        help_text=_(
            "Owners can then record cash, bank transfer and grant pledges for their own campaigns in their dashboard. "
            "Editors always can."
        ),
    )

    panels = [
        FieldPanel("min_pledge_cents"),
        FieldPanel("max_pledge_cents"),
        FieldPanel("preset_amounts"),
        FieldPanel("platform_fee_percent"),
        FieldPanel("terms_page"),
        FieldPanel("privacy_page"),
        FieldPanel("support_info_page"),
        FieldPanel("closure_deadline_days"),
        FieldPanel("closure_exchange_campaign"),
        FieldPanel("owners_record_offline_pledges"),
    ]

    class Meta:
        verbose_name = _("fundraising settings")

    @classmethod
    def cached_for_request(cls, request):
        """``for_request`` through the shared cache: campaign pages read the settings on every request. The entry
        is dropped whenever the settings are saved or deleted."""
        site = Site.find_for_request(request)
        if site is None:
            return cls.for_request(request)
        key = CACHE_KEY.format(site=site.pk)
        value = cache.get(key)
        if value is None:
            value = cls.for_request(request)
            cache.set(key, value, timeout=3600)
        return value

    def clean(self):
        super().clean()
        if self.max_pledge_cents <= self.min_pledge_cents:
            raise ValidationError({"max_pledge_cents": _("The maximum must be above the minimum.")})
        if self.closure_exchange_campaign_id and not takes_scoped_vouchers(self.closure_exchange_campaign):
            raise ValidationError(
                {"closure_exchange_campaign": _("Choose a campaign whose vouchers are valid in several businesses.")}
            )
        try:
            self.preset_cents_list()
        except ValueError:
            raise ValidationError({"preset_amounts": _("Use whole euros separated by commas.")})

    def preset_cents_list(self):
        values = [part.strip() for part in (self.preset_amounts or "").split(",") if part.strip()]
        cents = [int(value) * 100 for value in values]
        return [c for c in cents if self.min_pledge_cents <= c <= self.max_pledge_cents]


@receiver([post_save, post_delete], sender=FundraisingSettings, dispatch_uid="fundraising-settings-cache")
def _drop_cached_settings(sender, instance, **kwargs):
    key = CACHE_KEY.format(site=instance.site_id)
    cache.delete(key)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: cache.delete(key))
