"""Opening hours in the owner dashboard: the regular week as a grid of days with several intervals each.

Every form of the regular formset is one interval slot of one day (the weekday travels in a hidden field). Both
times empty means "unused slot" and is ignored, so the page can offer empty slots without JavaScript. Two buttons
work without JavaScript too: "add an interval" and "copy to Monday–Friday" re-render the form with the changed slots
(`week_slots_after_action`); JavaScript does the same in the page without a round trip.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Weekday

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

MAX_INTERVALS_PER_DAY = 6
MAX_REGULAR_FORMS = 7 * MAX_INTERVALS_PER_DAY
WORKDAYS = (0, 1, 2, 3, 4)
# An end earlier than the start means "past midnight" (a bar open 18:00–02:00), but only up to this time; a later
# end before the start is a typo ("18:00–09:00").
LATEST_END_AFTER_MIDNIGHT = datetime.time(6, 0)


def _minutes(value):
    return value.hour * 60 + value.minute


def interval_span(opens, closes):
    """(start, end) in minutes from the day's midnight; an interval past midnight ends after 1440."""
    start, end = _minutes(opens), _minutes(closes)
    return start, end + 1440 if end <= start else end


class RegularHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Day"),
        choices=[("", _("Choose a day"))] + list(Weekday.choices),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.HiddenInput,
    )
    opens = forms.TimeField(label=_("opens"), required=False, widget=TIME_WIDGET)
    closes = forms.TimeField(label=_("closes"), required=False, widget=TIME_WIDGET)

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if "opens" in self.errors or "closes" in self.errors:
            return cleaned
        if opens is None and closes is None:
            return cleaned  # an unused slot
        if cleaned.get("weekday") is None and "weekday" not in self.errors:
            self.add_error("weekday", _("Please choose the day for these times."))
        if opens is None or closes is None:
            missing = "closes" if closes is None else "opens"
            self.add_error(missing, _("Please enter both the opening and closing time."))
        elif opens == closes:
            self.add_error("closes", _("Opening and closing time must not be the same."))
        elif closes < opens and closes > LATEST_END_AFTER_MIDNIGHT:
            self.add_error(
                "closes",
                _(
                    "The closing time is before the opening time. For hours past midnight, the closing time must be "
                    "06:00 at the latest."
                ),
            )
        return cleaned

    def is_used(self):
        return bool(getattr(self, "cleaned_data", None)) and self.cleaned_data.get("opens") is not None


class BaseRegularHoursFormSet(forms.BaseFormSet):
    """Checks the day as a whole: no overlapping intervals, not more than MAX_INTERVALS_PER_DAY."""

    max_per_day = MAX_INTERVALS_PER_DAY

    def clean(self):
        if any(self.errors):
            return
        by_day = {}
        for form in self.forms:
            if form.is_used():
                by_day.setdefault(form.cleaned_data["weekday"], []).append(form)
        for weekday, forms_of_day in by_day.items():
            day = Weekday(weekday).label
            if len(forms_of_day) > MAX_INTERVALS_PER_DAY:
                raise forms.ValidationError(
                    _("At most %(count)d periods per day are possible (%(day)s).")
                    % {"count": MAX_INTERVALS_PER_DAY, "day": day}
                )
            spans = sorted(
                ((interval_span(f.cleaned_data["opens"], f.cleaned_data["closes"]), f) for f in forms_of_day),
                key=lambda pair: pair[0],
            )
            reaching_span, reaching = spans[0]  # of the periods so far, the one that ends last
            for later_span, later in spans[1:]:
                if later_span[0] < reaching_span[1]:
                    later.add_error(
                        "opens",
                        _("This period overlaps with %(start)s–%(end)s on %(day)s.")
                        % {
                            "start": reaching.cleaned_data["opens"].strftime("%H:%M"),
                            "end": reaching.cleaned_data["closes"].strftime("%H:%M"),
                            "day": day,
                        },
                    )
                if later_span[1] > reaching_span[1]:
                    reaching_span, reaching = later_span, later

    def rows(self):
        """The used intervals of a valid formset, as dicts with weekday, opens and closes."""
        return [
            {key: form.cleaned_data[key] for key in ("weekday", "opens", "closes")}
            for form in self.forms
            if form.is_used()
        ]

    def days(self):
        """The forms grouped by day, for the week grid: [(value, label, [forms])] for Monday to Sunday."""
        grouped = {value: [] for value in Weekday.values}
        loose = []
        for form in self.forms:
            weekday = form["weekday"].value()
            try:
                grouped[int(weekday)].append(form)
            except (TypeError, ValueError, KeyError):
                loose.append(form)
        days = [(value, Weekday(value).label, grouped[value]) for value in Weekday.values]
        if loose:  # rows posted without a valid day (hostile or old clients): shown so their errors are visible
            days.append(("", _("Without a day"), loose))
        return days


