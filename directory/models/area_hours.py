"""Temporary hours or closures the city sets for a whole district and/or category ("all shops in Hörde closed from
1 to 14 April"). Not written into each business's page (page revisions and owners' pending edits would undo
them): the rule is evaluated with the business's own hours as one more temporary period (see
directory.opening_hours_logic: the period that started last wins, so a business's own later announcement, e.g.
"pick-up from 5 April", still applies)."""

import datetime as dt

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class AreaHours(ClusterableModel):
    note = models.CharField(
        _("note on the pages"), max_length=120, help_text=_("e.g. 'Closed by order of the city' or 'pick-up only'.")
    )
    districts = ParentalManyToManyField(
        "directory.District",
        verbose_name=_("districts"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty for the whole city."),
    )
    categories = ParentalManyToManyField(
        "directory.Category",
        verbose_name=_("categories"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty for all categories."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    closed = models.BooleanField(_("closed"), default=True, help_text=_("Untick to give opening hours instead."))
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("note"),
        MultiFieldPanel(
            [
                FieldPanel("districts", widget=forms.CheckboxSelectMultiple),
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
                FieldPanel("closed"),
                FieldRowPanel([FieldPanel("opens"), FieldPanel("closes")]),
            ],
            heading=_("When"),
        ),
    ]

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("hours for an area")
        verbose_name_plural = _("hours for areas")

    def __str__(self):
        return f"{self.note} ({self.valid_from:%d.%m.}–{self.valid_until:%d.%m.%Y})"

    def clean(self):
        super().clean()
        errors = {}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end date must not be before the start date.")
        if self.valid_from and self.valid_until and (self.valid_until - self.valid_from).days > 366:
            errors["valid_until"] = _("At most one year; create another rule after that.")
        if not self.closed and (self.opens is None or self.closes is None):
            errors["closes"] = _("Give the opening hours, or tick “closed”.")
        if errors:
            raise ValidationError(errors)

    def as_period(self):
        """The rule as a temporary-hours tuple of opening_hours_logic.Rules (every weekday)."""
        if self.closed:
            return (self.valid_from, self.valid_until, None, None, None, self.note)
        return (self.valid_from, self.valid_until, None, self.opens, self.closes, self.note)

    def business_filter(self):
        """A Q on BusinessPage for the businesses this rule covers (m2m ids must be saved)."""
        condition = Q()
        district_ids = [d.pk for d in self.districts.all()]
        category_ids = [c.pk for c in self.categories.all()]
        if district_ids:
            condition &= Q(district_id__in=district_ids)
        if category_ids:
            condition &= Q(categories__in=category_ids)
        return condition


def current_rules():
    """Rules that still matter (not ended before yesterday), with their districts and categories."""
    since = timezone.localdate() - dt.timedelta(days=1)
    return list(AreaHours.objects.filter(valid_until__gte=since).prefetch_related("districts", "categories"))


def applies(rule, district_id, category_ids):
    districts = {d.pk for d in rule.districts.all()}
    categories = {c.pk for c in rule.categories.all()}
    return (not districts or district_id in districts) and (not categories or bool(categories & category_ids))


def periods_for_page(page, rules=None):
    """Temporary periods for one business (its categories may be in memory, e.g. an unsaved preview)."""
    rules = current_rules() if rules is None else rules
    if not rules:
        return []
    category_ids = {c.pk for c in page.categories.all()}
    return [rule.as_period() for rule in rules if applies(rule, page.district_id, category_ids)]
