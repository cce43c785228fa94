"""Editors' admin for monthly support: a read-only list (with export) and a cancel action."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from commons.permissions import require_permission
from fundraising import subscriptions
from fundraising.models import RUNNING_STATES, Subscription, SubscriptionState
from fundraising.payments.base import GatewayError
from fundraising.viewsets import MoneyColumn, filterset_for

PERMISSION = "fundraising.cancel_subscription"


class ViewOnlyPolicy(ModelPermissionPolicy):
    """Subscriptions change only through Stripe's events and the cancel action: no add, edit or delete."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


register_permission_policy(Subscription, ViewOnlyPolicy(Subscription))


class CancelColumn(Column):
    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        running = instance.state in (SubscriptionState.PENDING, *RUNNING_STATES)
        if running and request and request.user.has_perm(PERMISSION):
            context["value"] = format_html(
                '<a class="button button-small button-secondary" href="{}">{}</a>',
                reverse("fundraising_admin_cancel_subscription", args=[instance.pk]),
                _("Cancel"),
            )
        else:
            context["value"] = ""
        return context


class SubscriptionViewSet(ModelViewSet):
    model = Subscription
    name = "fundraising_subscription"
    url_prefix = "fundraising/monthly-support"
    icon = "repeat"
    menu_label = gettext_lazy("Monthly support")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["display_name"]  # never shown: the policy allows no edit
    list_display = [
        "__str__",
        Column("reference", label=gettext_lazy("Reference")),
        "target",
        MoneyColumn("amount_cents", label=gettext_lazy("Monthly amount")),
        "state",
        "current_period_end",
        "created_at",
        "ended_at",
        CancelColumn("cancel", label=gettext_lazy("Cancel")),
    ]
    filterset_class = filterset_for(Subscription, ["state", "target", "created_at"], "target")
    list_export = [
        "pk",
        "reference",
        "target",
        "business",
        "amount_cents",
        "currency",
        "state",
        "name",
        "email",
        "display_name",
        "anonymous",
        "created_at",
        "activated_at",
        "current_period_end",
        "ended_at",
        "end_reason",
        "stripe_subscription_id",
        "stripe_customer_id",
    ]
    export_filename = "monthly-support"
    search_fields = ["name", "email", "stripe_subscription_id", "stripe_customer_id"]
    search_backend_name = None
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return Subscription.objects.select_related("target")


def cancel_view(request, pk):
    """Confirm, then cancel at the payment provider and here (the supporter is told by email)."""
    require_permission(request, PERMISSION)
    subscription = get_object_or_404(Subscription.objects.select_related("target"), pk=pk)
    if request.method == "POST":
        try:
            done = subscriptions.cancel(subscription, f"cancelled by an editor ({request.user.pk})")
        except GatewayError as error:
            messages.error(request, _("Cancelling failed: %(error)s") % {"error": error})
        else:
            if done:
                messages.success(request, _("The monthly support is cancelled; the supporter is told by email."))
            else:
                messages.warning(request, _("This monthly support is not running."))
        return redirect("fundraising_subscription:index")
    return TemplateResponse(
        request, "fundraising/admin/subscription_cancel_confirm.html", {"subscription": subscription}
    )
