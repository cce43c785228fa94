"""Forms to record an offline pledge: the owner's (for the campaign in the URL only) and the editor's (any page that
takes pledges)."""

import os

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commons.money import format_cents, parse_amount_to_cents
from fundraising import offline, targets
from fundraising.models import OFFLINE_METHODS, PaymentMethod

MAX_OFFLINE_CENTS = 10_000_000  # 100,000 € — a grant can be larger than any online pledge
EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
EVIDENCE_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png")
CLOSED_MESSAGE = gettext_lazy("This business has closed for good: it takes no more pledges, offline ones included.")


class OfflinePledgeForm(forms.Form):
    amount = forms.CharField(
        label=gettext_lazy("Amount in euros"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    method = forms.ChoiceField(
        label=gettext_lazy("Payment method"),
        choices=[(m.value, m.label) for m in PaymentMethod if m in OFFLINE_METHODS],
        widget=forms.RadioSelect,
    )
    reference = forms.CharField(
        label=gettext_lazy("Reference"),
        max_length=120,
        help_text=gettext_lazy("Receipt number, bank reference or the grant's file number."),
    )
    evidence = forms.FileField(
        label=gettext_lazy("Evidence (optional)"),
        required=False,
        help_text=gettext_lazy("PDF, JPG or PNG, at most 5 MB. Only editors can open it; it is never public."),
    )
    name = forms.CharField(label=gettext_lazy("Supporter's name (optional)"), max_length=100, required=False)
    email = forms.EmailField(
        label=gettext_lazy("Supporter's email address (optional)"),
        max_length=254,
        required=False,
        help_text=gettext_lazy("With an address the supporter gets the confirmation and the voucher by email."),
    )
    issue_voucher = forms.BooleanField(
        label=gettext_lazy("Issue a voucher worth the amount"),
        required=False,
        help_text=gettext_lazy("Without an email address, print the voucher from its link and hand it over."),
    )

    def clean_amount(self):
        cents = parse_amount_to_cents((self.cleaned_data.get("amount") or "").strip())
        if cents is None or cents <= 0:
            raise forms.ValidationError(_("Enter an amount in euros, e.g. 20 or 20,50 (at most two decimal places)."))
        if cents > MAX_OFFLINE_CENTS:
            raise forms.ValidationError(_("The maximum is %(max)s.") % {"max": format_cents(MAX_OFFLINE_CENTS)})
        return cents

    def clean_reference(self):
        reference = " ".join(self.cleaned_data.get("reference", "").split())
        if not reference:
            raise forms.ValidationError(_("Enter a reference."))
        return reference

    def clean_name(self):
        return " ".join(self.cleaned_data.get("name", "").split())

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if not upload:
            return None
        if upload.size > EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        extension = os.path.splitext(upload.name)[1].lower()
        if extension not in EVIDENCE_EXTENSIONS:
            raise forms.ValidationError(_("Upload a PDF, JPG or PNG file."))
        head = upload.read(8)
        upload.seek(0)
        if not (head.startswith(b"%PDF") or head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG")):
            raise forms.ValidationError(_("Upload a PDF, JPG or PNG file."))
        return upload


class EditorOfflinePledgeForm(OfflinePledgeForm):
    target = forms.ModelChoiceField(label=gettext_lazy("Campaign"), queryset=None)

    field_order = ["target"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = targets.admin_page_queryset()

    def clean_target(self):
        page = self.cleaned_data["target"].specific
        if not targets.is_target(page):
            raise forms.ValidationError(_("This page does not take pledges."))
        if offline.closed_for_good(page):
            raise forms.ValidationError(CLOSED_MESSAGE)
        return page
