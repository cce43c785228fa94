"""The money of a collective campaign, per beneficiary, to the cent: the live shares, the payout and the report.

The accounts (all in cents, from the database at the moment of asking):

- **net** = what supporters paid and kept paid: the amount of every paid pledge minus what was refunded of it.
  Pledges refunded in full, disputed or lost in a dispute do not count.
- **vouchers redeemed** at a shop: the sum of the city-wide vouchers that shop accepted (each redemption records
  the shop). The shop is owed exactly that: it handed over goods or services worth it. This includes vouchers
  whose payment was refunded after the shop had accepted them (the shop acted in good faith).
- **vouchers outstanding** = the balance of the valid city-wide vouchers of paid pledges, not yet used anywhere.
  That money is kept back for the shops where they will be used.
- **exchanged** = vouchers of businesses closed for good that their holders exchanged into this campaign's city-wide
  vouchers (fundraising.closure): what of them was redeemed here after the exchange plus their open balance. Nobody
  paid that money into this campaign, so the platform covers it (it settles with the closed business): it counts
  among the vouchers redeemed and outstanding, and the same amount is added on the other side, so it never lowers
  the shares. What the closed business accepted before the exchange is not this campaign's.
- **to split** = net + exchanged − vouchers redeemed − vouchers outstanding: the support money, split between the
  frozen beneficiaries by the campaign's rule (`split.split_cents`: equal or weighted, largest remainder).

So for every business: due = share + vouchers redeemed there, and always
    Σ share + Σ vouchers redeemed + vouchers outstanding = net + exchanged (to the cent)
A refund lowers net (and voids the pledge's unused voucher), so it lowers the shares — never below zero: should
refunds of already-used vouchers ever exceed the support money, `deficit_cents` says by how much the platform
is short, and the shares are zero.
"""

import dataclasses

from django.db.models import Count, F, Q, Sum

from directory.models import BusinessPage
from fundraising.models import Pledge, PledgeState, Redemption, Voucher, VoucherState
from fundraising.payouts.ledger import Balance

from .beneficiaries import beneficiary_rows, distribution_weights
from .models import CollectivePayout, PayoutState
from .split import split_cents

# Payments that went through (some taken back later): the gross amount the report starts from.
CHARGED = (PledgeState.PAID, PledgeState.REFUNDED, PledgeState.DISPUTED, PledgeState.DISPUTE_LOST)


@dataclasses.dataclass
class Row(Balance):
    """One beneficiary. Open, overpaid and the status come from the one payout ledger (`payouts.ledger.Balance`)."""

    business_id: int
    name: str
    weight: int
    share_cents: int = 0
    redeemed_cents: int = 0
    paid_out_cents: int = 0
    pending_cents: int = 0  # Stripe transfers sent but not yet confirmed
    url: str | None = None

    @property
    def due_cents(self):
        return self.share_cents + self.redeemed_cents


@dataclasses.dataclass
class Ledger:
    raised_cents: int  # gross: every payment that went through, including those refunded or disputed later
    net_cents: int
    redeemed_cents: int
    outstanding_cents: int
    split_cents: int
    deficit_cents: int
    rows: list[Row]
    paid_cents: int = 0  # what the progress bar shows: pledges paid now (the same query)
    supporters: int = 0
    exchanged_cents: int = 0  # exchanged vouchers of closed businesses, covered by the platform (module docstring)

    @property
    def refunded_cents(self):
        return self.raised_cents - self.net_cents

    @property
    def due_cents(self):
        return sum(row.due_cents for row in self.rows)

    @property
    def paid_out_cents(self):
        return sum(row.paid_out_cents for row in self.rows)

    @property
    def pending_cents(self):
        return sum(row.pending_cents for row in self.rows)

    @property
    def overpaid_cents(self):
        return sum(row.overpaid_cents for row in self.rows)

    @property
    def by_business(self):
        return {row.business_id: row for row in self.rows}

    def balances(self):
        """True when the accounts add up to the cent (checked by the tests and shown on the report)."""
        return (
            sum(row.share_cents for row in self.rows) + self.redeemed_cents + self.outstanding_cents
            == self.net_cents + self.exchanged_cents + self.deficit_cents
        )


