"""City match funding: arithmetic in cents, caps, eligibility, allocation through fulfilment, release on refund,
public display, the editors' report, and budgets that hold under concurrent fulfilments."""

import json
import threading
from decimal import Decimal

import pytest
import stripe
from hypothesis import given, settings
from hypothesis import strategies as st

from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import translation

from directory.factories import BusinessPageFactory, CategoryFactory, DistrictFactory
from fundraising.factories import CampaignPageFactory, PledgeFactory
from fundraising.models import PledgeState
from fundraising.payouts.matching import allocate, campaign_match_cents, match_for, release
from fundraising.payouts.models import MatchAllocation, MatchBusinessTotal, MatchFund
from fundraising.tests.fakes import SECRET, event

from .conftest import days, paid_pledge, today


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


# Arithmetic -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "amount, ratio, cap, expected",
    [
        (2500, "1.00", None, 2500),
        (2500, "0.50", None, 1250),
        (1999, "0.50", None, 999),  # 999.5 rounds down: the city never pays a fraction of a cent more
        (1, "0.50", None, 0),
        (3333, "0.33", None, 1099),  # 1099.89 -> 1099
        (2500, "2.00", None, 5000),
        (2500, "1.00", 1000, 1000),
        (0, "1.00", None, 0),
    ],
)
def test_match_for(amount, ratio, cap, expected):
    assert match_for(amount, Decimal(ratio), cap) == expected


@settings(max_examples=300, deadline=None)
@given(
    amount=st.integers(min_value=1, max_value=10_000_000),
    ratio=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10"), places=2),
    cap=st.one_of(st.none(), st.integers(min_value=0, max_value=10_000_000)),
)
def test_match_for_properties(amount, ratio, cap):
    cents = match_for(amount, ratio, cap)
    assert isinstance(cents, int)
    assert 0 <= cents <= amount * ratio  # never more than the ratio promises
    assert amount * ratio - cents < 1 or (cap is not None and cents == cap)  # and at most one cent less
    if cap is not None:
        assert cents <= cap


# Allocation and caps ---------------------------------------------------------------------------------------------


def test_allocation_takes_from_budget_and_is_idempotent(campaign_a, business_a):
    fund = make_fund(ratio=Decimal("0.50"))
    pledge = paid_pledge(campaign_a, amount_cents=2999)
    allocation = allocate(pledge)
    assert allocation.amount_cents == 1499
    assert allocation.business_id == business_a.pk
    assert allocation.campaign_id == campaign_a.pk
    assert allocate(pledge).pk == allocation.pk  # a second fulfilment changes nothing
    fund.refresh_from_db()
    assert fund.allocated_cents == 1499
    assert fund.remaining_cents == 100_000 - 1499
    assert MatchAllocation.objects.count() == 1


def test_cap_per_pledge_and_partial_budget(campaign_a):
    fund = make_fund(budget_cents=3000, cap_per_pledge_cents=2000)
    first = allocate(paid_pledge(campaign_a, amount_cents=5000))
    assert first.amount_cents == 2000
    second = allocate(paid_pledge(campaign_a, amount_cents=5000))
    assert second.amount_cents == 1000  # what is left of the budget
    assert allocate(paid_pledge(campaign_a, amount_cents=5000)) is None
    fund.refresh_from_db()
    assert fund.allocated_cents == 3000 == fund.budget_cents


def test_cap_per_business(campaign_a, business_b):
    fund = make_fund(cap_per_business_cents=4000)
    campaign_b = CampaignPageFactory(parent=business_b)
    assert allocate(paid_pledge(campaign_a, amount_cents=2500)).amount_cents == 2500
    assert allocate(paid_pledge(campaign_a, amount_cents=2500)).amount_cents == 1500
    assert allocate(paid_pledge(campaign_a, amount_cents=2500)) is None
    assert allocate(paid_pledge(campaign_b, amount_cents=2500)).amount_cents == 2500  # another business
    assert MatchBusinessTotal.objects.get(fund=fund, business=campaign_a.business_page).allocated_cents == 4000
    fund.refresh_from_db()
    assert fund.allocated_cents == 6500


