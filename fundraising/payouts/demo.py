"""Demo data for payouts: some businesses connected to (demo) Stripe, one with details missing, and one city match
fund whose budget is partly used.

Runs after fundraising.demo. Accounts change state only through signed `account.updated` events processed by the
real webhook code; the match is allocated by the real allocation code for the paid demo pledges. Idempotent:
businesses that already have an account and pledges that already have a match are left alone.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from directory.models import BusinessOwner, BusinessPage
from fundraising.models import CampaignPage, Pledge, PledgeState
from fundraising.payments import use_gateway
from fundraising.payments.demo_gateway import DemoGateway
from fundraising.payouts.connect import DemoConnect, ensure_account, send_demo_account_updated
from fundraising.payouts.matching import allocate
from fundraising.payouts.models import ConnectedAccount, MatchAllocation, MatchFund

FUND_NAME = "Unterstützungstopf der Stadt"
FUND_NAME_EN = "City support fund"


def seed(ctx):
    with use_gateway(DemoGateway()):
        connected = _accounts(ctx)
    fund = _fund()
    matched = _match(fund)
    fund.refresh_from_db()
    ctx.log(
        f"payouts: {connected} demo accounts, match fund “{fund.name}” with {matched} new allocations, "
        f"{fund.allocated_cents / 100:.2f} of {fund.budget_cents / 100:.2f} EUR used"
    )


def _accounts(ctx):
    campaign_business_ids = CampaignPage.objects.exclude(business_page=None).values("business_page_id")
    with_campaigns = list(BusinessPage.objects.filter(pk__in=campaign_business_ids).order_by("path"))
    owned = list(BusinessPage.objects.filter(pk__in=BusinessOwner.objects.values("business_id")).order_by("path"))
    # (business, onboarding complete?): two campaign businesses and the first owned one connected, one incomplete.
    plan = [(b, True) for b in with_campaigns[:2]] + [(b, True) for b in owned[:1]]
    plan += [(b, False) for b in with_campaigns[2:3]]
    seen = set()
    count = 0
    connect = DemoConnect()
    for business, complete in plan:
        if business.pk in seen:
            continue
        seen.add(business.pk)
        if ConnectedAccount.objects.filter(business=business).exists():
            continue
        owner = BusinessOwner.objects.filter(business=business).select_related("user").first()
        account = ensure_account(business, owner.user if owner else None, connect)
        send_demo_account_updated(account, complete=complete)
        count += 1
    return count


def _fund():
    fund = MatchFund.objects.filter(name=FUND_NAME).first()
    if fund is not None:
        return fund
    today = timezone.localdate()
    return MatchFund.objects.create(
        name=FUND_NAME,
        name_en=FUND_NAME_EN,
        budget_cents=250_000,  # €2,500: the demo pledges use part of it
        ratio=Decimal("1.00"),
        cap_per_pledge_cents=2_500,
        cap_per_business_cents=30_000,
        starts_on=today - datetime.timedelta(days=90),
        ends_on=today + datetime.timedelta(days=60),
        active=True,
    )


def _match(fund):
    pledges = (
        Pledge.objects.filter(state=PledgeState.PAID)
        .exclude(pk__in=MatchAllocation.objects.values("pledge_id"))
        .select_related("campaign")
        .order_by("paid_at", "pk")
    )
    count = 0
    for pledge in pledges:
        if fund.remaining_cents <= fund.budget_cents // 3:
            break  # leave a good part of the budget for the demo visitors
        if allocate(pledge) is not None:
            count += 1
            fund.refresh_from_db()
    return count
