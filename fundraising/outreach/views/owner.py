"""The owner's "Spread the word" screen: posters, the widget snippet and campaign updates for their business."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from directory.ownership import get_owned_business_or_404
from fundraising.models import CampaignPage

from .. import updates
from ..models import UPDATE_MAX_LENGTH, CampaignUpdate
from .common import absolute_url, poster_response


class UpdateForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your update"),
        max_length=UPDATE_MAX_LENGTH,
        min_length=3,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Plain text, up to 1000 characters. It appears on your campaign page and is emailed to supporters who "
            "asked for updates."
        ),
    )

    def clean_text(self):
        text = updates.normalise(self.cleaned_data["text"])
        if len(text) < 3:
            raise forms.ValidationError(_("Please write a few words."))
        if "\x00" in text:
            raise forms.ValidationError(_("The text contains characters that are not allowed."))
        return text


def campaigns_of(business):
    return CampaignPage.objects.child_of(business).order_by("-start_date", "-pk")


def chosen_campaign(business, raw_pk):
    """The campaign from ?campaign= if it is a child of this business, else the newest one (or None)."""
    campaigns = campaigns_of(business)
    if raw_pk not in (None, ""):
        try:
            pk = int(raw_pk)
        except (TypeError, ValueError):
            raise Http404
        campaign = campaigns.filter(pk=pk).first()
        if campaign is None:
            raise Http404
        return campaign
    return campaigns.first()


@login_required
@never_cache
def outreach_page(request, business_pk):
    business = get_owned_business_or_404(request.user, business_pk)
    campaign = chosen_campaign(business, request.GET.get("campaign") or request.POST.get("campaign"))
    form = UpdateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if campaign is None:
            raise Http404
        if form.is_valid():
            try:
                update = updates.post_update(campaign, request.user, form.cleaned_data["text"])
            except updates.UpdateRejected as error:
                form.add_error("text", str(error))
                status = 409
            else:
                messages.success(
                    request,
                    _("Your update is online. We are emailing it to %(count)d supporters.")
                    % {"count": update.recipients},
                )
                url = reverse("outreach:owner", args=[business.pk]) + f"?campaign={campaign.pk}#updates"
                return redirect(url)
        else:
            status = 400
    widget_url = widget_snippet = None
    if campaign is not None and campaign.live:
        widget_url = absolute_url(campaign) + "widget/"
        widget_snippet = (
            f'<iframe src="{escape(widget_url)}" title="{escape(campaign.title)}" width="320" height="260" '
            'loading="lazy" style="border:0;max-width:100%"></iframe>'
        )
    context = {
        "business": business,
        "campaign": campaign,
        "campaigns": list(campaigns_of(business)[:20]),
        "form": form,
        "updates": CampaignUpdate.objects.filter(campaign=campaign).order_by("-created_at", "-pk")[:50]
        if campaign
        else [],
        "widget_url": widget_url,
        "widget_snippet": widget_snippet,
    }
    return TemplateResponse(request, "outreach/owner/outreach.html", context, status=status)


@login_required
def owner_poster(request, business_pk, fmt):
    """Owners' posters: also for a campaign still waiting for approval, or for the business alone."""
    business = get_owned_business_or_404(request.user, business_pk)
    campaign = chosen_campaign(business, request.GET.get("campaign"))
    if request.GET.get("business_only"):
        campaign = None
    return poster_response(request, business, campaign, fmt)