def test_unpaid_pledges_get_nothing(campaign_a):
    make_fund()
    for state in (PledgeState.PENDING, PledgeState.FAILED, PledgeState.REFUNDED):
        assert allocate(PledgeFactory(campaign=campaign_a, state=state)) is None
    assert not MatchAllocation.objects.exists()


def test_ineligible_campaigns_get_nothing(campaign_a, business_a, directory):
    other_category = CategoryFactory(name="Friseur", slug="friseur")
    other_district = DistrictFactory(name="Hombruch", slug="hombruch")
    other_campaign = CampaignPageFactory(parent=BusinessPageFactory(parent=directory))
    funds = [
        make_fund(name="categories"),
        make_fund(name="districts"),
        make_fund(name="campaigns"),
        make_fund(name="inactive", active=False),
        make_fund(name="future", starts_on=today() + days(1)),
        make_fund(name="past", starts_on=today() - days(10), ends_on=today() - days(1)),
    ]
    funds[0].eligible_categories.set([other_category])
    funds[1].eligible_districts.set([other_district])
    funds[2].eligible_campaigns.set([other_campaign])
    for fund in funds[:3]:
        fund.save()  # ParentalManyToManyField: stored on save
    pledge = paid_pledge(campaign_a)
    assert allocate(pledge) is None
    assert not MatchAllocation.objects.exists()
    assert all(f.allocated_cents == 0 for f in MatchFund.objects.all())


def test_eligible_by_category_district_and_campaign(campaign_a, business_a, category, district):
    fund = make_fund()
    fund.eligible_categories.set([category])
    fund.eligible_districts.set([district])
    fund.eligible_campaigns.set([campaign_a])
    fund.save()
    assert allocate(paid_pledge(campaign_a)).fund == fund


def test_exhausted_fund_falls_through_to_next(campaign_a):
    first = make_fund(name="first", budget_cents=100, ends_on=today() + days(5))
    second = make_fund(name="second", ends_on=today() + days(20))
    allocate(paid_pledge(campaign_a, amount_cents=100))
    allocation = allocate(paid_pledge(campaign_a, amount_cents=500))
    assert allocation.fund == second
    first.refresh_from_db()
    assert first.remaining_cents == 0


# Fulfilment and refund through the real webhook ------------------------------------------------------------------


def post_event(client, payload_dict):
    payload = json.dumps(payload_dict)
    header = stripe.WebhookSignature.generate_signature_header(payload, SECRET)
    return client.post("/stripe/webhook/", payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


def test_fulfilment_allocates_and_refund_releases(client, fake_stripe, campaign_a, django_capture_on_commit_callbacks):
    fund = make_fund()
    pledge = PledgeFactory(campaign=campaign_a, amount_cents=2500)
    session = fake_stripe.add_session(pledge)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, event("checkout.session.completed", session)).status_code == 200
    allocation = MatchAllocation.objects.get(pledge=pledge)
    assert allocation.amount_cents == 2500
    fund.refresh_from_db()
    assert fund.allocated_cents == 2500

    charge = {
        "id": "ch_1",
        "object": "charge",
        "payment_intent": session["payment_intent"],
        "amount": 2500,
        "amount_refunded": 2500,
        "refunded": True,
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, event("charge.refunded", charge)).status_code == 200
    allocation.refresh_from_db()
    assert allocation.released_at is not None
    fund.refresh_from_db()
    assert fund.allocated_cents == 0
    assert MatchBusinessTotal.objects.get().allocated_cents == 0
    assert release(pledge) is None  # released once
    fund.refresh_from_db()
    assert fund.allocated_cents == 0
    assert campaign_match_cents(campaign_a) == 0


