"""The editors' screen for pausing, resuming and extending all running campaigns (fundraising.crisis)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commons.permissions import require_permission
from fundraising import crisis
from fundraising.models import CampaignPause

PERMISSION = "fundraising.add_campaignpause"


class CrisisForm(forms.Form):
    ACTIONS = [
        ("pause", gettext_lazy("Pause all running campaigns")),
        ("resume", gettext_lazy("Resume the campaigns")),
        ("extend", gettext_lazy("Extend all running campaigns")),
    ]
    action = forms.ChoiceField(label=gettext_lazy("Action"), choices=ACTIONS, widget=forms.RadioSelect)
    days = forms.IntegerField(
        label=gettext_lazy("Days to extend by"),
        min_value=1,
        max_value=90,
        required=False,
        help_text=gettext_lazy(
            "For “extend”; on “resume”, the campaigns are extended by the length of the pause "
            "when this is empty and the box below is ticked."
        ),
    )
    extend_on_resume = forms.BooleanField(
        label=gettext_lazy("On resume, extend the campaigns by the days they were paused"),
        required=False,
        initial=True,
    )
    notice = forms.CharField(
        label=gettext_lazy("Notice (German)"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    notice_en = forms.CharField(
        label=gettext_lazy("Notice (English)"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    notify_owners = forms.BooleanField(
        label=gettext_lazy("Tell the businesses' owners by email"), required=False, initial=True
    )
    notify_supporters = forms.BooleanField(
        label=gettext_lazy("Tell the supporters by email (one email per address)"), required=False, initial=True
    )
    confirm = forms.BooleanField(label=gettext_lazy("Yes, do it now"))

    def clean(self):
        data = super().clean()
        paused = CampaignPause.current() is not None
        action = data.get("action")
        if action == "pause" and paused:
            raise forms.ValidationError(_("The campaigns are already paused."))
        if action == "pause" and not data.get("notice"):
            self.add_error("notice", _("Tell people why (shown on every campaign page)."))
        if action == "resume" and not paused:
            raise forms.ValidationError(_("The campaigns are not paused."))
        if action == "extend" and not data.get("days"):
            self.add_error("days", _("How many days?"))
        return data


def crisis_view(request):
    require_permission(request, PERMISSION)
    form = CrisisForm(request.POST or None)
    running = crisis.running_campaigns()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        action, days = data["action"], data.get("days") or 0
        if action == "pause":
            try:
                crisis.pause(request.user, data["notice"], data["notice_en"])
            except crisis.PauseError:  # another editor was faster
                messages.error(request, _("The campaigns are already paused."))
                return redirect("fundraising_admin_crisis")
            messages.success(request, _("All campaigns are paused."))
        elif action == "resume":
            paused_days = crisis.resume(request.user) or 0
            if not days and data["extend_on_resume"]:
                days = paused_days
            messages.success(request, _("The campaigns are running again."))
        if days and action in ("resume", "extend"):
            extended, skipped = crisis.extend(running, days, request.user)
            messages.success(
                request, _("%(count)d campaigns extended by %(days)d days.") % {"count": len(extended), "days": days}
            )
            for campaign, reason in skipped:
                messages.warning(
                    request,
                    _("Not extended: %(title)s (%(reason)s)")
                    % {
                        "title": campaign.title,
                        "reason": _("has unpublished changes")
                        if reason == "draft"
                        else _("would run longer than a year"),
                    },
                )
        owners, supporters = crisis.tell(
            action,
            running,
            data["notice"],
            data["notice_en"],
            days,
            owners=data["notify_owners"],
            supporters=data["notify_supporters"],
        )
        if owners or supporters:
            messages.info(
                request,
                _("Emails queued: %(owners)d owners, %(supporters)d supporters.")
                % {"owners": owners, "supporters": supporters},
            )
        return redirect("fundraising_admin_crisis")
    return TemplateResponse(
        request,
        "fundraising/admin/crisis.html",
        {
            "form": form,
            "running": running,
            "pause": CampaignPause.current(),
            "history": CampaignPause.objects.select_related("started_by", "ended_by")[:10],
            "header_title": _("Campaigns in a crisis"),
        },
    )
