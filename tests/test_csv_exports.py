"""Every CSV export of the project goes through `commons.csv_export`: numbers (negative ones included) stay numbers
that a spreadsheet sums, hostile text stays inert text, overpayments say what they are."""

import csv
import io
import pathlib
import re
from decimal import Decimal

import pytest

from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from directory.factories import BusinessPageFactory, DistrictFactory
from fundraising.factories import CampaignPageFactory, PledgeFactory
from fundraising.models import PledgeState
from fundraising.payouts.models import ManualPayout
from owners.testing import make_verified_user

HOSTILE = '=HYPERLINK("http://evil")'
NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")  # German (decimal comma) and English (decimal point)
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def parse(response, delimiter=";"):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.getvalue() if hasattr(response, "streaming_content") else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))


def assert_safe(rows):
    """No cell a spreadsheet would run; no number turned into text (an apostrophe before a number)."""
    for row in rows:
        for value in row:
            assert not (value.startswith(FORMULA) and not NUMBER.match(value)), value
            assert not (value.startswith("'") and NUMBER.match(value[1:])), value


def column(rows, header_part):
    index = next(i for i, name in enumerate(rows[0]) if header_part in name)
    return [row[index] for row in rows[1:]]


@pytest.fixture
def editor(db):
    user = make_verified_user("redaktion@example.org")
    user.groups.add(Group.objects.get(name="Redaktion"))
    return user