def test_partial_refund_keeps_the_match(client, fake_stripe, campaign_a, django_capture_on_commit_callbacks):
    make_fund()
    pledge = PledgeFactory(campaign=campaign_a, amount_cents=2500)
    session = fake_stripe.add_session(pledge)
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, event("checkout.session.completed", session))
    charge = {"id": "ch_2", "payment_intent": session["payment_intent"], "amount_refunded": 500, "refunded": False}
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, event("charge.refunded", charge))
    assert MatchAllocation.objects.get().released_at is None


# Public display ---------------------------------------------------------------------------------------------------


def test_campaign_page_shows_city_match(client, campaign_a):
    make_fund(name="Stadt-Topf", ratio=Decimal("0.50"), cap_per_pledge_cents=5000)
    allocate(paid_pledge(campaign_a, amount_cents=4000))
    html = client.get(campaign_a.url).content.decode()
    assert "Die Stadt legt 20\u00a0€ drauf" in html
    # One total (citizens' and the city's money together), split once, explained once.
    flat = html.replace("\u00a0", " ")
    assert '<strong class="campaign-status__total">60 €</strong> <span>von 1.000 €</span>' in flat
    assert "40 € von Unterstützer*innen + 20 € von der Stadt" in flat
    assert html.count("<progress") == 1 and '<progress class="progress" max="100" value="6"' in html
    assert html.count("Stadt-Topf legt auf jeden Euro, den Sie geben, 50 Cent drauf") == 1
    from django.template.loader import render_to_string

    from fundraising.payouts.templatetags.payouts_tags import campaign_match

    with translation.override("en"):
        html_en = render_to_string("payouts/includes/campaign_match.html", campaign_match(campaign_a))
    assert "The city adds €20" in html_en


def test_campaign_page_without_fund_shows_nothing(client, campaign_a):
    html = client.get(campaign_a.url).content.decode()
    assert "von der Stadt" not in html
    assert "Die Stadt legt" not in html


