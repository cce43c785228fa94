from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Category, District


class SelectionForm(forms.Form):
    districts = forms.ModelMultipleChoiceField(
        District.objects.all(), label=_("Districts"), required=False, widget=forms.CheckboxSelectMultiple
    )
    categories = forms.ModelMultipleChoiceField(
        Category.objects.all(), label=_("Categories"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def clean(self):
        data = super().clean()
        if not data.get("districts") and not data.get("categories"):
            raise forms.ValidationError(_("Choose at least one district or one category."))
        return data


class SubscribeForm(SelectionForm):
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    # A field people never see (hidden with CSS, not type=hidden): bots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    privacy = forms.BooleanField(
        label=_("I agree that my email address is used only to send these alerts; I can unsubscribe at any time.")
    )

    field_order = ["email", "districts", "categories", "privacy", "website"]
