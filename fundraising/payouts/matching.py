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

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

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
    day = day or timezone.localdate()
    category_ids = list(business.categories.values_list("pk", flat=True))
    funds = MatchFund.objects.filter(active=True, starts_on__lte=day, ends_on__gte=day)
    funds = funds.filter(Q(eligible_categories__isnull=True) | Q(eligible_categories__in=category_ids))
    funds = funds.filter(Q(eligible_districts__isnull=True) | Q(eligible_districts=business.district_id))
    funds = funds.filter(Q(eligible_campaigns__isnull=True) | Q(eligible_campaigns=campaign.pk))
    return MatchFund.objects.filter(pk__in=funds.values("pk")).order_by("ends_on", "pk")


def allocate(pledge, day=None):
    """Allocate the match for a paid pledge (idempotent). Returns the MatchAllocation or None."""
    from fundraising.models import PledgeState

    existing = MatchAllocation.objects.filter(pledge=pledge).first()
    if existing is not None:
        return existing
    if pledge.state != PledgeState.PAID or pledge.campaign_id is None:
        return None  # match funds double pledges to a business's own campaign, not to collective campaigns
    campaign = pledge.campaign
    business = campaign.business_page if campaign.business_page_id else campaign.get_parent().specific
    if day is None:
        day = timezone.localdate(pledge.paid_at) if pledge.paid_at else timezone.localdate()
    for fund in eligible_funds(campaign, business, day):
        desired = match_for(pledge.amount_cents, fund.ratio, fund.cap_per_pledge_cents)
        if desired <= 0:
            continue
        try:
            allocation = _allocate_from(fund, pledge, business, campaign, desired)
        except IntegrityError:
            # Another fulfilment of the same pledge won the unique constraint: that allocation stands.
            return MatchAllocation.objects.filter(pledge=pledge).first()
        if allocation is not None:
            return allocation
    return None


def _allocate_from(fund, pledge, business, campaign, desired):
    with transaction.atomic():
        _ensure_business_total(fund, business)
        for _attempt in range(MAX_ATTEMPTS):
            fund_row = MatchFund.objects.filter(pk=fund.pk).values("budget_cents", "allocated_cents", "active").first()
            if fund_row is None or not fund_row["active"]:
                return None
            business_allocated = (
                MatchBusinessTotal.objects.filter(fund=fund, business=business)
                .values_list("allocated_cents", flat=True)
                .first()
            ) or 0
            amount = min(desired, fund_row["budget_cents"] - fund_row["allocated_cents"])
            if fund.cap_per_business_cents is not None:
                amount = min(amount, fund.cap_per_business_cents - business_allocated)
            if amount <= 0:
                return None
            sid = transaction.savepoint()
            business_query = MatchBusinessTotal.objects.filter(fund=fund, business=business)
            if fund.cap_per_business_cents is not None:
                business_query = business_query.filter(allocated_cents__lte=fund.cap_per_business_cents - amount)
            if business_query.update(allocated_cents=F("allocated_cents") + amount) != 1:
                transaction.savepoint_rollback(sid)
                continue
            taken = MatchFund.objects.filter(
                pk=fund.pk, active=True, allocated_cents__lte=F("budget_cents") - amount
            ).update(allocated_cents=F("allocated_cents") + amount)
            if taken != 1:
                transaction.savepoint_rollback(sid)
                continue
            allocation = MatchAllocation.objects.create(
                fund=fund, pledge=pledge, business=business, campaign=campaign, amount_cents=amount
            )
            transaction.savepoint_commit(sid)
            return allocation
        logger.warning("Match for pledge %s from fund %s: gave up after %s attempts", pledge.pk, fund.pk, MAX_ATTEMPTS)
        return None


def _ensure_business_total(fund, business):
    if MatchBusinessTotal.objects.filter(fund=fund, business=business).exists():
        return
    try:
        with transaction.atomic():
            MatchBusinessTotal.objects.create(fund=fund, business=business)
    except IntegrityError:
        pass  # created by a concurrent allocation


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
