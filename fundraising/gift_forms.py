"""The pledge form's optional "send as a gift" part (mixed into fundraising.forms.PledgeForm)."""

import datetime

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fundraising.models import RewardKind
from fundraising.models.gift import GIFT_MAX_DAYS_AHEAD, GIFT_MESSAGE_MAX

GIFT_FIELDS = ("gift_recipient_name", "gift_recipient_email", "gift_sender_name", "gift_message", "gift_deliver_on")


def clean_plain_text(value):
    """Plain text as typed, line endings normalised, control characters (but newlines) removed; HTML stays text
    and is escaped wherever it is shown."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(ch for ch in value if ch == "\n" or ch >= " ")
    return "\n".join(line.rstrip() for line in value.strip().split("\n"))


class GiftFields(forms.Form):
    gift = forms.BooleanField(label=gettext_lazy("Yes, send the voucher as a gift"), required=False)
    gift_recipient_name = forms.CharField(
        label=gettext_lazy("Recipient's name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    gift_recipient_email = forms.EmailField(
        label=gettext_lazy("Recipient's email address"),
        max_length=254,
        required=False,
        help_text=gettext_lazy("The recipient gets the voucher by email on the delivery date."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    gift_sender_name = forms.CharField(
        label=gettext_lazy("From"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Shown on the voucher as “Gift from …”. Empty: your name."),
    )
    gift_message = forms.CharField(
        label=gettext_lazy("Your message to the recipient"),
        max_length=GIFT_MESSAGE_MAX,
        required=False,
        validators=[MaxLengthValidator(GIFT_MESSAGE_MAX)],
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": GIFT_MESSAGE_MAX}),
        help_text=gettext_lazy("Optional, up to 300 characters, plain text. Printed on the voucher."),
    )
    gift_deliver_on = forms.DateField(
        label=gettext_lazy("Delivery date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        help_text=gettext_lazy("Today or a later day, at most one year ahead."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        widget = self.fields["gift_deliver_on"].widget
        widget.attrs["min"] = today.isoformat()
        widget.attrs["max"] = (today + datetime.timedelta(days=GIFT_MAX_DAYS_AHEAD)).isoformat()
        if not self.is_bound:
            self.initial.setdefault("gift_deliver_on", today)

    def clean_gift_message(self):
        return clean_plain_text(self.cleaned_data.get("gift_message"))

    def clean_gift_recipient_name(self):
        return " ".join((self.cleaned_data.get("gift_recipient_name") or "").split())

    def clean_gift_sender_name(self):
        return " ".join((self.cleaned_data.get("gift_sender_name") or "").split())

    def clean(self):
        data = super().clean()
        if not data.get("gift"):
            # Not a gift: whatever the hidden fields hold is ignored, errors included.
            for name in GIFT_FIELDS:
                data.pop(name, None)
                self._errors.pop(name, None)
            return data
        if not data.get("gift_recipient_name") and "gift_recipient_name" not in self.errors:
            self.add_error("gift_recipient_name", _("Enter the recipient's name."))
        if not data.get("gift_recipient_email") and "gift_recipient_email" not in self.errors:
            self.add_error("gift_recipient_email", _("Enter the recipient's email address."))
        day = data.get("gift_deliver_on")
        today = timezone.localdate()
        if day is None:
            if "gift_deliver_on" not in self.errors:
                self.add_error("gift_deliver_on", _("Enter the delivery date."))
        elif day < today:
            self.add_error("gift_deliver_on", _("The delivery date cannot be in the past."))
        elif day > today + datetime.timedelta(days=GIFT_MAX_DAYS_AHEAD):
            latest = date_format(today + datetime.timedelta(days=GIFT_MAX_DAYS_AHEAD), "SHORT_DATE_FORMAT")
            self.add_error("gift_deliver_on", _("Choose a delivery date until %(date)s.") % {"date": latest})
        reward = data.get("reward")
        if not reward or getattr(reward, "kind", "") != RewardKind.VOUCHER:
            self.add_error("reward", _("Choose a voucher to send it as a gift."))
        return data
