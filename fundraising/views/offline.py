"""Owners record an offline pledge (cash, bank transfer, grant) for their own campaign — only where the site's
FundraisingSettings allow it. The campaign comes from the URL and is loaded as a child of the owner's business
(directory.ownership): no form field names a campaign, so no post can point the pledge at another business."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from directory.ownership import get_owned_business_or_404
from fundraising import offline
from fundraising.models import CampaignPage, FundraisingSettings
from fundraising.offline_forms import CLOSED_MESSAGE, OfflinePledgeForm


def owners_may_record(request):
    return FundraisingSettings.for_request(request).owners_record_offline_pledges


@login_required
def owner_record(request, business_pk, pk):
    business = get_owned_business_or_404(request.user, business_pk)
    campaign = CampaignPage.objects.child_of(business).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    if not owners_may_record(request):
        raise PermissionDenied
    form = OfflinePledgeForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if offline.closed_for_good(campaign):
            form.is_valid()
            form.add_error(None, CLOSED_MESSAGE)
        if form.is_valid():
            data = form.cleaned_data
            pledge = offline.record_from_form(campaign, data, request.user)
            voucher = pledge.vouchers.first()
            messages.success(request, _("The offline pledge was recorded and counts towards the campaign."))
            if voucher is not None:
                return redirect("fundraising:voucher", voucher.token)
            return redirect("fundraising:owner_campaign", business.pk, campaign.pk)
        status = 400
    context = {"business": business, "campaign": campaign, "form": form}
    return TemplateResponse(request, "fundraising/owner/offline_pledge.html", context, status=status)
