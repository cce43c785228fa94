"""The one form an initiator fills in to start or edit a collective campaign, and its fields."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.images.fields import WagtailImageField

from commons.money import format_cents, normalise_amount, parse_amount_to_cents
from commons.richtext import plain_to_richtext, richtext_to_plain
from directory.models import BusinessPage, Category, District

from ..models import (
    MAX_BENEFICIARIES,
    Distribution,
)
from .rules import (
    IMAGE_FORMATS,
    MAX_DURATION_DAYS,
    MAX_GOAL_CENTS,
    MAX_ID,
    MAX_IMAGE_BYTES,
    MAX_START_AHEAD_DAYS,
    MAX_STORY_CHARS,
    MIN_BENEFICIARIES,
    MIN_GOAL_CENTS,
    SEARCH_RESULTS,
    START_LEAD_DAYS,
)


class CampaignImageField(WagtailImageField):
    """Wagtail's upload checks (real image, extension matches content, size, pixels), JPEG/PNG/WebP only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_upload_size = min(self.max_upload_size or MAX_IMAGE_BYTES, MAX_IMAGE_BYTES)
        self.help_text = gettext_lazy("JPEG, PNG or WebP, at most 5 MB.")
        self.widget.attrs["accept"] = "image/jpeg,image/png,image/webp"

    def check_image_file_size(self, f):
        if f.size > self.max_upload_size:
            raise ValidationError(
                _("This file is too big. The maximum is %(size)s MB.")
                % {"size": self.max_upload_size // (1024 * 1024)},
                code="file_too_large",
            )

    def check_image_file_format(self, f):
        super().check_image_file_format(f)
        if f.image.format_name not in IMAGE_FORMATS:
            raise ValidationError(_("Please upload a JPEG, PNG or WebP image."), code="invalid_image_extension")


class IdsField(forms.ModelMultipleChoiceField):
    """Rejects anything but plain, database-sized ids before querying (a huge id overflows SQLite)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not text.isdigit() or int(text) > MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text[:20]}
                )
        return super()._check_values(value)


class BusinessLabelField(IdsField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.district.name})" if obj.district_id else obj.title


def _digits(values):
    return [int(v) for v in values if str(v).isdigit() and int(v) <= MAX_ID]


def count_beneficiaries(categories, districts, business_ids, limit=MAX_BENEFICIARIES):
    """How many live businesses the rule plus the fixed list would include now (counted up to `limit` + 1).
    Mirrors `beneficiaries.candidate_weights` (categories: any of them; with districts, both must match)."""
    ids = set(BusinessPage.objects.live().filter(pk__in=list(business_ids)).values_list("pk", flat=True))
    if categories or districts:
        matches = BusinessPage.objects.live()
        if categories:
            matches = matches.filter(categories__in=list(categories))
        if districts:
            matches = matches.filter(district__in=list(districts))
        ids.update(matches.values_list("pk", flat=True).distinct()[: limit + len(ids) + 1])
    return len(ids)


class CollectiveStartForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=120,
        help_text=gettext_lazy("For example: “Our neighbourhood stands behind its restaurants”."),
    )
    story = forms.CharField(
        label=gettext_lazy("Your story"),
        max_length=MAX_STORY_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "Why do these businesses need support, and who is behind the campaign? Plain text; "
            "an empty line starts a new paragraph."
        ),
    )
    goal_euros = forms.CharField(
        label=gettext_lazy("Goal in euros"),
        max_length=20,
        help_text=gettext_lazy("Between €100 and €1,000,000."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    start_date = forms.DateField(
        label=gettext_lazy("Start date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end_date = forms.DateField(
        label=gettext_lazy("End date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("At most one year after the start."),
    )
    club_name = forms.CharField(
        label=gettext_lazy("On behalf of a club or association"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("Optional: its name, if you start the campaign for a club or association."),
    )
    distribution = forms.ChoiceField(
        label=gettext_lazy("How is the money shared?"),
        choices=Distribution.choices,
        initial=Distribution.EQUAL,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Weighted: the editors enter a transparent factor per business (for example the number of employees). "
            "The editors approve the rule."
        ),
    )
    rule_categories = IdsField(
        label=gettext_lazy("All businesses in these categories"),
        queryset=Category.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rule_districts = IdsField(
        label=gettext_lazy("All businesses in these districts"),
        queryset=District.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("With categories and districts, a business must match both."),
    )
    q = forms.CharField(label=gettext_lazy("Find businesses by name"), max_length=80, required=False)
    businesses = BusinessLabelField(
        label=gettext_lazy("Chosen businesses"),
        queryset=BusinessPage.objects.live().select_related("district").order_by("title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Businesses that take part in any case, in addition to the rule."),
    )
    image = CampaignImageField(label=gettext_lazy("Image"), required=False)
    club_logo = CampaignImageField(label=gettext_lazy("Logo of the club or association"), required=False)
    token = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, today=None, keep_start=None, has_image=False, has_logo=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.keep_start = keep_start  # editing: the stored start date stays valid while it is in the future
        self.has_image, self.has_logo = has_image, has_logo
        earliest = self.today + datetime.timedelta(days=START_LEAD_DAYS)
        self.fields["start_date"].help_text = _(
            "The earliest start is %(date)s. Until the start, the businesses can decline to take part; "
            "on the start day the list of beneficiaries is fixed."
        ) % {"date": date_format(earliest, "SHORT_DATE_FORMAT")}
        self.fields["start_date"].widget.attrs["min"] = earliest.isoformat()
        if has_image:
            self.fields["image"].help_text = _(
                "Leave empty to keep the current image. JPEG, PNG or WebP, at most 5 MB."
            )
        if has_logo:
            self.fields["club_logo"].help_text = _(
                "Leave empty to keep the current logo. JPEG, PNG or WebP, at most 5 MB."
            )
        self._limit_business_choices()

    def _raw(self, name):
        if self.is_bound:
            return self.data.getlist(name) if hasattr(self.data, "getlist") else self.data.get(name, [])
        value = self.initial.get(name, [])
        return [getattr(v, "pk", v) for v in value]

    def query(self):
        value = self.data.get("q", "") if self.is_bound else self.initial.get("q", "")
        return (value or "").strip()[:80]

    def _limit_business_choices(self):
        """Render only the chosen businesses and the search results; validation still accepts any live one."""
        field = self.fields["businesses"]
        chosen = _digits(self._raw("businesses"))[:MAX_BENEFICIARIES]
        shown = list(field.queryset.filter(pk__in=chosen))
        query = self.query()
        self.search_results = None
        if query:
            found = list(field.queryset.filter(title__icontains=query).exclude(pk__in=chosen)[:SEARCH_RESULTS])
            self.search_results = len(found)
            shown += found
        field.widget.choices = [(b.pk, field.label_from_instance(b)) for b in shown]

    def clean_goal_euros(self):
        cents = parse_amount_to_cents(normalise_amount(self.cleaned_data["goal_euros"]))
        if cents is None:
            raise ValidationError(_("Please enter an amount in euros, e.g. 5000."))
        if cents < MIN_GOAL_CENTS or cents > MAX_GOAL_CENTS:
            raise ValidationError(
                _("The goal must be between %(min)s and %(max)s.")
                % {"min": format_cents(MIN_GOAL_CENTS), "max": format_cents(MAX_GOAL_CENTS)}
            )
        return cents

    def clean_story(self):
        story = self.cleaned_data["story"]
        if not plain_to_richtext(story):
            raise ValidationError(_("Please tell the story of your campaign."))
        return story

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        earliest = self.today + datetime.timedelta(days=START_LEAD_DAYS)
        if self.keep_start and start == self.keep_start and start > self.today:
            return start
        if start < earliest:
            raise ValidationError(
                _("The campaign can start on %(date)s at the earliest.")
                % {"date": date_format(earliest, "SHORT_DATE_FORMAT")}
            )
        if start > self.today + datetime.timedelta(days=MAX_START_AHEAD_DAYS):
            raise ValidationError(_("The start must lie within the next year."))
        return start

    def clean_businesses(self):
        businesses = self.cleaned_data["businesses"]
        if len(businesses) > MAX_BENEFICIARIES:
            raise ValidationError(
                _("Please choose at most %(max)s businesses.") % {"max": MAX_BENEFICIARIES}, code="too_many"
            )
        return businesses

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end:
            if end <= start:
                self.add_error("end_date", _("The end date must be after the start date."))
            elif (end - start).days > MAX_DURATION_DAYS:
                self.add_error("end_date", _("A campaign runs for one year at most."))
        if data.get("club_logo") and not data.get("club_name"):
            self.add_error("club_name", _("Please name the club or association the logo belongs to."))
        if all(name in data for name in ("rule_categories", "rule_districts", "businesses")):
            categories, districts, listed = data["rule_categories"], data["rule_districts"], data["businesses"]
            if not (categories or districts or listed):
                raise ValidationError(
                    _("Please choose the businesses: by category or district, or by name."), code="no_businesses"
                )
            count = count_beneficiaries(categories, districts, [b.pk for b in listed])
            self.beneficiary_count = count
            if count < MIN_BENEFICIARIES:
                raise ValidationError(
                    _("A collective campaign needs at least %(min)s businesses; your choice includes %(count)s.")
                    % {"count": count, "min": MIN_BENEFICIARIES},
                    code="too_few",
                )
            if count > MAX_BENEFICIARIES:
                raise ValidationError(
                    _("Your choice includes more than %(max)s businesses. Please narrow it down.")
                    % {"max": MAX_BENEFICIARIES},
                    code="too_many",
                )
        return data

    def preview_count(self):
        """The number of businesses the current choice includes (one query), for the preview."""
        categories = _digits(self._raw("rule_categories"))
        districts = _digits(self._raw("rule_districts"))
        listed = _digits(self._raw("businesses"))[:MAX_BENEFICIARIES]
        if not (categories or districts or listed):
            return None
        return count_beneficiaries(categories, districts, listed)

    @classmethod
    def initial_from_page(cls, page):
        return {
            "title": page.title,
            "story": richtext_to_plain(page.story),
            "goal_euros": str(page.goal_cents // 100) if page.goal_cents % 100 == 0 else f"{page.goal_cents / 100:.2f}",
            "start_date": page.start_date,
            "end_date": page.end_date,
            "club_name": page.club_name,
            "distribution": page.distribution,
            "rule_categories": [c.pk for c in page.rule_categories.all()],
            "rule_districts": [d.pk for d in page.rule_districts.all()],
            "businesses": [row.business_id for row in page.listed_businesses.all()],
        }
