"""Editors' admin: match funds, manual payouts, connected accounts and allocations (Wagtail ModelViewSets)."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from commons.money import format_cents
from fundraising.payouts.models import ConnectedAccount, ManualPayout, MatchAllocation, MatchFund


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Stripe's state and allocations change only through webhooks and the allocation code, never by hand."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class NoDeleteFundPolicy(ModelPermissionPolicy):
    """A fund with allocations is history: deactivate it instead of deleting it."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" and instance.allocations.exists():
            return False
        return super().user_has_permission_for_instance(user, action, instance)


register_permission_policy(ConnectedAccount, ReadOnlyPolicy(ConnectedAccount))
register_permission_policy(MatchAllocation, ReadOnlyPolicy(MatchAllocation))
register_permission_policy(MatchFund, NoDeleteFundPolicy(MatchFund))


class MoneyColumn(Column):
    def get_value(self, instance):
        return format_cents(super().get_value(instance), decimals=2)


class MatchFundViewSet(ModelViewSet):
    name = "payouts_matchfund"
    url_prefix = "payouts/match-funds"
    model = MatchFund
    icon = "pick"
    menu_label = _("Match funds")
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = [
        "name",
        MoneyColumn("budget_cents", label=_("Budget")),
        MoneyColumn("allocated_cents", label=_("Allocated")),
        MoneyColumn("remaining_cents", label=_("Remaining")),
        "ratio",
        "starts_on",
        "ends_on",
        "active",
    ]
    list_filter = ["active"]
    list_export = ["name", "budget_cents", "allocated_cents", "remaining_cents", "ratio", "starts_on", "ends_on"]
    export_filename = "match-funds"
    search_fields = ["name", "name_en"]
    search_backend_name = None


class ManualPayoutCreateView(CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class ManualPayoutViewSet(ModelViewSet):
    name = "payouts_manualpayout"
    url_prefix = "payouts/manual-payouts"
    model = ManualPayout
    icon = "pick"
    menu_label = _("Manual payouts")
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["business", MoneyColumn("amount_cents", label=_("Amount")), "paid_on", "reference", "created_by"]
    list_filter = ["paid_on"]
    list_export = ["business", "amount_cents", "paid_on", "reference", "created_by", "created_at"]
    export_filename = "manual-payouts"
    search_fields = ["reference", "business__title"]
    search_backend_name = None

    add_view_class = ManualPayoutCreateView


class ConnectedAccountViewSet(ModelViewSet):
    name = "payouts_connectedaccount"
    url_prefix = "payouts/accounts"
    model = ConnectedAccount
    icon = "user"
    menu_label = _("Connected accounts")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = []
    list_display = ["business", "stripe_account_id", "charges_enabled", "payouts_enabled", "disabled_reason", "demo"]
    list_filter = ["charges_enabled", "payouts_enabled", "demo"]
    list_export = [
        "business",
        "stripe_account_id",
        "charges_enabled",
        "payouts_enabled",
        "details_submitted",
        "disabled_reason",
        "currently_due",
        "stripe_updated_at",
    ]
    export_filename = "connected-accounts"
    search_fields = ["stripe_account_id", "business__title"]
    search_backend_name = None


class MatchAllocationViewSet(ModelViewSet):
    name = "payouts_matchallocation"
    url_prefix = "payouts/allocations"
    model = MatchAllocation
    icon = "list-ul"
    menu_label = _("Match allocations")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = []
    list_display = [
        "fund",
        "business",
        "campaign",
        MoneyColumn("amount_cents", label=_("Match")),
        "created_at",
        "released_at",
    ]
    list_filter = ["fund", "created_at", "released_at"]
    list_export = ["fund", "business", "campaign", "pledge", "amount_cents", "created_at", "released_at"]
    export_filename = "match-allocations"
    search_fields = ["business__title"]
    search_backend_name = None


class PayoutsGroup(ViewSetGroup):
    menu_label = _("Payouts")
    menu_icon = "pick"
    menu_order = 310
    items = (MatchFundViewSet, MatchAllocationViewSet, ConnectedAccountViewSet, ManualPayoutViewSet)
