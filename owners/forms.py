"""Owner-facing forms. They list exactly the fields an owner may change: anything else in a POST is ignored."""

import math

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField

from directory.models import AddressVisibility, Category, District

from .hours_forms import (  # noqa: F401  (re-exported: the views and tests import the hours forms from here)
    DATE_WIDGET,
    TIME_WIDGET,
    RegularHoursForm,
    RegularHoursFormSet,
    TemporaryHoursForm,
    TemporaryHoursFormSet,
    week_slots,
    week_slots_after_action,
)
from .models import Claim, Suggestion
from .richtext import has_formatting, keep_or_replace, richtext_to_plain

MAX_DISTANCE_KM = getattr(settings, "OWNERS_MAX_DISTANCE_KM", 60)


def distance_km(lat1, lng1, lat2, lng2):
    """Great-circle distance (haversine)."""
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat, dlng = rlat2 - rlat1, math.radians(lng2 - lng1)
    a = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlng / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


class CoordinatesMixin:
    """Optional lat/lng (set by the map picker): both or neither, finite, near the city."""

    def clean_coordinates(self, cleaned):
        lat, lng = cleaned.get("lat"), cleaned.get("lng")
        if (lat is None) != (lng is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))
        if lat is None:
            return
        if not (math.isfinite(lat) and math.isfinite(lng)) or not (-90 <= lat <= 90 and -180 <= lng <= 180):
            raise ValidationError(_("These coordinates are not valid."))
        center_lat, center_lng = settings.MAP_CENTER
        if distance_km(lat, lng, center_lat, center_lng) > MAX_DISTANCE_KM:
            raise ValidationError(_("This point is too far away from %(city)s.") % {"city": settings.CITY_NAME})


class BusinessProfileForm(CoordinatesMixin, forms.Form):
    """Everything an owner can say about the business. Used for registration and for later edits."""

    title = forms.CharField(label=_("Name of the business"), max_length=120)
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"), queryset=Category.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    short_description = forms.CharField(
        label=_("Short description"),
        max_length=200,
        help_text=_("One or two sentences for the directory card and the map (max. 200 characters)."),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 200}),
    )
    description = forms.CharField(
        label=_("Full description"),
        max_length=5000,
        required=False,
        help_text=_("Plain text. An empty line starts a new paragraph."),
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": 5000}),
    )

    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.all(), empty_label=_("Choose the district")
    )
    street = forms.CharField(
        label=_("Street and number"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "address-line1"})
    )
    postcode = forms.RegexField(
        label=_("Postcode"),
        max_length=10,
        regex=r"^[0-9A-Za-z\- ]{3,10}$",
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    city = forms.CharField(
        label=_("City"), max_length=80, widget=forms.TextInput(attrs={"autocomplete": "address-level2"})
    )
    address_visibility = forms.ChoiceField(
        label=_("What may the public see?"),
        choices=AddressVisibility.choices,
        initial=AddressVisibility.EXACT,
        widget=forms.RadioSelect,
    )
    lat = forms.FloatField(
        label=_("Latitude"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "any"}),
        help_text=_("Optional. Without a point, the centre of the district is used."),
    )
    lng = forms.FloatField(label=_("Longitude"), required=False, widget=forms.NumberInput(attrs={"step": "any"}))

    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        validators=[RegexValidator(r"^[0-9+()/ \-]{3,40}$", _("Use digits, spaces and + ( ) / - only."))],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("Email for customers"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    shop_url = forms.URLField(label=_("Online shop"), required=False, assume_scheme="https")
    instagram_url = forms.URLField(label=_("Instagram"), required=False, assume_scheme="https")
    facebook_url = forms.URLField(label=_("Facebook"), required=False, assume_scheme="https")
    mastodon_url = forms.URLField(label=_("Mastodon"), required=False, assume_scheme="https")

    offers_delivery = forms.BooleanField(label=_("We deliver"), required=False)
    offers_pickup = forms.BooleanField(label=_("Pick-up possible"), required=False)
    has_online_shop = forms.BooleanField(label=_("We have an online shop"), required=False)
    sells_vouchers = forms.BooleanField(label=_("We sell vouchers"), required=False)
    situation_note = forms.CharField(
        label=_("Current situation"),
        max_length=600,
        required=False,
        help_text=_("What is different right now, e.g. 'Only pick-up, order by phone'."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 600}),
    )

    logo = WagtailImageField(label=_("Logo"), required=False)
    photo = WagtailImageField(label=_("Photo"), required=False, help_text=_("A photo of your shop or your work."))
    photo_alt = forms.CharField(
        label=_("What does the photo show?"),
        max_length=200,
        required=False,
        help_text=_("A short description for people who cannot see the image."),
    )

    PAGE_FIELDS = [
        "title",
        "short_description",
        "district",
        "street",
        "postcode",
        "city",
        "address_visibility",
        "phone",
        "email",
        "website",
        "shop_url",
        "instagram_url",
        "facebook_url",
        "mastodon_url",
        "offers_delivery",
        "offers_pickup",
        "has_online_shop",
        "sells_vouchers",
        "situation_note",
    ]
    SECTIONS = [
        (_("About the business"), ["title", "categories", "short_description", "description"]),
        (_("Address"), ["district", "street", "postcode", "city", "address_visibility"]),
        (_("Contact"), ["phone", "email", "website", "shop_url", "instagram_url", "facebook_url", "mastodon_url"]),
        (_("Services"), ["offers_delivery", "offers_pickup", "has_online_shop", "sells_vouchers", "situation_note"]),
        (_("Pictures"), ["logo", "photo", "photo_alt"]),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].initial = settings.CITY_NAME
        for name in ("logo", "photo"):
            self.fields[name].widget.attrs["accept"] = "image/*"

    def sections(self):
        return [(heading, [self[name] for name in names]) for heading, names in self.SECTIONS]

    def note_formatting(self, page):
        """Tell the owner that the editors formatted the text, and what an edit of it does."""
        if has_formatting(page.description):
            self.fields["description"].help_text = _(
                "The editors added formatting (e.g. bold text or links). It stays as long as you do not change this "
                "text; if you change it, it becomes plain text. An empty line starts a new paragraph."
            )

    @classmethod
    def initial_from_page(cls, page):
        initial = {name: getattr(page, name) for name in cls.PAGE_FIELDS}
        initial["district"] = page.district_id
        initial["categories"] = [c.pk for c in page.categories.all()]
        initial["description"] = richtext_to_plain(page.description)
        initial["lat"], initial["lng"] = page.lat, page.lng
        return initial

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError(_("Please enter a name."))
        return title

    def clean(self):
        cleaned = super().clean()
        try:
            self.clean_coordinates(cleaned)
        except ValidationError as error:
            self.add_error("lat", error)
        if cleaned.get("photo") and not cleaned.get("photo_alt", "").strip():
            self.add_error("photo_alt", _("Please describe the photo in a few words."))
        return cleaned

    def apply(self, page):
        """Copy the owner's fields onto `page` (in memory; the caller saves a revision)."""
        data = self.cleaned_data
        for name in self.PAGE_FIELDS:
            setattr(page, name, data[name])
        page.description = keep_or_replace(page.description, data.get("description", ""))
        page.categories = list(data["categories"])
        lat, lng = data.get("lat"), data.get("lng")
        if lat is None:
            district = data["district"]
            lat, lng = district.center_lat, district.center_lng
        page.location = f"SRID=4326;POINT({lng:.6f} {lat:.6f})"
        return page


