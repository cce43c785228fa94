"""The admin form of pages with rewards: a reward's fixed validity is checked against the page's own end date as
entered in the same form (the reward's model check alone sees the page as stored, or nothing for a new page)."""

from wagtail.admin.forms import WagtailAdminPageForm

from fundraising.legal import short_validity_message, too_short


class RewardPageAdminForm(WagtailAdminPageForm):
    def is_valid(self):
        valid = super().is_valid()
        end_date = getattr(self, "cleaned_data", {}).get("end_date")
        formset = self.formsets.get("rewards")
        if not end_date or formset is None:
            return valid
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            valid_until = data.get("valid_until")
            if data.get("DELETE") or not valid_until or not too_short(valid_until, end_date):
                continue
            form.add_error("valid_until", short_validity_message(end_date))
            valid = False
        return valid
