"""Structured opening hours. The rules that answer "open now?" live in directory.opening_hours_logic."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class RegularHours(Orderable):
    """One interval of the regular week; several per day are allowed; a day without any is closed.

    `closes` earlier than or equal to `opens` means the interval runs past midnight into the next day.
    """

    page = ParentalKey("directory.BusinessPage", on_delete=models.CASCADE, related_name="regular_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

    class Meta(Orderable.Meta):
        verbose_name = _("regular opening hours")
        verbose_name_plural = _("regular opening hours")


class TemporaryHours(Orderable):
    """Temporary hours for a period (the crisis case: "from 1 April only pick-up 11–14").

    On any date inside a period, the temporary rows replace the regular week entirely: the day's intervals are the
    period's rows for that weekday (or for every day when `weekday` is empty); no row means closed that day.
    """

    page = ParentalKey("directory.BusinessPage", on_delete=models.CASCADE, related_name="temporary_hours")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, null=True, blank=True, help_text=_("Empty means every day.")
    )
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=120, blank=True, help_text=_("e.g. 'only pick-up'"))

    panels = [
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("temporary opening hours")
        verbose_name_plural = _("temporary opening hours")

    def clean(self):
        errors = {}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end date must not be before the start date.")
        if (self.opens is None) != (self.closes is None):
            errors["closes"] = _("Give both times, or neither (closed).")
        if errors:
            raise ValidationError(errors)


class ClosingDay(Orderable):
    """A single day on which the business is closed (holiday, inventory)."""

    page = ParentalKey("directory.BusinessPage", on_delete=models.CASCADE, related_name="closing_days")
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=120, blank=True)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("note")])]

    class Meta(Orderable.Meta):
        verbose_name = _("closing day")
        verbose_name_plural = _("closing days")
