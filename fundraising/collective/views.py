"""The owner's opt-out of a collective campaign (before its start)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from owners.permissions import get_owned_business_or_404

from .beneficiaries import candidate_weights
from .models import CollectiveCampaignPage, OptOut


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def opt_out(request, campaign_pk, business_pk):
    business = get_owned_business_or_404(request.user, business_pk)
    campaign = CollectiveCampaignPage.objects.live().filter(pk=campaign_pk).first()
    if campaign is None or business.pk not in candidate_weights(campaign, include_opted_out=True):
        raise Http404
    already = OptOut.objects.filter(campaign=campaign, business=business).exists()
    context = {"campaign": campaign, "business": business, "already": already, "open": campaign.opt_out_open()}
    if request.method == "POST":
        if already:
            text = _("%(business)s does not take part in this campaign.") % {"business": business.title}
            messages.info(request, text)
            return redirect(reverse("owners:dashboard"))
        if not campaign.opt_out_open():
            return TemplateResponse(request, "collective/opt_out.html", context, status=409)
        with transaction.atomic():
            # Lock the campaign so an opt-out cannot slip in while the list is being frozen.
            locked = CollectiveCampaignPage.objects.select_for_update().get(pk=campaign.pk)
            if locked.frozen_at is not None:
                context["open"] = False
                return TemplateResponse(request, "collective/opt_out.html", context, status=409)
            try:
                with transaction.atomic():
                    OptOut.objects.create(campaign=campaign, business=business, user=request.user)
            except IntegrityError:
                pass  # a parallel click: opted out once
        messages.success(
            request,
            _("%(business)s will not take part in “%(campaign)s”.")
            % {"business": business.title, "campaign": campaign.title},
        )
        return redirect(reverse("owners:dashboard"))
    return TemplateResponse(request, "collective/opt_out.html", context)
