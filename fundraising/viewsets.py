"""Editors' admin for pledges, vouchers and supporter messages (Wagtail ModelViewSets)."""

from collections import OrderedDict

import django_filters

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import multigetattr
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from commons.money import format_cents
from fundraising import pledge_kinds, targets
from fundraising.models import ClosureOffer, Pledge, PledgeState, Redemption, StripeEvent, Voucher
from fundraising.offline_admin import OfflinePledgeViewSet


def _target_pages(request):
    """The pages of every registered pledge target type (fundraising.targets), for the "campaign" filters."""
    return targets.admin_page_queryset()


def filterset_for(model, fields, page_field):
    """A filter set for `fields`, with `page_field` (a page reference) offering only pledge target pages rather than
    every page of the site."""
    labels = {"target": _("campaign"), "scope": _("valid in")}
    attrs = {
        page_field: django_filters.ModelChoiceFilter(label=labels[page_field], queryset=_target_pages),
        "Meta": type("Meta", (), {"model": model, "fields": fields}),
    }
    return type(f"{model.__name__}FilterSet", (WagtailFilterSet,), attrs)


class ReadMostlyPolicy(ModelPermissionPolicy):
    """Payments are never created or deleted by hand: no add, no delete, for anyone."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


for _model in (Pledge, Voucher, StripeEvent, Redemption):
    register_permission_policy(_model, ReadMostlyPolicy(_model))


class MoneyColumn(Column):
    def get_value(self, instance):
        return format_cents(super().get_value(instance), decimals=2)


class RefundColumn(Column):
    """ "refund requested" once asked; a refund button only for paid pledges and editors with `refund_pledge`."""

    def get_value(self, instance, may_refund=False):
        if instance.state not in (PledgeState.PAID, PledgeState.DISPUTED):
            return ""
        if instance.refund_requested_at:
            return _("refund requested")
        if not may_refund:
            return ""
        return format_html(
            '<a class="button button-small button-secondary" href="{}">{}</a>',
            reverse("fundraising_admin_refund", args=[instance.pk]),
            _("Refund"),
        )

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        may_refund = bool(request and request.user.has_perm("fundraising.refund_pledge"))
        context["value"] = self.get_value(instance, may_refund)
        return context


class EvidenceColumn(Column):
    """A download link to an offline pledge's evidence (stored outside MEDIA_ROOT; fundraising.offline_admin)."""

    def get_value(self, instance):
        if not instance.offline_evidence:
            return ""
        url = reverse("fundraising_offline:evidence", args=[instance.pk])
        return format_html('<a href="{}">{}</a>', url, _("Evidence"))


class KindColumn(Column):
    """One-off, monthly support (with its reference), gift or offline (with the method): fundraising.pledge_kinds."""

    def get_value(self, instance):
        return pledge_kinds.kind_label(instance)


class PledgeIndexView(IndexView):
    """The export's "kind" column is computed (fundraising.pledge_kinds), not a model field."""

    def to_row_dict(self, item):
        return OrderedDict(
            (field, pledge_kinds.kind_label(item) if field == "kind" else multigetattr(item, field))
            for field in self.list_export
        )


class PledgeFilterSet(
    filterset_for(Pledge, ["state", "payment_method", "target", "created_at", "paid_at", "message_approved"], "target")
):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=list(pledge_kinds.LABELS.items()), method="filter_kind")

    def filter_kind(self, queryset, name, value):
        return pledge_kinds.with_kind(queryset).filter(**{pledge_kinds.FIELD: value})


class PledgeViewSet(ModelViewSet):
    model = Pledge
    name = "fundraising_pledge"
    url_prefix = "fundraising/pledges"
    icon = "pick"
    menu_label = _("Pledges")
    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = PledgeIndexView
    form_fields = ["message_approved", "display_name", "message"]
    list_display = [
        "__str__",
        "target",
        MoneyColumn("amount_cents", label=_("Amount")),
        "state",
        KindColumn("kind", label=_("Kind")),
        "payment_method",
        EvidenceColumn("offline_evidence", label=_("Evidence")),
        "reward_title",
        "created_at",
        "paid_at",
        RefundColumn("refund", label=_("Refund")),
    ]
    filterset_class = PledgeFilterSet
    list_export = [
        "pk",
        "target",
        "campaign",
        "business",
        "amount_cents",
        "currency",
        "state",
        "kind",
        "name",
        "email",
        "display_name",
        "anonymous",
        "reward_title",
        "voucher_value_cents",
        "payment_class",
        "voucher_price_cents",
        "vat_rate_percent",
        "created_at",
        "paid_at",
        "refunded_cents",
        "refund_requested_at",
        "refund_reason",
        "refund_requested_by",
        "stripe_session_id",
        "stripe_payment_intent",
        "payment_method",
        "offline_reference",
        "recorded_by",
    ]
    export_headings = {"kind": _("Kind")}
    export_filename = "pledges"
    search_fields = ["name", "email", "display_name", "stripe_session_id", "stripe_payment_intent", "offline_reference"]
    search_backend_name = None
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return pledge_kinds.with_kind(Pledge.objects.select_related("target"))


