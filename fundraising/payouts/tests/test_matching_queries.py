"""The match allocation's lean path: a bounded number of queries per fulfilment, no page instances, a fund row
read before the transaction that only decides when it does not limit, and a lost race on the fund undone in the
same transaction."""

import json
from decimal import Decimal

import pytest
import stripe

from django.db import connection
from django.test.utils import CaptureQueriesContext

from fundraising.factories import PledgeFactory
from fundraising.models import PledgeState, StripeEvent
from fundraising.payouts import matching
from fundraising.payouts.matching import allocate, eligible_funds
from fundraising.payouts.models import MatchAllocation, MatchBusinessTotal, MatchFund
from fundraising.tests.fakes import SECRET, event

from .conftest import days, paid_pledge, today

pytestmark = pytest.mark.django_db


def make_fund(**kwargs):
    values = {
        "name": "Stadt-Topf",
        "budget_cents": 100_000,
        "ratio": Decimal("1.00"),
        "starts_on": today() - days(1),
        "ends_on": today() + days(30),
    }
    values.update(kwargs)
    return MatchFund.objects.create(**values)


def post_event(client, payload_dict):
    payload = json.dumps(payload_dict)
    header = stripe.WebhookSignature.generate_signature_header(payload, SECRET)
    return client.post("/stripe/webhook/", payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


def test_allocation_reads_no_page_rows(campaign_a, business_a):
    make_fund()
    pledge = paid_pledge(campaign_a, amount_cents=1000)
    allocate(paid_pledge(campaign_a, amount_cents=100))  # the business total row exists from now on
    with CaptureQueriesContext(connection) as ctx:
        allocation = allocate(pledge)
    assert allocation.amount_cents == 1000
    assert allocation.business_id == business_a.pk and allocation.campaign_id == campaign_a.pk
    selects = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT")]
    page_reads = [sql for sql in selects if "wagtailcore_page" in sql]
    assert page_reads == []  # ids and the district come from the campaign row, not from page instances


def test_allocation_query_bound(campaign_a, django_assert_max_num_queries):
    make_fund(cap_per_business_cents=50_000)
    allocate(paid_pledge(campaign_a, amount_cents=100))
    pledge = paid_pledge(campaign_a, amount_cents=1000)
    # existing? + campaign ids + eligible funds + BEGIN/COMMIT + business total + 2 conditional UPDATEs + INSERT,
    # plus Wagtail's reference index for the new allocation row (run inline by the immediate task backend).
    with django_assert_max_num_queries(16):
        assert allocate(pledge).amount_cents == 1000
    with django_assert_max_num_queries(1):
        assert allocate(pledge).amount_cents == 1000  # idempotent: one read


def test_webhook_fulfilment_with_match_query_bound(
    client, fake_stripe, campaign_a, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    make_fund()
    warm = PledgeFactory(campaign=campaign_a, amount_cents=500)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, event("checkout.session.completed", fake_stripe.add_session(warm))).status_code == 200
    pledge = PledgeFactory(campaign=campaign_a, amount_cents=2500)
    session = fake_stripe.add_session(pledge)
    payload = event("checkout.session.completed", session)
    with django_assert_max_num_queries(40), django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, payload).status_code == 200
    pledge.refresh_from_db()
    assert pledge.state == PledgeState.PAID
    assert MatchAllocation.objects.get(pledge=pledge).amount_cents == 2500
    assert MatchFund.objects.get().allocated_cents == 3000
    with django_assert_max_num_queries(3):  # a duplicate delivery stops at the event id
        assert post_event(client, payload).status_code == 200
    assert StripeEvent.objects.count() == 2


def test_stale_fund_row_that_limits_is_read_again(campaign_a):
    fund = make_fund(budget_cents=3000)
    stale = MatchFund.objects.get(pk=fund.pk)
    stale.allocated_cents = 2900  # looks nearly used up, but is not: the row is read again in the transaction
    pledge = paid_pledge(campaign_a)
    allocation = matching._allocate_from(stale, pledge, campaign_a.business_page_id, campaign_a.pk, 2500)
    assert allocation.amount_cents == 2500


def test_lost_race_on_the_fund_is_undone_and_retried(campaign_a, business_a):
    fund = make_fund(budget_cents=3000)
    stale = MatchFund.objects.get(pk=fund.pk)  # read before another fulfilment took 2000
    MatchFund.objects.filter(pk=fund.pk).update(allocated_cents=2000)
    allocation = matching._allocate_from(stale, paid_pledge(campaign_a), business_a.pk, campaign_a.pk, 2500)
    assert allocation.amount_cents == 1000  # what is really left
    fund.refresh_from_db()
    assert fund.allocated_cents == 3000
    # The first attempt raised the business total by 2500 and lost on the fund; that was undone.
    assert MatchBusinessTotal.objects.get(fund=fund, business=business_a).allocated_cents == 1000


def test_inactive_fund_seen_as_active_takes_nothing(campaign_a, business_a):
    fund = make_fund()
    stale = MatchFund.objects.get(pk=fund.pk)
    MatchFund.objects.filter(pk=fund.pk).update(active=False)  # an editor stopped it a moment ago
    assert matching._allocate_from(stale, paid_pledge(campaign_a), business_a.pk, campaign_a.pk, 2500) is None
    fund.refresh_from_db()
    assert fund.allocated_cents == 0
    assert MatchBusinessTotal.objects.get(fund=fund, business=business_a).allocated_cents == 0
    assert not MatchAllocation.objects.exists()


def test_eligible_funds_public_helper_unchanged(campaign_a, business_a, category, district):
    from directory.factories import CategoryFactory

    everyone = make_fund(name="alle")
    books = make_fund(name="Bücher")
    books.eligible_categories.set([category])
    books.save()
    other = make_fund(name="andere")
    other.eligible_categories.set([CategoryFactory(slug="friseur", name="Friseur")])
    other.save()
    assert set(eligible_funds(campaign_a, business_a)) == {everyone, books}


def test_campaign_without_business_link_falls_back_to_the_parent(campaign_a, business_a):
    from fundraising.models import CampaignPage

    make_fund()
    CampaignPage.objects.filter(pk=campaign_a.pk).update(business_page=None)
    allocation = allocate(paid_pledge(campaign_a, amount_cents=700))
    assert allocation.business_id == business_a.pk and allocation.amount_cents == 700


def test_unpaid_and_collective_pledges_get_nothing(campaign_a):
    make_fund()
    assert allocate(PledgeFactory(campaign=campaign_a, state=PledgeState.PENDING)) is None
    collective_like = paid_pledge(campaign_a)
    collective_like.campaign_id = None  # a collective campaign's pledge has no business campaign
    assert allocate(collective_like) is None
    assert not MatchAllocation.objects.exists()
