"""Allocating and releasing the city's match, atomically and in integer cents.

Rounding rule: the match for a pledge is ``floor(amount_cents × ratio)`` in whole cents (the city never pays a
fraction of a cent more than the ratio promises), then limited by the cap per pledge, what is left of the cap per
business, and what is left of the fund's budget — whichever is smallest. A pledge gets at most one allocation
(unique constraint); when the budget or the business cap is nearly used up, the pledge gets the rest (a partial
match), and when nothing is left, no allocation is made.

Concurrency: the fund's running total and the per-business total only change through conditional UPDATEs
(``… SET allocated = allocated + x WHERE allocated <= limit - x``). On PostgreSQL the UPDATE re-checks the
condition on the newest committed row after waiting for the row lock, so two fulfilments can never both take
the last euro; on SQLite the IMMEDIATE transaction serialises writers. If a conditional UPDATE loses a race, the
savepoint is rolled back and the amounts are read again.
"""

import logging
from decimal import ROUND_FLOOR, Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.utils import timezone

from directory.models import BusinessPage
from fundraising.conf import conf
from fundraising.models import CampaignPage, PledgeState
from fundraising.payouts.de_minimis import may_receive_match
from fundraising.payouts.models import MatchAllocation, MatchBusinessTotal, MatchFund

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 50


def match_for(amount_cents, ratio, cap_per_pledge_cents=None):
    """The match before the fund's budget and the business cap: floor(amount × ratio), at most the pledge cap."""
    if amount_cents <= 0 or ratio <= 0:
        return 0
    cents = int((Decimal(int(amount_cents)) * Decimal(ratio)).to_integral_value(rounding=ROUND_FLOOR))
    if cap_per_pledge_cents is not None:
        cents = min(cents, cap_per_pledge_cents)
    return max(0, cents)


def eligible_funds(campaign, business, day=None):
    """Active funds running on `day` whose category, district and campaign filters (empty = all) admit the pledge."""
    return _eligible_funds(campaign.pk, business.pk, business.district_id, day)


def _eligible_funds(campaign_id, business_id, district_id, day=None):
    """eligible_funds() from ids, in one query (the business's categories are a subquery).

    Written as SQL: it runs after every payment, and building the same filters with the ORM (three many-to-many
    joins and a subquery) cost ~1.4 ms of CPU per payment, sixty times what the database needs to answer it."""
    day = day or timezone.localdate()
    # Only names from the models' metadata go into the text (quoted); every value is a parameter.
    quote = connection.ops.quote_name
    fund = MatchFund._meta
    fund_pk = quote(fund.pk.column)
    filters = []
    params = [day, day]
    for field_name, value in (("eligible_campaigns", campaign_id), ("eligible_districts", district_id)):
        field = fund.get_field(field_name)
        through = field.remote_field.through._meta
        table = quote(through.db_table)
        own = quote(through.get_field(fund.model_name).column)
        other = quote(through.get_field(field.related_model._meta.model_name).column)
        filters.append(
            f"(NOT EXISTS (SELECT 1 FROM {table} m WHERE m.{own} = f.{fund_pk}) "  # noqa: S608
            f"OR EXISTS (SELECT 1 FROM {table} m WHERE m.{own} = f.{fund_pk} AND m.{other} = %s))"
        )
        params.append(value)
    field = fund.get_field("eligible_categories")
    through = field.remote_field.through._meta
    table, own = quote(through.db_table), quote(through.get_field(fund.model_name).column)
    category = quote(through.get_field(field.related_model._meta.model_name).column)
    owned = BusinessPage.categories.through._meta
    owned_table, owned_category = quote(owned.db_table), quote(owned.get_field("category").column)
    owned_business = quote(owned.get_field("businesspage").column)
    filters.append(
        f"(NOT EXISTS (SELECT 1 FROM {table} m WHERE m.{own} = f.{fund_pk}) "  # noqa: S608
        f"OR EXISTS (SELECT 1 FROM {table} m JOIN {owned_table} b ON b.{owned_category} = m.{category} "
        f"WHERE m.{own} = f.{fund_pk} AND b.{owned_business} = %s))"
    )
    params.append(business_id)
    active, starts_on, ends_on = (quote(fund.get_field(name).column) for name in ("active", "starts_on", "ends_on"))
    sql = (
        f"SELECT f.* FROM {quote(fund.db_table)} f "  # noqa: S608
        f"WHERE f.{active} AND f.{starts_on} <= %s AND f.{ends_on} >= %s AND {' AND '.join(filters)} "
        f"ORDER BY f.{ends_on}, f.{fund_pk}"
    )
    return MatchFund.objects.raw(sql, params)


