"""The buyer's gift page: who gets the voucher and when; correct the address and send it again.

Reached only with the pledge's secret token (the link in the buyer's confirmation). Corrections are rate-limited
per pledge and per client address, so the page cannot be used to send mail to many addresses."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commons.ratelimit import Limit
from fundraising import gifts
from fundraising.models import Pledge, PledgeGift

RESENDS_PER_PLEDGE = Limit("gift-resend:pledge", "3/h", per=Limit.KEY)
RESENDS_PER_ADDRESS = Limit("gift-resend:address", "10/h")


class GiftRecipientForm(forms.Form):
    recipient_name = forms.CharField(label=gettext_lazy("Recipient's name"), max_length=100)
    recipient_email = forms.EmailField(label=gettext_lazy("Recipient's email address"), max_length=254)

    def clean_recipient_name(self):
        name = " ".join(self.cleaned_data["recipient_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the recipient's name."))
        return name


def _gift(token):
    if not token or len(token) > 64:
        raise Http404
    pledge = get_object_or_404(Pledge.objects.select_related("target"), public_token=token)
    gift = PledgeGift.objects.filter(pledge=pledge).first()
    if gift is None:
        raise Http404
    return pledge, gift


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def gift_page(request, token):
    pledge, gift = _gift(token)
    form = GiftRecipientForm(
        request.POST or None,
        initial={"recipient_name": gift.recipient_name, "recipient_email": gift.recipient_email},
    )
    status = 200
    if request.method == "POST":
        if not (RESENDS_PER_ADDRESS.hit(request) and RESENDS_PER_PLEDGE.hit(request, key=pledge.pk)):
            return _private(TemplateResponse(request, "fundraising/rate_limited.html", {}, status=429))
        if form.is_valid():
            sent = gifts.resend(gift, form.cleaned_data["recipient_name"], form.cleaned_data["recipient_email"])
            if sent:
                messages.success(request, _("The gift is on its way to the new address."))
            else:
                messages.success(request, _("Saved. The gift will go to this address on the delivery date."))
            return redirect("fundraising:gift", token)
        status = 400
    context = {"pledge": pledge, "gift": gift, "form": form, "campaign": pledge.target}
    return _private(TemplateResponse(request, "fundraising/gift.html", context, status=status))
