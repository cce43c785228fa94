"""Editors record offline pledges (cash, bank transfer, grant) in the Wagtail admin, and open their evidence.

A small viewset with its own menu item under Fundraising: permission `fundraising.add_pledge` (granted to the
editor groups by migration 0018). The pledge list itself stays read-mostly (fundraising.viewsets)."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from commons.permissions import require_permission
from fundraising import offline
from fundraising.models import Pledge
from fundraising.offline_forms import EditorOfflinePledgeForm

PERMISSION = "fundraising.add_pledge"


def record_view(request):
    require_permission(request, PERMISSION)
    form = EditorOfflinePledgeForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            pledge = offline.record_from_form(data["target"], data, request.user)
            voucher = pledge.vouchers.first()
            text = _("Offline pledge #%(id)s recorded.") % {"id": pledge.pk}
            # The payer may have no email address: the editors hand over or post the confirmation themselves.
            text += " " + _("Payment confirmation: %(url)s") % {
                "url": reverse("fundraising:confirmation_pdf", args=[pledge.public_token])
            }
            if voucher is not None:
                text += " " + _("Voucher %(code)s: %(url)s") % {
                    "code": voucher.display_code,
                    "url": reverse("fundraising:voucher", args=[voucher.token]),
                }
            messages.success(request, text)
            return redirect("fundraising_pledge:index")
        status = 400
    return TemplateResponse(request, "fundraising/admin/offline_pledge.html", {"form": form}, status=status)


def evidence_view(request, pk):
    """The evidence file of an offline pledge, for editors only (it lives outside MEDIA_ROOT)."""
    require_permission(request, "fundraising.view_pledge")
    pledge = get_object_or_404(Pledge, pk=pk)
    if not pledge.offline_evidence:
        raise Http404
    response = FileResponse(pledge.offline_evidence.open("rb"), as_attachment=True)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class OfflineMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


class OfflinePledgeViewSet(ViewSet):
    name = "fundraising_offline"
    url_prefix = "fundraising/offline"
    icon = "pick"
    menu_label = gettext_lazy("Record offline pledge")
    add_to_admin_menu = False

    @property
    def menu_url(self):
        return reverse(self.get_url_name("record"))

    def get_menu_item(self, order=None):
        return OfflineMenuItem(
            label=self.menu_label, url=self.menu_url, name=self.menu_name, icon_name=self.menu_icon, order=order or 0
        )

    def get_urlpatterns(self):
        return [
            path("", record_view, name="record"),
            path("<int:pk>/evidence/", evidence_view, name="evidence"),
        ]
