"""City match funds: editors set a budget and a ratio; paid pledges to eligible campaigns get matched.

The running totals (`MatchFund.allocated_cents`, `MatchBusinessTotal.allocated_cents`) only change through the
conditional UPDATEs in `fundraising.payouts.matching`, so the budget and the per-business cap hold under
concurrent fulfilments. Check constraints are the last line of defence.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class MatchFund(ClusterableModel):
    name = models.CharField(_("name"), max_length=120, help_text=_("Shown publicly, e.g. “City support fund”."))
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    budget_cents = models.PositiveBigIntegerField(
        _("budget (cents)"),
        validators=[MinValueValidator(100), MaxValueValidator(10_000_000_000)],
        help_text=_("In euro cents: 5000000 is €50,000."),
    )
    allocated_cents = models.PositiveBigIntegerField(_("allocated (cents)"), default=0, editable=False)
    ratio = models.DecimalField(
        _("ratio"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("10"))],
        help_text=_("City euros per pledged euro: 1.00 doubles every pledge (1:1), 0.50 adds half (0.5:1)."),
    )
    cap_per_pledge_cents = models.PositiveIntegerField(
        _("cap per pledge (cents)"), null=True, blank=True, help_text=_("Leave empty for no cap.")
    )
    cap_per_business_cents = models.PositiveBigIntegerField(
        _("cap per business (cents)"), null=True, blank=True, help_text=_("Leave empty for no cap.")
    )
    eligible_categories = ParentalManyToManyField(
        "directory.Category",
        verbose_name=_("eligible categories"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty for all categories."),
    )
    eligible_districts = ParentalManyToManyField(
        "directory.District",
        verbose_name=_("eligible districts"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty for all districts."),
    )
    eligible_campaigns = ParentalManyToManyField(
        "fundraising.CampaignPage",
        verbose_name=_("eligible campaigns"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty for all campaigns."),
    )
    starts_on = models.DateField(_("first day"), default=timezone.localdate)
    ends_on = models.DateField(_("last day"))
    active = models.BooleanField(_("active"), default=True, help_text=_("Untick to stop matching at once."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("budget_cents"), FieldPanel("ratio")]),
                FieldRowPanel([FieldPanel("cap_per_pledge_cents"), FieldPanel("cap_per_business_cents")]),
            ],
            heading=_("Money"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("eligible_categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("eligible_districts", widget=forms.CheckboxSelectMultiple),
                FieldPanel("eligible_campaigns"),
            ],
            heading=_("Who is eligible"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]), FieldPanel("active")],
            heading=_("Period"),
        ),
    ]

    class Meta:
        verbose_name = _("match fund")
        verbose_name_plural = _("match funds")
        ordering = ["-active", "ends_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(allocated_cents__lte=models.F("budget_cents")), name="payouts_fund_within_budget"
            ),
            models.CheckConstraint(condition=models.Q(ratio__gt=0), name="payouts_fund_ratio_positive"),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        if self.name_en and (get_language() or "de").startswith("en"):
            return self.name_en
        return self.name

    @property
    def remaining_cents(self):
        return max(0, self.budget_cents - self.allocated_cents)

    @property
    def percent_used(self):
        if not self.budget_cents:
            return 100
        return min(100, int(self.allocated_cents * 100 // self.budget_cents))

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The last day must not be before the first day.")
        if self.budget_cents is not None and self.pk:
            allocated = type(self).objects.filter(pk=self.pk).values_list("allocated_cents", flat=True).first() or 0
            if self.budget_cents < allocated:
                errors["budget_cents"] = _("The budget cannot be lower than what is already allocated (%(cents)s).") % {
                    "cents": allocated
                }
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        """An edit never writes `allocated_cents`: the form's copy may be stale while pledges are being matched,
        and only the conditional UPDATEs in fundraising.payouts.matching may change it."""
        if self.pk and not self._state.adding and kwargs.get("update_fields") is None:
            names = [f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "allocated_cents"]
            names += [f.name for f in self._meta.many_to_many]
            kwargs["update_fields"] = names
        super().save(*args, **kwargs)

    def runs_on(self, day):
        return self.active and self.starts_on <= day <= self.ends_on


class MatchAllocation(models.Model):
    """The city's match for one paid pledge. One per pledge (unique); released (not deleted) on refund."""

    # High-volume records: Wagtail's reference index (admin "usage") would cost a write per save.
    wagtail_reference_index_ignore = True

    fund = models.ForeignKey(MatchFund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="allocations")
    pledge = models.OneToOneField(
        "fundraising.Pledge", verbose_name=_("pledge"), on_delete=models.PROTECT, related_name="match_allocation"
    )
    business = models.ForeignKey(
        "directory.BusinessPage", verbose_name=_("business"), on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        "fundraising.CampaignPage", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="+"
    )
    amount_cents = models.PositiveIntegerField(_("match (cents)"))
    created_at = models.DateTimeField(_("allocated"), auto_now_add=True)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)

    class Meta:
        verbose_name = _("match allocation")
        verbose_name_plural = _("match allocations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["campaign", "released_at"], name="payouts_alloc_campaign")]
        constraints = [models.CheckConstraint(condition=models.Q(amount_cents__gt=0), name="payouts_alloc_positive")]

    def __str__(self):
        return f"{self.fund_id}/{self.pledge_id}: {self.amount_cents}"


class MatchBusinessTotal(models.Model):
    """What a fund currently allocates to one business: the row the per-business cap is checked against."""

    # High-volume records: Wagtail's reference index (admin "usage") would cost a write per save.
    wagtail_reference_index_ignore = True

    fund = models.ForeignKey(MatchFund, on_delete=models.CASCADE, related_name="business_totals")
    business = models.ForeignKey("directory.BusinessPage", on_delete=models.CASCADE, related_name="+")
    allocated_cents = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("match total per business")
        constraints = [models.UniqueConstraint(fields=["fund", "business"], name="payouts_business_total_unique")]

    def __str__(self):
        return f"{self.fund_id}/{self.business_id}: {self.allocated_cents}"
