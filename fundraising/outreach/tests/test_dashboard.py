"""The city's dashboard: numbers from a known data set, constant queries, editors only, CSV, accessible charts."""

import csv
import datetime
import io

import pytest

from django.urls import reverse
from django.utils import timezone

from directory.factories import BusinessPageFactory, CategoryFactory, DistrictFactory
from fundraising.factories import CampaignPageFactory, PledgeFactory
from fundraising.models import PledgeState, Voucher
from fundraising.outreach.dashboard import city_numbers

from .conftest import paid


@pytest.fixture
def city(db):
    """Two districts, two categories, three campaigns, pledges in two weeks, a refund, a lost dispute, vouchers."""
    nord = DistrictFactory(name="Nord", slug="nord")
    sued = DistrictFactory(name="Süd", slug="sued")
    cafe = CategoryFactory(name="Café", slug="cafe")
    buch = CategoryFactory(name="Buchladen", slug="buch")
    b1 = BusinessPageFactory(title="Café Eins", district=nord, categories=[cafe])
    b2 = BusinessPageFactory(title="Buch & Café", district=sued, categories=[cafe, buch])
    c1 = CampaignPageFactory(parent=b1, title="Eins")
    c2 = CampaignPageFactory(parent=b2, title="Zwei")
    now = timezone.now()
    last_week = now - datetime.timedelta(days=7)
    p1 = paid(c1, 10_000, paid_at=now)
    paid(c1, 5_000, paid_at=last_week)
    paid(c2, 20_000, paid_at=now, email="x@example.org")
    PledgeFactory(campaign=c2, amount_cents=3_000, state=PledgeState.REFUNDED, refunded_cents=3_000, paid_at=now)
    PledgeFactory(campaign=c2, amount_cents=1_000, state=PledgeState.DISPUTE_LOST, paid_at=now)
    PledgeFactory(campaign=c1, amount_cents=90_000, state=PledgeState.PENDING)
    Voucher.objects.create(
        code="ABCD1234EFGH",
        pledge=p1,
        business=b1,
        title="Gutschein",
        face_value_cents=1200,
        balance_cents=200,
        valid_until=timezone.localdate() + datetime.timedelta(days=900),
    )
    return {"c1": c1, "c2": c2}


def test_numbers_from_known_data_set(city):
    numbers = city_numbers(12)
    t = numbers["totals"]
    assert t["pledged"] == 39_000  # 10k + 5k + 20k + 3k refunded + 1k dispute lost; pending excluded
    assert t["refunded"] == 3_000 and t["lost"] == 1_000 and t["net"] == 35_000
    assert t["pledges"] == 5
    assert sum(w["pledged"] for w in numbers["weekly"]) == 39_000
    assert len(numbers["weekly"]) == 12
    this_week, previous = numbers["weekly"][-1], numbers["weekly"][-2]
    assert this_week["pledged"] == 34_000 and previous["pledged"] == 5_000
    districts = {row["label"]: row for row in numbers["by_district"]}
    assert districts["Nord"]["net"] == 15_000 and districts["Süd"]["net"] == 21_000
    categories = {row["label"]: row for row in numbers["by_category"]}
    assert categories["Café"]["pledged"] == 39_000 and categories["Buchladen"]["pledged"] == 24_000
    assert [row["target_title"] for row in numbers["top_campaigns"]] == ["Zwei", "Eins"]
    assert numbers["businesses"]["live"] == 2 and numbers["businesses"]["with_campaign"] == 2
    assert numbers["vouchers"]["issued"] == 1 and numbers["vouchers"]["redeemed_cents"] == 1000


def test_dashboard_query_count_constant(city, django_assert_max_num_queries, editor, client):
    client.force_login(editor)
    url = reverse("outreach_city_dashboard")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for n in range(8):
        c = CampaignPageFactory(
            parent=BusinessPageFactory(district=DistrictFactory(name=f"D{n}", slug=f"d{n}")), title=f"K{n}"
        )
        paid(c, 1000 + n)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_dashboard_page_for_editor_has_charts_and_tables(city, editor, client):
    client.force_login(editor)
    response = client.get(reverse("outreach_city_dashboard") + "?weeks=26")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == 3 and html.count("<title id=") == 3
    assert "Nord" in html and "Süd" in html and "Buch &amp; Café" in html
    assert 'option value="26" selected' in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("weeks", ["0", "-1", "abc", "9999", "<script>", "12'--"])
def test_dashboard_hostile_weeks_fall_back(city, editor, client, weeks):
    client.force_login(editor)
    response = client.get(reverse("outreach_city_dashboard"), {"weeks": weeks})
    assert response.status_code == 200 and 'option value="12" selected' in response.content.decode()
    assert "<script>" not in response.content.decode().split("</header>")[-1]


def test_dashboard_escapes_hostile_names(editor, client):
    b = BusinessPageFactory(title="<script>alert(1)</script>", district=DistrictFactory(name="<b>X</b>", slug="x"))
    paid(CampaignPageFactory(parent=b, title="<img src=x onerror=alert(1)>"), 1000)
    client.force_login(editor)
    html = client.get(reverse("outreach_city_dashboard")).content.decode()
    assert "<img src=x" not in html and "<script>alert(1)" not in html and "<b>X</b>" not in html


def test_dashboard_csv(city, editor, client):
    client.force_login(editor)
    response = client.get(reverse("outreach_city_dashboard_csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:6] == ["section", "label", "pledged_eur", "refunded_eur", "net_eur", "pledges"]
    total = next(r for r in rows if r[0] == "total")
    assert total[2] == "390,00" and total[4] == "350,00"  # numbers in the German spreadsheet format
    assert any(r[0] == "district" and r[1] == "Süd" for r in rows)
    assert len([r for r in rows if r[0] == "week"]) == 12


def test_csv_neutralises_formulas(editor, client):
    b = BusinessPageFactory(title='=HYPERLINK("http://evil")', district=DistrictFactory(name="+cmd", slug="cmd"))
    paid(CampaignPageFactory(parent=b, title="@SUM(1)"), 1000)
    client.force_login(editor)
    body = client.get(reverse("outreach_city_dashboard_csv")).content.decode("utf-8-sig")
    assert "'+cmd" in body and ";=HYPERLINK" not in body and ";@SUM" not in body


def test_non_editors_cannot_see_dashboard(client, owner_a, citizen, city):
    for url in (reverse("outreach_city_dashboard"), reverse("outreach_city_dashboard_csv")):
        assert client.get(url).status_code == 302  # anonymous: to the log-in
        for user in (owner_a, citizen):
            client.force_login(user)
            response = client.get(url)
            assert response.status_code in (302, 403)
            assert b"390" not in response.content
            client.logout()


def test_admin_user_without_editor_group_is_refused_and_has_no_menu_item(client, city):
    from django.contrib.auth.models import Group, Permission

    from directory.testing import make_verified_user

    group = Group.objects.create(name="Nur Admin")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = make_verified_user("admin-only@example.org")
    user.groups.add(group)
    client.force_login(user)
    denied = client.get(reverse("outreach_city_dashboard"))
    assert denied.status_code == 302 and denied["Location"] == reverse("wagtailadmin_home")  # Wagtail's "no access"
    assert reverse("outreach_city_dashboard") not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_editor_sees_menu_item(client, editor):
    client.force_login(editor)
    assert reverse("outreach_city_dashboard") in client.get(reverse("wagtailadmin_home")).content.decode()
