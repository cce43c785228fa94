"""What kind of pledge a row is, for every export and report: one-off, a month of monthly support, a gift or
offline. One column "kind" ("Art" in German) everywhere: the editors' pledge list and export, the owners' pledge
CSV, the DATEV bookings and the council report.

One kind per pledge, in this order: a pledge with a subscription is a month of monthly support (its label names
the subscription's reference); a pledge paid outside Stripe is offline (its label names the method); a pledge
with a gift is a gift; everything else is one-off. `with_kind()` computes the kind in the query (no query per
row); `kind_of()` falls back to one query for a pledge loaded without it.
"""

from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from fundraising.models import PaymentMethod, PledgeGift
from fundraising.models.subscription import subscription_reference

ONE_OFF = "one_off"
MONTHLY = "monthly"
GIFT = "gift"
OFFLINE = "offline"
KINDS = (ONE_OFF, MONTHLY, GIFT, OFFLINE)
LABELS = {
    ONE_OFF: _("One-off"),
    MONTHLY: _("Monthly support"),
    GIFT: _("Gift"),
    OFFLINE: _("Offline"),
}
FIELD = "pledge_kind"  # the annotation's name (Pledge has a `reward_kind` field; this is another thing)


def kind_expression():
    return Case(
        When(subscription__isnull=False, then=Value(MONTHLY)),
        When(~Q(payment_method=PaymentMethod.ONLINE), then=Value(OFFLINE)),
        When(Exists(PledgeGift.objects.filter(pledge=OuterRef("pk"))), then=Value(GIFT)),
        default=Value(ONE_OFF),
    )


def with_kind(pledges):
    return pledges.annotate(**{FIELD: kind_expression()})


def kind_of(pledge):
    kind = getattr(pledge, FIELD, None)
    if kind:
        return kind
    if pledge.subscription_id:
        return MONTHLY
    if pledge.payment_method != PaymentMethod.ONLINE:
        return OFFLINE
    return GIFT if PledgeGift.objects.filter(pledge_id=pledge.pk).exists() else ONE_OFF


def kind_label(pledge):
    """ "Monthly support (WSH-M-0000012)", "Offline (Cash)", "Gift", "One-off" — in the active language."""
    kind = kind_of(pledge)
    label = str(LABELS[kind])
    if kind == MONTHLY:
        return f"{label} ({subscription_reference(pledge.subscription_id)})"
    if kind == OFFLINE:
        return f"{label} ({pledge.get_payment_method_display()})"
    return label