class MessageViewSet(ModelViewSet):
    """Supporter messages waiting for review: approve to show them on the campaign page."""

    model = Pledge
    name = "supporter_messages"
    url_prefix = "fundraising/messages"
    icon = "openquote"
    menu_label = _("Supporter messages")
    add_to_admin_menu = False
    copy_view_enabled = False
    form_fields = ["message_approved", "display_name", "message"]
    list_display = ["message", "display_name", "target", "message_approved", "paid_at"]
    filterset_class = filterset_for(Pledge, ["message_approved", "target"], "target")
    search_fields = ["message", "display_name"]
    search_backend_name = None

    def get_queryset(self, request):
        return (
            Pledge.objects.filter(state=PledgeState.PAID)
            .exclude(message="")
            .select_related("target")
            .order_by("message_approved", "-paid_at")
        )


class VoucherViewSet(ModelViewSet):
    model = Voucher
    name = "fundraising_voucher"
    url_prefix = "fundraising/vouchers"
    icon = "tag"
    menu_label = _("Vouchers")
    add_to_admin_menu = False
    copy_view_enabled = False
    form_fields = ["state", "needs_review", "dispute_open", "valid_until"]
    list_display = [
        "display_code",
        "scope_title",
        "title",
        MoneyColumn("face_value_cents", label=_("Value")),
        MoneyColumn("balance_cents", label=_("Balance")),
        "state",
        "needs_review",
        "dispute_open",
        "valid_until",
        "issued_at",
    ]
    filterset_class = filterset_for(
        Voucher, ["state", "needs_review", "dispute_open", "business", "scope", "issued_at", "valid_until"], "scope"
    )
    list_export = [
        "code",
        "business",
        "scope",
        "title",
        "face_value_cents",
        "balance_cents",
        "state",
        "needs_review",
        "dispute_open",
        "valid_until",
        "issued_at",
        "pledge_id",
    ]
    export_filename = "vouchers"
    search_fields = ["code", "title", "pledge__email"]
    search_backend_name = None

    def get_queryset(self, request):
        return Voucher.objects.select_related("business", "scope")


class RedemptionViewSet(ModelViewSet):
    """The redemption log: who redeemed how much of which voucher, when."""

    model = Redemption
    name = "fundraising_redemption"
    url_prefix = "fundraising/redemptions"
    icon = "list-ul"
    menu_label = _("Redemptions")
    add_to_admin_menu = False
    copy_view_enabled = False
    form_fields = []
    list_display = [
        "voucher",
        "voucher__business",
        MoneyColumn("amount_cents", label=_("Amount")),
        MoneyColumn("balance_after_cents", label=_("Balance after")),
        "user",
        "created_at",
    ]
    list_filter = ["voucher__business", "created_at"]
    list_export = ["voucher__code", "voucher__business", "amount_cents", "balance_after_cents", "user", "created_at"]
    export_filename = "redemptions"
    search_fields = ["voucher__code"]
    search_backend_name = None


class StripeEventViewSet(ModelViewSet):
    model = StripeEvent
    name = "fundraising_stripe_event"
    url_prefix = "fundraising/events"
    icon = "code"
    menu_label = _("Payment events")
    add_to_admin_menu = False
    copy_view_enabled = False
    form_fields = ["outcome"]
    list_display = ["event_id", "type", "outcome", "pledge", "received_at"]
    list_filter = ["type", "received_at"]
    search_fields = ["event_id", "type", "outcome"]
    search_backend_name = None


class ClosureOfferViewSet(ModelViewSet):
    """Businesses closed for good: each holder's choice; editors record when a refund was paid or extend a deadline."""

    model = ClosureOffer
    name = "fundraising_closure_offer"
    url_prefix = "fundraising/closure-offers"
    icon = "warning"
    menu_label = _("Closure offers")
    add_to_admin_menu = False
    copy_view_enabled = False
    form_fields = ["deadline", "refunded_at"]
    list_display = [
        "voucher",
        "business",
        MoneyColumn("remaining_cents", label=_("Remaining value")),
        "deadline",
        "choice",
        "decided_at",
        "refunded_at",
    ]
    list_filter = ["choice", "business", "deadline"]
    list_export = ["voucher__code", "business", "remaining_cents", "deadline", "choice", "decided_at", "refunded_at"]
    export_filename = "closure-offers"
    search_fields = ["voucher__code"]
    search_backend_name = None

    def get_queryset(self, request):
        return ClosureOffer.objects.select_related("voucher", "business")


class FundraisingGroup(ViewSetGroup):
    menu_label = _("Fundraising")
    menu_icon = "pick"
    menu_order = 250
    items = (
        PledgeViewSet,
        OfflinePledgeViewSet,
        MessageViewSet,
        VoucherViewSet,
        RedemptionViewSet,
        StripeEventViewSet,
        ClosureOfferViewSet,
    )


def voucher_totals_by_business():
    return (
        Voucher.objects.exclude(state="void")
        .values("business_id", "business__title", "business__closed_for_good_at")
        .annotate(count=Count("pk"), face=Sum("face_value_cents"), balance=Sum("balance_cents"))
        .order_by("business__title")
    )
