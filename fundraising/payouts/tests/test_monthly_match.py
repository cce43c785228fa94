"""Each paid month of monthly support is matched like a one-off pledge (fundraising.signals.pledge_paid)."""

from decimal import Decimal

from fundraising.factories import CampaignPageFactory
from fundraising.models import Pledge, Subscription
from fundraising.payments.demo_gateway import DemoGateway
from fundraising.payouts.models import MatchAllocation, MatchFund

from .conftest import days, today


def test_every_paid_month_is_matched_once(db, django_capture_on_commit_callbacks):
    fund = MatchFund.objects.create(
        name="Stadt-Topf",
        budget_cents=100_000,
        ratio=Decimal("0.50"),
        starts_on=today() - days(1),
        ends_on=today() + days(30),
    )
    campaign = CampaignPageFactory()
    subscription = Subscription.objects.create(
        target=campaign, business_id=campaign.business_page_id, amount_cents=2000, name="P", email="p@example.org"
    )
    gateway = DemoGateway()
    with django_capture_on_commit_callbacks(execute=True):
        result = gateway.create_subscription_checkout(subscription, "http://x/ok", "http://x/no")
    Subscription.objects.filter(pk=subscription.pk).update(stripe_session_id=result.session_id)
    session = subscription.demo_sessions.get()
    with django_capture_on_commit_callbacks(execute=True):
        gateway.subscribe(session)
    session.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        gateway.simulate_month(session, paid=True)
    with django_capture_on_commit_callbacks(execute=True):
        gateway.simulate_month(session, paid=False)  # a failed month is not matched
    pledges = list(Pledge.objects.filter(subscription=subscription))
    assert len(pledges) == 2
    allocations = MatchAllocation.objects.filter(fund=fund)
    assert sorted(a.pledge_id for a in allocations) == sorted(p.pk for p in pledges)
    assert [a.amount_cents for a in allocations] == [1000, 1000]