def _campaign_business(pledge):
    """(campaign id, business id, district id) of the pledge's campaign, without building page instances."""

    row = (
        CampaignPage.objects.filter(pk=pledge.campaign_id)
        .order_by()  # no tree order: that would join the page table
        .values_list("business_page_id", "business_page__district_id")
        .first()
    )
    if row is None:
        return None
    business_id, district_id = row
    if business_id is None:  # an older campaign without the link: its parent page is the business
        business = CampaignPage.objects.get(pk=pledge.campaign_id).get_parent().specific
        business_id, district_id = business.pk, business.district_id
    return pledge.campaign_id, business_id, district_id


def allocate(pledge, day=None, *, just_paid=False):
    """Allocate the match for a paid pledge (idempotent). Returns the MatchAllocation or None.

    Runs after every fulfilment (fundraising.signals.pledge_paid), so it reads ids and plain values only: a handful
    of queries, no page instances. `just_paid`: the caller has just made the pledge paid, so an allocation is not
    looked up first (the unique constraint on the pledge still makes a second one roll back)."""

    if not just_paid:
        existing = MatchAllocation.objects.filter(pledge=pledge).first()
        if existing is not None:
            return existing
    if pledge.state != PledgeState.PAID or pledge.campaign_id is None:
        return None  # match funds double pledges to a business's own campaign, not to collective campaigns
    if pledge.payment_method not in conf.FUNDRAISING_MATCH_PAYMENT_METHODS:
        return None  # e.g. a grant recorded offline: public money is not matched by default
    ids = _campaign_business(pledge)
    if ids is None:
        return None
    campaign_id, business_id, district_id = ids
    if not may_receive_match(business_id):
        logger.info("No match for pledge %s: business %s has no current de-minimis declaration", pledge.pk, business_id)
        return None
    if day is None:
        day = timezone.localdate(pledge.paid_at) if pledge.paid_at else timezone.localdate()
    for fund in _eligible_funds(campaign_id, business_id, district_id, day):
        desired = match_for(pledge.amount_cents, fund.ratio, fund.cap_per_pledge_cents)
        if desired <= 0:
            continue
        try:
            allocation = _allocate_from(fund, pledge, business_id, campaign_id, desired)
        except IntegrityError:
            # Another fulfilment of the same pledge won the unique constraint: that allocation stands.
            return MatchAllocation.objects.filter(pledge=pledge).first()
        if allocation is not None:
            return allocation
    return None