def formset_rows(formset):
    """The filled-in, not deleted rows of a valid formset."""
    return [form.cleaned_data for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


class QuickUpdateForm(forms.Form):
    """The seconds-long phone update: closed today, different hours today, closed until further notice."""

    closed_today = forms.BooleanField(label=_("Closed today"), required=False)
    today_opens = forms.TimeField(label=_("Today opens at"), required=False, widget=TIME_WIDGET)
    today_closes = forms.TimeField(label=_("Today closes at"), required=False, widget=TIME_WIDGET)
    temporarily_closed = forms.BooleanField(label=_("Closed until further notice"), required=False)

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("today_opens") is None) != (cleaned.get("today_closes") is None):
            self.add_error("today_closes", _("Give both times, or neither."))
        if cleaned.get("closed_today") and cleaned.get("today_opens"):
            self.add_error("closed_today", _("Either closed today or different hours today, not both."))
        return cleaned


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the co-owner"), max_length=254)


class ClaimForm(forms.ModelForm):
    class Meta:
        model = Claim
        fields = ["role", "phone", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4, "maxlength": 1000})}
        help_texts = {"role": _("e.g. owner, managing director")}


class SuggestionForm(CoordinatesMixin, forms.ModelForm):
    # Honeypot: people never see or fill it (hidden with CSS and from screen readers); bots do.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Suggestion
        fields = ["name", "address", "district", "reason", "contact_name", "contact_email", "lat", "lng"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4, "maxlength": 1000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].empty_label = _("I don't know")

    def clean(self):
        cleaned = super().clean()
        try:
            self.clean_coordinates(cleaned)
        except ValidationError as error:
            self.add_error(None, error)
        if not (cleaned.get("address") or "").strip() and cleaned.get("lat") is None and not cleaned.get("district"):
            self.add_error("address", _("Tell us where the business is: an address, a district or a map pin."))
        return cleaned
