from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from commons.money import format_cents, parse_amount_to_cents
from fundraising.conf import conf
from fundraising.gift_forms import GiftFields
from fundraising.models import Reward

OTHER = "other"
ONCE, MONTHLY = "once", "monthly"


class RewardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, reward):
        return reward.title


class PledgeForm(GiftFields, forms.Form):
    # Monthly support (fundraising.subscriptions) when the setting FUNDRAISING_MONTHLY_SUPPORT is on.
    frequency = forms.ChoiceField(
        label=_("How often?"),
        choices=[(ONCE, _("Once")), (MONTHLY, _("Support monthly"))],
        required=False,
        initial=ONCE,
        widget=forms.RadioSelect,
        help_text=_("Monthly: the same amount every month until you cancel or the campaign ends; without a reward."),
    )
    amount = forms.ChoiceField(label=_("Amount"), required=False, widget=forms.RadioSelect)
    custom_amount = forms.CharField(
        label=_("Other amount in euros"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "placeholder": "20"}),
    )
    reward = RewardChoiceField(
        label=_("Reward"),
        queryset=Reward.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=_("No reward, just support"),
    )
    name = forms.CharField(label=_("Your name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("For your receipt and vouchers. Never shown publicly."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    display_name = forms.CharField(
        label=_("Public name"),
        max_length=60,
        required=False,
        help_text=_("Shown in the list of supporters. Leave empty to appear as anonymous."),
    )
    anonymous = forms.BooleanField(label=_("Support anonymously"), required=False)
    message = forms.CharField(
        label=_("Message to the business"),
        required=False,
        max_length=500,
        validators=[MaxLengthValidator(500)],
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        help_text=_("Optional. Shown publicly after review, up to 500 characters."),
    )
    # Consent to the contract's terms. The privacy policy is information (Art. 13 GDPR), linked beside the form and
    # never ticked: the processing rests on the contract (Art. 6 (1) b GDPR), not on consent.
    accept_terms = forms.BooleanField(label=_("I accept the terms of use."))
    # A honeypot: hidden from people, filled by naive bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, campaign, settings, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.settings = settings
        self.presets = settings.preset_cents_list()
        if not conf.FUNDRAISING_MONTHLY_SUPPORT:
            del self.fields["frequency"]
        self.fields["amount"].choices = [(str(c), format_cents(c)) for c in self.presets] + [(OTHER, _("Other"))]
        self.fields["reward"].queryset = campaign.rewards.all()
        self.fields["message"].label = campaign.pledge_message_label
        if self.presets and not self.is_bound:
            self.initial.setdefault("amount", str(self.presets[min(1, len(self.presets) - 1)]))
        self.fields["custom_amount"].help_text = _("Between %(min)s and %(max)s.") % {
            "min": format_cents(settings.min_pledge_cents),
            "max": format_cents(settings.max_pledge_cents),
        }

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Your pledge could not be accepted."))
        return ""

    def clean_display_name(self):
        return " ".join(self.cleaned_data.get("display_name", "").split())

    def clean(self):
        data = super().clean()
        custom = (data.get("custom_amount") or "").strip()
        choice = data.get("amount") or ""
        if custom or choice == OTHER:
            cents = parse_amount_to_cents(custom)
            if cents is None:
                self.add_error(
                    "custom_amount", _("Enter an amount in euros, e.g. 20 or 20,50 (at most two decimal places).")
                )
                return data
        elif choice:
            cents = int(choice)  # a validated preset choice
        else:
            self.add_error("amount", _("Choose or enter an amount."))
            return data
        field = "custom_amount" if custom or choice == OTHER else "amount"
        if cents < self.settings.min_pledge_cents:
            self.add_error(field, _("The minimum is %(min)s.") % {"min": format_cents(self.settings.min_pledge_cents)})
        elif cents > self.settings.max_pledge_cents:
            self.add_error(field, _("The maximum is %(max)s.") % {"max": format_cents(self.settings.max_pledge_cents)})
        reward = data.get("reward")
        data["monthly"] = data.get("frequency") == MONTHLY
        if data["monthly"] and reward:
            self.add_error("reward", _("Monthly support comes without a reward: choose “No reward, just support”."))
        elif reward and cents < reward.min_pledge_cents:
            self.add_error(
                "reward",
                _("This reward needs a pledge of at least %(min)s.") % {"min": format_cents(reward.min_pledge_cents)},
            )
        data["amount_cents"] = cents
        if data.get("anonymous"):
            data["display_name"] = ""
        return data
