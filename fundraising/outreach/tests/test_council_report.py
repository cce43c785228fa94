"""The council report: numbers from a known data set, any date range (empty, reversed, malformed), page/PDF/CSV."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from django.urls import reverse
from django.utils import timezone

from directory.factories import BusinessPageFactory, DistrictFactory
from directory.models import Freshness
from directory.testing import make_editor, make_verified_user
from fundraising.factories import CampaignPageFactory, PledgeFactory
from fundraising.models import PledgeState, Redemption, Voucher
from fundraising.outreach.council import Period, add_months, council_numbers
from fundraising.payouts.models import MatchAllocation, MatchFund

from .conftest import paid

TODAY = timezone.localdate()


@pytest.fixture
def city(db):
    nord, sued = DistrictFactory(name="Nord", slug="nord"), DistrictFactory(name="Süd", slug="sued")
    b1 = BusinessPageFactory(title="Eins", district=nord)
    b2 = BusinessPageFactory(title="Zwei", district=sued)
    b3 = BusinessPageFactory(title="Drei", district=sued)
    c1, c2, c3 = (CampaignPageFactory(parent=b) for b in (b1, b2, b3))
    now = timezone.now()
    long_ago = now - dt.timedelta(days=400)
    p1 = paid(c1, 10_000, paid_at=now)
    paid(c2, 20_000, paid_at=now - dt.timedelta(days=3), email="b@example.org")
    PledgeFactory(campaign=c2, amount_cents=4_000, state=PledgeState.REFUNDED, refunded_cents=4_000, paid_at=now)
    paid(c3, 6_000, paid_at=long_ago)  # outside a recent period; inside a long one
    PledgeFactory(campaign=c1, amount_cents=99_000, state=PledgeState.PENDING)
    fund = MatchFund.objects.create(
        name="Stadtfonds", budget_cents=1_000_000, ratio=Decimal("0.5"), ends_on=TODAY + dt.timedelta(days=30)
    )
    MatchAllocation.objects.create(fund=fund, pledge=p1, business=b1, campaign=c1, amount_cents=5_000)
    voucher = Voucher.objects.create(
        code="AAAA1111BBBB",
        pledge=p1,
        business=b1,
        title="Gutschein",
        face_value_cents=1_200,
        balance_cents=200,
        valid_until=TODAY + dt.timedelta(days=900),
    )
    Redemption.objects.create(voucher=voucher, business=b1, amount_cents=1_000, balance_after_cents=200)
    return {"b1": b1, "b2": b2, "b3": b3}


def test_numbers_for_the_last_month(city):
    numbers = council_numbers(Period(TODAY - dt.timedelta(days=29), TODAY))
    t = numbers["totals"]
    assert t["pledged"] == 34_000 and t["refunded"] == 4_000 and t["net"] == 30_000
    assert t["matched"] == 5_000 and t["leverage"] == 6.0
    assert numbers["businesses_reached"] == 2 and numbers["districts_reached"] == 2
    v = numbers["vouchers"]
    assert v["issued"] == 1 and v["issued_cents"] == 1_200 and v["redeemed_cents"] == 1_000
    assert v["outstanding_cents"] == 200
    assert sum(row["net"] for row in numbers["over_time"]) == 30_000 and len(numbers["over_time"]) == 30
    assert all(row["eligible"] == 0 for row in numbers["survival"])  # too recent to measure


def test_survival_after_months(city):
    period = Period(TODAY - dt.timedelta(days=450), TODAY)
    numbers = council_numbers(period)
    assert numbers["businesses_reached"] == 3
    by_months = {row["months"]: row for row in numbers["survival"]}
    assert by_months[12]["eligible"] == 1 and by_months[12]["active"] == 1
    Freshness.objects.create(business=city["b3"], closed_on=TODAY - dt.timedelta(days=380))
    by_months = {row["months"]: row for row in council_numbers(period)["survival"]}
    assert by_months[3]["active"] == 0 and by_months[12]["percent"] == 0
    assert len(council_numbers(period)["over_time"]) <= 16  # months


def test_empty_period(city):
    numbers = council_numbers(Period(dt.date(2001, 1, 1), dt.date(2001, 1, 31)))
    assert numbers["empty"] and numbers["totals"]["net"] == 0 and numbers["totals"]["leverage"] is None
    assert numbers["businesses_reached"] == 0 and numbers["vouchers"]["outstanding_cents"] == 0


def test_query_count_does_not_grow(city, django_assert_max_num_queries):
    for _n in range(20):
        paid(CampaignPageFactory(parent=BusinessPageFactory(district=city["b1"].district)), 1_000)
    with django_assert_max_num_queries(25):
        council_numbers(Period(TODAY - dt.timedelta(days=29), TODAY))


def test_page_pdf_csv_for_editors(client, city):
    client.force_login(make_editor())
    query = {"start": (TODAY - dt.timedelta(days=29)).isoformat(), "end": TODAY.isoformat()}
    page = client.get(reverse("outreach_council_report"), query)
    html = page.content.decode()
    assert page.status_code == 200 and "chart-money" in html and "<svg" in html and "6,00" in html
    pdf = client.get(reverse("outreach_council_report_pdf"), query)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    data = client.get(reverse("outreach_council_report_csv"), query).content.decode("utf-8-sig")
    rows = {(r[0], r[1]): r[2] for r in csv.reader(io.StringIO(data), delimiter=";")}
    assert rows[("citizens", "net")] == "300,00" and rows[("city", "match")] == "50,00"
    assert rows[("city", "leverage")] == "6,00" and rows[("vouchers", "outstanding")] == "2,00"


def test_default_period_and_empty_period_page(client, city):
    client.force_login(make_editor())
    assert client.get(reverse("outreach_council_report")).status_code == 200
    empty = client.get(reverse("outreach_council_report"), {"start": "2001-01-01", "end": "2001-01-31"})
    assert empty.status_code == 200 and "chart-money" not in empty.content.decode()
    pdf = client.get(reverse("outreach_council_report_pdf"), {"start": "2001-01-01", "end": "2001-01-31"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2026-02-01", "end": "2026-01-01"},
        {"start": "gestern", "end": "heute"},
        {"start": "2026-01-01"},
        {"start": "1990-01-01", "end": "2026-01-01"},
        {"start": "2026-02-30", "end": "2026-03-01"},
    ],
)
def test_bad_periods(client, city, query):
    client.force_login(make_editor())
    assert client.get(reverse("outreach_council_report"), query).status_code == 400
    assert client.get(reverse("outreach_council_report_csv"), query).status_code == 400
    assert client.get(reverse("outreach_council_report_pdf"), query).status_code == 400


def test_only_editors(client, city):
    client.force_login(make_verified_user("x@example.org", is_staff=True))
    assert client.get(reverse("outreach_council_report")).status_code in (302, 403)
    assert client.get(reverse("outreach_council_report_csv")).status_code in (302, 403)


def test_add_months():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 15), 3) == dt.date(2027, 2, 15)