def test_no_csv_writer_outside_commons():
    """One implementation: no other module of the project writes CSV by itself (reading CSV, e.g. the business
    import, is fine)."""
    offenders = []
    for app in ("cms", "home", "directory", "fundraising", "owners", "privacy", "alerts"):
        for path in (pathlib.Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            text = path.read_text()
            if re.search(r"csv\.(writer|DictWriter)\(", text):
                offenders.append(str(path))
    assert offenders == []


def test_wagtail_list_export_guards_text_and_keeps_negative_numbers(admin_client):
    DistrictFactory(name=HOSTILE, slug="evil", center_lat=-33.8688, center_lng=-0.1276)
    rows = parse(admin_client.get(reverse("wagtailsnippets_directory_district:list") + "?export=csv"))
    assert_safe(rows)
    assert "'" + HOSTILE in [row[0] for row in rows[1:]]
    assert "-0,1276" in [cell for row in rows for cell in row] and "-33,8688" in [c for r in rows for c in r]


def test_wagtail_model_export_pledges(admin_client):
    PledgeFactory(name=HOSTILE, amount_cents=2550, state=PledgeState.PAID, paid_at=timezone.now())
    rows = parse(admin_client.get(reverse("fundraising_pledge:index") + "?export=csv"))
    assert_safe(rows)
    cells = [cell for row in rows for cell in row]
    assert "'" + HOSTILE in cells and "2550" in cells


def test_directory_open_data_csv_keeps_negative_coordinates(client, db):
    from directory.models import BusinessPage

    business = BusinessPageFactory(title=HOSTILE)
    BusinessPage.objects.filter(pk=business.pk).update(public_lat=-33.8688, public_lng=-0.1276)
    rows = parse(client.get("/api/v1/businesses.csv"), delimiter=",")
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["name"] == "'" + HOSTILE
    assert record["lat"] == "-33.8688" and record["lng"] == "-0.1276"  # machine format: decimal point


def test_amount_owed_overpayment_is_labelled_and_numeric(client, editor):
    business = BusinessPageFactory(title=HOSTILE)
    campaign = CampaignPageFactory(parent=business)
    PledgeFactory(campaign=campaign, amount_cents=2000, state=PledgeState.PAID, paid_at=timezone.now())
    ManualPayout.objects.create(business=business, amount_cents=2950)
    client.force_login(editor)
    rows = parse(client.get(reverse("payouts_amount_owed") + "?export=csv"))
    assert_safe(rows)
    assert column(rows, "Saldo") == ["-9,50"]  # a negative number, not the text "'-9.50"
    assert column(rows, "Überzahlung") == ["9,50"] and column(rows, "Offen") == ["0,00"]
    assert "Überzahlung" in column(rows, "Status")[0]
    assert rows[1][1] == "'" + HOSTILE
    html = client.get(reverse("payouts_amount_owed")).content.decode()
    assert "Überzahlung" in html


def test_collective_payout_csv_overpayment(client, editor):
    import datetime

    from fundraising.collective.beneficiaries import freeze
    from fundraising.collective.factories import CollectiveCampaignPageFactory
    from fundraising.collective.models import CollectiveCampaignPage, CollectivePayout, ListedBusiness
    from fundraising.models import Pledge

    today = timezone.localdate()
    shops = [BusinessPageFactory(title=HOSTILE), BusinessPageFactory(title="Café")]
    page = CollectiveCampaignPageFactory(start_date=today, end_date=today + datetime.timedelta(days=3))
    for shop in shops:
        ListedBusiness.objects.create(page=page, business=shop, weight=1)
    freeze(page)
    pledge = Pledge.objects.create(
        target=page, amount_cents=4000, name="X", email="x@example.org", state=PledgeState.PAID
    )
    CollectiveCampaignPage.objects.filter(pk=page.pk).update(end_date=today - datetime.timedelta(days=1))
    CollectivePayout.objects.create(campaign=page, business=shops[0], amount_cents=2000, method="manual")
    Pledge.objects.filter(pk=pledge.pk).update(refunded_cents=1000)  # refunded after the payout: 1500 due
    client.force_login(editor)
    rows = parse(client.get(reverse("collective_admin_payout", args=[page.pk]) + "?export=csv"))
    assert_safe(rows)
    assert rows[1][1] == "'" + HOSTILE
    assert column(rows, "Saldo")[0] == "-5,00" and column(rows, "Überzahlung")[0] == "5,00"
    assert "Überzahlung" in column(rows, "Status")[0]


def test_owner_csvs_and_city_dashboard_numbers(client, editor):
    from owners.groups import grant_ownership

    business = BusinessPageFactory(title="Laden")
    campaign = CampaignPageFactory(parent=business)
    PledgeFactory(campaign=campaign, name=HOSTILE, amount_cents=1234, state=PledgeState.PAID, paid_at=timezone.now())
    owner = make_verified_user("inhaber@example.org")
    grant_ownership(business, owner)
    client.force_login(owner)
    rows = parse(client.get(f"/mein-unternehmen/{business.pk}/aktion/{campaign.pk}/unterstuetzungen.csv"))
    assert_safe(rows)
    assert rows[1][1] == "12,34" and rows[1][2] == "'" + HOSTILE
    client.force_login(editor)
    rows = parse(client.get(reverse("outreach_city_dashboard_csv")))
    assert_safe(rows)
    total = next(row for row in rows if row[0] == "total")
    assert Decimal(total[2].replace(",", ".")) == Decimal("12.34")


def test_english_admin_gets_the_english_spreadsheet_format(client, editor):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    business = BusinessPageFactory(title="Shop")
    ManualPayout.objects.create(business=business, amount_cents=950)
    client.force_login(editor)
    rows = parse(client.get(reverse("payouts_amount_owed") + "?export=csv"), delimiter=",")
    assert_safe(rows)
    assert column(rows, "Balance")[0] == "-9.50" and "overpayment" in column(rows, "Status")[0]


def test_wagtail_own_report_export_is_guarded(admin_client):
    """Wagtail's reports (here: site history, page titles an owner may have chosen) use the same writer."""
    business = BusinessPageFactory(title=HOSTILE)
    business.save_revision(log_action=True)
    rows = parse(admin_client.get(reverse("wagtailadmin_reports:site_history") + "?export=csv"))
    assert_safe(rows)
    assert any(cell.startswith("'" + HOSTILE) for row in rows for cell in row)