def test_fund_name_is_escaped(client, campaign_a):
    make_fund(name="<script>alert(1)</script>")
    html = client.get(campaign_a.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_home_slot_shows_remaining_budget(rf, campaign_a):
    from fundraising.payouts.wagtail_hooks import home_match_funds

    fund = make_fund(budget_cents=500_000)
    allocate(paid_pledge(campaign_a, amount_cents=10_000))
    with translation.override("de"):
        html = home_match_funds(rf.get("/"), None)
    assert fund.name in html
    assert "4.900\u00a0€</strong> von 5.000\u00a0€ noch verfügbar" in html
    MatchFund.objects.update(active=False)
    assert "Stadt-Topf" not in home_match_funds(rf.get("/"), None)


# Editors ----------------------------------------------------------------------------------------------------------


def test_allocation_report_and_csv(client, editor, campaign_a):
    fund = make_fund(name="=cmd|' /C calc'!A0")
    allocate(paid_pledge(campaign_a, amount_cents=2500))
    refunded = paid_pledge(campaign_a, amount_cents=1000)
    allocate(refunded)
    release(refunded)
    client.force_login(editor)
    html = client.get(reverse("payouts_match_allocations")).content.decode()
    assert "Buchladen Anna" in html
    assert "25,00\u00a0€" in html
    response = client.get(reverse("payouts_match_allocations") + f"?export=csv&fund={fund.pk}")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[1].startswith("'=cmd")
    assert lines[1].endswith(";Buchladen Anna;1;25,00;25,00;10,00")  # German: decimal comma, numbers
    for hostile in ("abc", "1 OR 1=1", "-1", "9" * 40):
        assert client.get(reverse("payouts_match_allocations") + f"?fund={hostile}").status_code == 200


def test_editor_can_create_fund_with_validation(client, editor):
    client.force_login(editor)
    url = reverse("payouts_matchfund:add")
    data = {
        "name": "Sommer-Topf",
        "name_en": "",
        "budget_cents": "500000",
        "ratio": "0.5",
        "cap_per_pledge_cents": "",
        "cap_per_business_cents": "",
        "starts_on": "2026-12-01",
        "ends_on": "2026-11-01",
        "active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # end before start
    assert not MatchFund.objects.exists()
    for bad in ({"ratio": "0"}, {"ratio": "-1"}, {"ratio": "11"}, {"budget_cents": "-5"}, {"ratio": "1e5"}):
        assert client.post(url, {**data, "ends_on": "2026-12-31", **bad}).status_code == 200
    assert not MatchFund.objects.exists()
    response = client.post(url, {**data, "ends_on": "2026-12-31"})
    assert response.status_code == 302
    fund = MatchFund.objects.get()
    assert fund.ratio == Decimal("0.50") and fund.allocated_cents == 0


def test_budget_cannot_drop_below_allocated(campaign_a):
    from django.core.exceptions import ValidationError

    fund = make_fund(budget_cents=10_000)
    allocate(paid_pledge(campaign_a, amount_cents=6000))
    fund.refresh_from_db()
    fund.budget_cents = 5000
    with pytest.raises(ValidationError):
        fund.full_clean()


# Concurrency ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_fulfilments_never_exceed_budget_or_business_cap(directory, district, category):
    business_1 = BusinessPageFactory(parent=directory, district=district, categories=[category])
    business_2 = BusinessPageFactory(parent=directory, district=district, categories=[category])
    campaigns = [CampaignPageFactory(parent=business_1), CampaignPageFactory(parent=business_2)]
    fund = make_fund(budget_cents=10_000, cap_per_business_cents=6_000)
    pledges = [paid_pledge(campaigns[i % 2], amount_cents=1700) for i in range(16)]
    barrier = threading.Barrier(8)
    errors = []

    def worker(chunk):
        try:
            barrier.wait(timeout=30)
            for pledge in chunk:
                allocate(pledge)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(pledges[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    # A thread may lose SQLite's lock now and then ("database is locked"); what must never happen is overspending.
    fund.refresh_from_db()
    allocations = list(MatchAllocation.objects.filter(released_at__isnull=True))
    total = sum(a.amount_cents for a in allocations)
    assert fund.allocated_cents == total
    assert total <= fund.budget_cents
    for business in (business_1, business_2):
        per_business = sum(a.amount_cents for a in allocations if a.business_id == business.pk)
        assert per_business <= 6_000
        row = MatchBusinessTotal.objects.filter(fund=fund, business=business).first()
        assert (row.allocated_cents if row else 0) == per_business
    assert len({a.pledge_id for a in allocations}) == len(allocations)
    if not errors:
        assert total == 10_000  # everyone got through: the whole budget is used, to the cent


def test_allocate_matches_command_catches_up(campaign_a):
    from django.core.management import call_command

    first = paid_pledge(campaign_a, amount_cents=1000)
    second = paid_pledge(campaign_a, amount_cents=2000)
    make_fund()  # created after the pledges were paid (e.g. the receiver failed): the command allocates
    call_command("allocate_matches", stdout=open("/dev/null", "w"))
    call_command("allocate_matches", stdout=open("/dev/null", "w"))  # idempotent
    assert sorted(MatchAllocation.objects.values_list("pledge_id", "amount_cents")) == [
        (first.pk, 1000),
        (second.pk, 2000),
    ]
    assert MatchFund.objects.get().allocated_cents == 3000


def test_saving_a_stale_fund_never_overwrites_allocated(campaign_a):
    fund = make_fund(budget_cents=10_000)
    stale = MatchFund.objects.get(pk=fund.pk)  # e.g. the editor's form, opened before the pledge was matched
    allocate(paid_pledge(campaign_a, amount_cents=4000))
    stale.budget_cents = 20_000
    stale.save()
    fund.refresh_from_db()
    assert fund.budget_cents == 20_000
    assert fund.allocated_cents == 4000
