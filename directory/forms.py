"""Admin form for BusinessPage: the location must be set (the geo widget leaves it empty until touched)."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm


class BusinessPageAdminForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        if "location" in self.fields and not (cleaned.get("location") or "").strip():
            self.add_error(
                "location",
                _("Set the location: search the address or drag the marker to the entrance of the business."),
            )
        return cleaned