def _money(page):
    paid = Pledge.objects.filter(target=page, state__in=CHARGED).aggregate(
        raised=Sum("amount_cents"),
        net=Sum(F("amount_cents") - F("refunded_cents"), filter=Q(state=PledgeState.PAID)),
        paid=Sum("amount_cents", filter=Q(state=PledgeState.PAID)),
        supporters=Count("pk", filter=Q(state=PledgeState.PAID)),
    )
    # An exchanged voucher (fundraising.closure) is a closed business's voucher moved into this scope: it has a
    # closure offer. Its redemptions before the exchange were at the closed business and are not this campaign's.
    exchanged = Q(closure_offer__isnull=False)
    outstanding = Voucher.objects.filter(
        scope=page, state=VoucherState.ACTIVE, pledge__state=PledgeState.PAID
    ).aggregate(total=Sum("balance_cents"), exchanged=Sum("balance_cents", filter=exchanged))
    redeemed_rows = (
        Redemption.objects.filter(voucher__scope=page)
        .filter(Q(voucher__closure_offer__isnull=True) | Q(created_at__gte=F("voucher__closure_offer__decided_at")))
        .values("business_id")
        .annotate(
            total=Sum("amount_cents"), exchanged=Sum("amount_cents", filter=Q(voucher__closure_offer__isnull=False))
        )
        .order_by()
    )
    redeemed = {}
    exchanged_cents = outstanding["exchanged"] or 0
    for row in redeemed_rows:
        redeemed[row["business_id"]] = row["total"]
        exchanged_cents += row["exchanged"] or 0
    return Money(
        raised=paid["raised"] or 0,
        net=paid["net"] or 0,
        outstanding=outstanding["total"] or 0,
        redeemed=redeemed,
        paid=paid["paid"] or 0,
        supporters=paid["supporters"],
        exchanged=exchanged_cents,
    )


@dataclasses.dataclass(frozen=True)
class Money:
    raised: int
    net: int
    outstanding: int
    redeemed: dict
    paid: int
    supporters: int
    exchanged: int


def ledger(page, with_payouts=False, with_urls=False):
    """The accounts of a collective campaign (see the module docstring). Five queries, whatever the size."""
    money = _money(page)
    raised, net, outstanding, redeemed_by_shop = money.raised, money.net, money.outstanding, money.redeemed
    rows = [Row(pk, name, weight) for pk, name, weight in beneficiary_rows(page)]
    redeemed_total = sum(redeemed_by_shop.values())
    to_split = net + money.exchanged - redeemed_total - outstanding
    deficit = max(0, -to_split)
    to_split = max(0, to_split)
    if rows and page.is_frozen:
        shares = split_cents(to_split, distribution_weights(page, [(r.business_id, r.name, r.weight) for r in rows]))
    else:
        shares = {}
    known = set()
    for row in rows:
        row.share_cents = shares.get(row.business_id, 0)
        row.redeemed_cents = redeemed_by_shop.get(row.business_id, 0)
        known.add(row.business_id)
    if with_payouts:
        payouts = {
            row["business_id"]: row
            for row in CollectivePayout.objects.filter(campaign=page)
            .values("business_id")
            .annotate(
                paid=Sum("amount_cents", filter=Q(state=PayoutState.PAID), default=0),
                pending=Sum("amount_cents", filter=Q(state=PayoutState.PENDING), default=0),
            )
            .order_by()
        }
        for row in rows:
            row.paid_out_cents = payouts.get(row.business_id, {}).get("paid", 0)
            row.pending_cents = payouts.get(row.business_id, {}).get("pending", 0)
    if with_urls:
        urls = {b.pk: b.url for b in BusinessPage.objects.live().filter(pk__in=known)}
        for row in rows:
            row.url = urls.get(row.business_id)
    return Ledger(
        raised_cents=raised,
        net_cents=net,
        redeemed_cents=redeemed_total,
        outstanding_cents=outstanding,
        split_cents=to_split,
        deficit_cents=deficit,
        rows=rows,
        paid_cents=money.paid,
        supporters=money.supporters,
        exchanged_cents=money.exchanged,
    )


def live_shares(page):
    """{business_id: share so far in cents} of a started (frozen) campaign; {} before the start."""
    if not page.is_frozen:
        return {}
    return {row.business_id: row.share_cents for row in ledger(page).rows}
