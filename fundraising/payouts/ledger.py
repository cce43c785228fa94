"""The one payout ledger: what the platform holds for a business, what it paid out, and what is open or overpaid.

The platform holds money for businesses in two places, each with its own source of "due":
- **business campaigns** whose pledges the platform collected (no destination charge yet): `owed_to_businesses()`,
  the editors' report "Amount owed to businesses" (paid out by bank transfer, `ManualPayout`);
- **collective campaigns** (`fundraising.collective.shares.ledger`): each beneficiary's share plus the city-wide
  vouchers it accepted (paid out by Stripe transfer or bank transfer, `CollectivePayout`).
Both build their rows on `Balance`, so "open", "overpaid" and the status mean the same everywhere, and both export
the same balance columns (`BALANCE_HEADER` + `balance_cells`). A collective pledge never counts in the first
(it has no business), so no money is reported twice.

Fee rule (also in README.md): the platform fee follows the money kept. A pledge of `amount` with fee `fee` of
which `refunded` was paid back keeps `kept_fee_cents(fee, amount, refunded)` = ⌊fee × (amount − refunded) /
amount⌋ – proportional, rounded down in the business's favour like the fee itself; a full refund returns all of it.
The same for pledges the platform collected and for destination charges.
"""

import dataclasses

from django.db.models import Case, Count, F, IntegerField, Q, Sum, When
from django.db.models.functions import Greatest
from django.utils.translation import gettext_lazy as _

from commons.csv_export import euros
from directory.models import BusinessPage
from fundraising.models import Pledge, PledgeState
from fundraising.payouts.models import ManualPayout, RoutingMode


def kept_fee_cents(fee_cents, amount_cents, refunded_cents):
    """The part of a pledge's platform fee the platform keeps after refunds (see the module docstring)."""
    if fee_cents <= 0 or amount_cents <= 0:
        return 0
    kept = max(0, amount_cents - refunded_cents)
    return fee_cents * kept // amount_cents


def kept_fee_expression():
    """`kept_fee_cents` as a database expression over Pledge rows (integer division rounds down, as above)."""
    amount, refunded = F("amount_cents"), F("refunded_cents")
    return Case(
        When(amount_cents__gt=0, then=F("routing__application_fee_cents") * Greatest(amount - refunded, 0) / amount),
        default=0,
        output_field=IntegerField(),
    )


class BalanceStatus:
    OPEN = "open"
    IN_TRANSFER = "in_transfer"
    OVERPAID = "overpaid"
    SETTLED = "settled"

    labels = {
        OPEN: _("open"),
        IN_TRANSFER: _("transfer not yet confirmed"),
        OVERPAID: _("overpayment: paid out more than is due"),
        SETTLED: _("settled"),
    }


class Balance:
    """Mixin for a ledger row that has `due_cents`, `paid_out_cents` and `pending_cents` (transfers sent to Stripe
    whose outcome is not confirmed yet: they may have been paid, so they are never offered again)."""

    pending_cents = 0

    @property
    def balance_cents(self):
        """Due minus paid out, signed: negative when the business got more than is due (an overpayment)."""
        return self.due_cents - self.paid_out_cents

    @property
    def open_cents(self):
        """Still to be paid to this business (never negative)."""
        return max(0, self.balance_cents - self.pending_cents)

    @property
    def overpaid_cents(self):
        """Paid out more than is due now (e.g. refunds after a payout): to be settled with the business by hand."""
        return max(0, -self.balance_cents)

    @property
    def status(self):
        if self.overpaid_cents:
            return BalanceStatus.OVERPAID
        if self.pending_cents:
            return BalanceStatus.IN_TRANSFER
        if self.open_cents:
            return BalanceStatus.OPEN
        return BalanceStatus.SETTLED

    @property
    def status_label(self):
        return BalanceStatus.labels[self.status]


BALANCE_HEADER = [
    _("Due (EUR)"),
    _("Paid out (EUR)"),
    _("Balance: due minus paid out (EUR)"),
    _("Transfer not yet confirmed (EUR)"),
    _("Open (EUR)"),
    _("Overpayment (EUR)"),
    _("Status"),
]


def balance_cells(row):
    """The balance columns of a CSV row: euro numbers (never text; the balance is negative for an overpayment),
    then the status in words ("overpayment: …")."""
    return [
        euros(row.due_cents),
        euros(row.paid_out_cents),
        euros(row.balance_cents),
        euros(row.pending_cents),
        euros(row.open_cents),
        euros(row.overpaid_cents),
        row.status_label,
    ]


def balance_totals(rows):
    """Sums for a report's footer: Σ open is what the businesses are really owed (an overpayment to one never
    lowers what another is owed); Σ balance is the net position."""
    keys = ("due_cents", "paid_out_cents", "balance_cents", "pending_cents", "open_cents", "overpaid_cents")
    return {key: sum(getattr(row, key) for row in rows) for key in keys}


# Business campaigns ---------------------------------------------------------------------------------------------


@dataclasses.dataclass
class OwedRow(Balance):
    business_id: int
    business: str
    pledges: int = 0
    gross_cents: int = 0
    net_cents: int = 0  # gross minus refunds
    fee_cents: int = 0  # the kept platform fee
    disputed_cents: int = 0
    paid_out_cents: int = 0

    @property
    def refunded_cents(self):
        return self.gross_cents - self.net_cents

    @property
    def due_cents(self):
        """What the business gets of the money the platform collected for it: net of refunds and the kept fee."""
        return max(0, self.net_cents - self.fee_cents)


def _platform_collected():
    """Pledges to a business's own campaign whose money the platform collected (no routing: before payouts)."""
    # Offline pledges (cash, transfer, grant) never passed through the platform's account: nothing is owed for them.
    return Q(business__isnull=False, payment_method="online") & (
        Q(routing__isnull=True) | Q(routing__mode=RoutingMode.PLATFORM)
    )


def _by_business(queryset):
    return dict(queryset.values("business_id").annotate(total=Sum("amount_cents")).values_list("business_id", "total"))


def owed_to_businesses():
    """Per business, ordered by name: collected (paid pledges), refunded, kept fee, paid out by bank transfer,
    disputed (held back until the dispute closes). Four aggregate queries, whatever the size; collective
    campaigns' money is not here (it has its own ledger)."""
    collected = {
        row["business_id"]: row
        for row in Pledge.objects.filter(_platform_collected(), state=PledgeState.PAID)
        .values("business_id")
        .annotate(
            pledges=Count("pk"),
            gross=Sum("amount_cents", default=0),
            net=Sum(Greatest(F("amount_cents") - F("refunded_cents"), 0), default=0),
            fees=Sum(kept_fee_expression(), default=0),
        )
        .order_by()
    }
    disputed = _by_business(Pledge.objects.filter(_platform_collected(), state=PledgeState.DISPUTED))
    paid_out = _by_business(ManualPayout.objects.all())
    ids = set(collected) | set(disputed) | set(paid_out)
    titles = dict(BusinessPage.objects.filter(pk__in=ids).values_list("pk", "title"))
    rows = []
    for business_id in ids:
        money = collected.get(business_id, {})
        rows.append(
            OwedRow(
                business_id=business_id,
                business=titles.get(business_id, ""),
                pledges=money.get("pledges", 0),
                gross_cents=money.get("gross", 0),
                net_cents=money.get("net", 0),
                fee_cents=money.get("fees", 0),
                disputed_cents=disputed.get(business_id, 0),
                paid_out_cents=paid_out.get(business_id, 0),
            )
        )
    return sorted(rows, key=lambda row: (row.business.casefold(), row.business_id))