RegularHoursFormSet = forms.formset_factory(
    RegularHoursForm,
    formset=BaseRegularHoursFormSet,
    extra=0,
    max_num=MAX_REGULAR_FORMS,
    validate_max=True,
    absolute_max=MAX_REGULAR_FORMS,
)


def week_slots(intervals, spare=1):
    """Initial data for the week grid: each day's intervals (sorted) plus `spare` empty slots (one at least)."""
    slots = []
    for weekday in Weekday.values:
        own = sorted((row for row in intervals if row.get("weekday") == weekday), key=lambda row: str(row.get("opens")))
        own = own[:MAX_INTERVALS_PER_DAY]
        empties = max(spare, 1) if len(own) < MAX_INTERVALS_PER_DAY else 0
        empties = min(empties, MAX_INTERVALS_PER_DAY - len(own))
        slots += [{"weekday": weekday, "opens": row.get("opens"), "closes": row.get("closes")} for row in own]
        slots += [{"weekday": weekday, "opens": None, "closes": None} for _ in range(empties)]
    return slots


def raw_slots(data, prefix="regular"):
    """The posted slots as raw strings (they may be invalid: the owner sees them again with the errors)."""
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        total = 0
    slots = []
    for index in range(max(0, min(total, MAX_REGULAR_FORMS))):
        try:
            weekday = int(data.get(f"{prefix}-{index}-weekday", ""))
        except (TypeError, ValueError):
            continue
        if weekday not in Weekday.values:
            continue
        opens = (data.get(f"{prefix}-{index}-opens") or "").strip()[:8]
        closes = (data.get(f"{prefix}-{index}-closes") or "").strip()[:8]
        slots.append({"weekday": weekday, "opens": opens or None, "closes": closes or None})
    return slots


def week_slots_after_action(data, prefix="regular"):
    """For the no-JavaScript buttons: the slots after "add an interval" or "copy to Monday–Friday", else None."""
    action, _sep, value = (data.get("hours_action") or "").partition(":")
    try:
        weekday = int(value)
    except ValueError:
        return None
    if action not in ("add", "copy") or weekday not in Weekday.values:
        return None
    slots = raw_slots(data, prefix)
    used = [slot for slot in slots if slot["opens"] or slot["closes"]]
    if action == "add":
        return week_slots(used, spare=1) + _extra_slot(used, weekday)
    source = [slot for slot in used if slot["weekday"] == weekday]
    copied = [slot for slot in used if slot["weekday"] not in WORKDAYS or slot["weekday"] == weekday]
    for target in WORKDAYS:
        if target != weekday:
            copied += [dict(slot, weekday=target) for slot in source]
    return week_slots(copied, spare=1)


def _extra_slot(used, weekday):
    count = sum(1 for slot in used if slot["weekday"] == weekday)
    if count + 2 > MAX_INTERVALS_PER_DAY:
        return []
    return [{"weekday": weekday, "opens": None, "closes": None}]


class TemporaryHoursForm(forms.Form):
    valid_from = forms.DateField(label=_("from"), widget=DATE_WIDGET)
    valid_until = forms.DateField(label=_("until"), widget=DATE_WIDGET)
    weekday = forms.TypedChoiceField(
        label=_("Day"),
        choices=[("", _("every day"))] + list(Weekday.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )
    opens = forms.TimeField(label=_("opens"), required=False, widget=TIME_WIDGET)
    closes = forms.TimeField(label=_("closes"), required=False, widget=TIME_WIDGET)
    note = forms.CharField(label=_("Note"), max_length=120, required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end date must not be before the start date."))
        if (cleaned.get("opens") is None) != (cleaned.get("closes") is None):
            self.add_error("closes", _("Give both times, or neither (closed)."))
        return cleaned


TemporaryHoursFormSet = forms.formset_factory(
    TemporaryHoursForm, extra=1, max_num=20, validate_max=True, absolute_max=20, can_delete=True
)