def _allocate_from(fund, pledge, business_id, campaign_id, desired):
    """Take `desired` cents (or what is left) from the fund for one pledge.

    The fund row read just before (by _eligible_funds) decides the first attempt only when it does not limit the
    amount: if it says the whole `desired` fits, the conditional UPDATE proves it or fails; if it limits (nearly
    used up), or an UPDATE loses a race, the fund is read again inside the transaction. A lost UPDATE on the fund
    after the business total was raised is undone in the same transaction (no savepoint needed)."""
    cap_per_business = fund.cap_per_business_cents
    fund_row = {"budget_cents": fund.budget_cents, "allocated_cents": fund.allocated_cents, "active": fund.active}
    # The business's running total is read only when its conditional UPDATE fails (no row yet, or the cap limits the
    # amount): for most payments the UPDATE alone proves that the whole amount fits.
    business_allocated = None
    with transaction.atomic():
        for attempt in range(MAX_ATTEMPTS):
            if attempt or fund_row["budget_cents"] - fund_row["allocated_cents"] < desired:
                fund_row = (
                    MatchFund.objects.filter(pk=fund.pk).values("budget_cents", "allocated_cents", "active").first()
                )
            if fund_row is None or not fund_row["active"]:
                return None
            amount = min(desired, fund_row["budget_cents"] - fund_row["allocated_cents"])
            if cap_per_business is not None and business_allocated is not None:
                amount = min(amount, cap_per_business - business_allocated)
            if amount <= 0:
                return None
            business_query = MatchBusinessTotal.objects.filter(fund_id=fund.pk, business_id=business_id)
            if cap_per_business is not None:
                business_query = business_query.filter(allocated_cents__lte=cap_per_business - amount)
            if business_query.update(allocated_cents=F("allocated_cents") + amount) != 1:
                business_allocated = _business_total(fund, business_id)  # creates the row when there is none
                if cap_per_business is not None and cap_per_business - business_allocated <= 0:
                    return None
                continue
            taken = MatchFund.objects.filter(
                pk=fund.pk, active=True, allocated_cents__lte=F("budget_cents") - amount
            ).update(allocated_cents=F("allocated_cents") + amount)
            if taken != 1:
                MatchBusinessTotal.objects.filter(fund_id=fund.pk, business_id=business_id).update(
                    allocated_cents=F("allocated_cents") - amount
                )
                business_allocated = None  # read again if the next UPDATE fails
                continue
            return MatchAllocation.objects.create(
                fund=fund, pledge=pledge, business_id=business_id, campaign_id=campaign_id, amount_cents=amount
            )
        logger.warning("Match for pledge %s from fund %s: gave up after %s attempts", pledge.pk, fund.pk, MAX_ATTEMPTS)
        return None


def _business_total(fund, business_id):
    """The business's running total for the fund (0 for a new row, which is created here)."""
    allocated = (
        MatchBusinessTotal.objects.filter(fund_id=fund.pk, business_id=business_id)
        .values_list("allocated_cents", flat=True)
        .first()
    )
    if allocated is not None:
        return allocated
    try:
        with transaction.atomic():
            MatchBusinessTotal.objects.create(fund=fund, business_id=business_id)
        return 0
    except IntegrityError:
        pass  # created by a concurrent allocation
    return (
        MatchBusinessTotal.objects.filter(fund_id=fund.pk, business_id=business_id)
        .values_list("allocated_cents", flat=True)
        .first()
    ) or 0


def release(pledge):
    """Give a refunded pledge's match back to the fund (once: the conditional UPDATE on released_at is the guard)."""
    with transaction.atomic():
        allocation = MatchAllocation.objects.filter(pledge=pledge, released_at__isnull=True).first()
        if allocation is None:
            return None
        if (
            MatchAllocation.objects.filter(pk=allocation.pk, released_at__isnull=True).update(
                released_at=timezone.now()
            )
            != 1
        ):
            return None
        # Same lock order as allocation (business total, then fund), so the two never deadlock on PostgreSQL.
        MatchBusinessTotal.objects.filter(fund_id=allocation.fund_id, business_id=allocation.business_id).update(
            allocated_cents=F("allocated_cents") - allocation.amount_cents
        )
        MatchFund.objects.filter(pk=allocation.fund_id).update(
            allocated_cents=F("allocated_cents") - allocation.amount_cents
        )
        return allocation


def campaign_match_cents(campaign):
    """The city's current match for a campaign (released allocations excluded)."""
    total = MatchAllocation.objects.filter(campaign=campaign, released_at__isnull=True).aggregate(
        total=Sum("amount_cents")
    )["total"]
    return total or 0
