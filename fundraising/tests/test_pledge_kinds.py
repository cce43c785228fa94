"""Every export marks each pledge's kind — one-off, a month of monthly support (with the subscription's reference),
a gift, offline (with the method) — in one column "kind" ("Art"): the editors' list and export, the owners' pledge
CSV, the DATEV bookings and the council report."""

import re

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from fundraising import offline, pledge_kinds
from fundraising.factories import PledgeFactory
from fundraising.models import Pledge, PledgeGift, PledgeState, Subscription, SubscriptionState

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    settings.FUNDRAISING_EVIDENCE_ROOT = str(tmp_path / "evidence")


def paid(campaign, **kwargs):
    return PledgeFactory(campaign=campaign, state=PledgeState.PAID, paid_at=timezone.now(), **kwargs)


@pytest.fixture
def mixed(campaign):
    """One pledge of each kind on one campaign."""
    one_off = paid(campaign, amount_cents=1100, name="Einmal Erna")
    subscription = Subscription.objects.create(
        target=campaign,
        amount_cents=1200,
        name="Paula Pate",
        email="paula@example.org",
        state=SubscriptionState.ACTIVE,
    )
    month = paid(campaign, amount_cents=1200, subscription=subscription, stripe_invoice_id="in_1")
    gift = paid(campaign, amount_cents=1300)
    PledgeGift.objects.create(
        pledge=gift,
        sender_name="Oma",
        recipient_name="Ben",
        recipient_email="ben@example.org",
        deliver_on=timezone.localdate(),
    )
    cash = offline.record(campaign, amount_cents=1400, method="cash", reference="Kasse 7", user=None)
    return {"one_off": one_off, "monthly": month, "gift": gift, "offline": cash, "subscription": subscription}


def test_kind_in_the_query_and_in_python_agree(mixed):
    expected = {
        mixed["one_off"].pk: "one_off",
        mixed["monthly"].pk: "monthly",
        mixed["gift"].pk: "gift",
        mixed["offline"].pk: "offline",
    }
    annotated = {p.pk: pledge_kinds.kind_of(p) for p in pledge_kinds.with_kind(Pledge.objects.all())}
    plain = {p.pk: pledge_kinds.kind_of(p) for p in Pledge.objects.all()}
    assert annotated == expected == plain


def test_labels_name_the_subscription_reference_and_the_method(mixed, settings):
    ref = f"WSH-M-{mixed['subscription'].pk:07d}"
    assert pledge_kinds.kind_label(mixed["monthly"]) == f"Monatliche Unterstützung ({ref})"
    assert pledge_kinds.kind_label(mixed["offline"]) == "Offline (Bar)"
    assert pledge_kinds.kind_label(mixed["gift"]) == "Geschenk"
    assert pledge_kinds.kind_label(mixed["one_off"]) == "Einmalig"


def test_with_kind_costs_no_query_per_row(mixed, django_assert_num_queries):
    with django_assert_num_queries(1):
        labels = [pledge_kinds.kind_label(p) for p in pledge_kinds.with_kind(Pledge.objects.all())]
    assert len(labels) == 4


def test_a_monthly_offline_or_gift_pledge_takes_the_first_kind_in_order(campaign, mixed):
    """A month is monthly even if (by a hostile or broken record) it had a gift; offline wins over gift."""
    PledgeGift.objects.create(
        pledge=mixed["monthly"],
        sender_name="x",
        recipient_name="y",
        recipient_email="y@example.org",
        deliver_on=timezone.localdate(),
    )
    PledgeGift.objects.create(
        pledge=mixed["offline"],
        sender_name="x",
        recipient_name="y",
        recipient_email="y@example.org",
        deliver_on=timezone.localdate(),
    )
    kinds = {p.pk: pledge_kinds.kind_of(p) for p in pledge_kinds.with_kind(Pledge.objects.all())}
    assert kinds[mixed["monthly"].pk] == "monthly" and kinds[mixed["offline"].pk] == "offline"


def test_admin_list_and_export_show_the_kind(client, mixed):
    superuser = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw-Admin-12345")
    client.force_login(superuser)
    listing = client.get("/admin/fundraising/pledges/").content.decode()
    ref = f"WSH-M-{mixed['subscription'].pk:07d}"
    assert ref in listing and "Geschenk" in listing and "Einmalig" in listing and "Offline (Bar)" in listing
    export = client.get("/admin/fundraising/pledges/?export=csv")
    body = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    header, *lines = body.strip().splitlines()
    assert "Art" in header.split(export_delimiter(header))
    by_pk = {line.split(export_delimiter(header))[0]: line for line in lines}
    assert ref in by_pk[str(mixed["monthly"].pk)]
    assert "Offline (Bar)" in by_pk[str(mixed["offline"].pk)]
    assert "Geschenk" in by_pk[str(mixed["gift"].pk)] and "Einmalig" in by_pk[str(mixed["one_off"].pk)]


def export_delimiter(header):
    return ";" if ";" in header else ","


def test_owner_pledge_csv_has_the_kind_column(client, owner, campaign, mixed):
    client.force_login(owner)
    response = client.get(reverse("fundraising:owner_pledges_csv", args=[campaign.business_page_id, campaign.pk]))
    text = response.content.decode("utf-8-sig")
    header, *lines = text.strip().splitlines()
    assert "Art" in header.split(";")
    column = header.split(";").index("Art")
    kinds = sorted(line.split(";")[column] for line in lines)
    ref = f"WSH-M-{mixed['subscription'].pk:07d}"
    assert kinds == sorted(["Einmalig", f"Monatliche Unterstützung ({ref})", "Geschenk", "Offline (Bar)"])


def test_owner_pledge_csv_in_english(client, owner, campaign, mixed):
    client.force_login(owner)
    with translation.override("en"):
        url = reverse("fundraising:owner_pledges_csv", args=[campaign.business_page_id, campaign.pk])
    text = client.get(url).content.decode("utf-8-sig")
    assert "Kind" in text.splitlines()[0].split(",")
    assert "Monthly support (WSH-M-" in text and "Offline (Cash)" in text and "One-off" in text


def test_datev_bookings_mark_the_kind_in_german_whatever_the_language(client, owner, campaign, mixed):
    client.force_login(owner)
    url = reverse("fundraising:owner_bookings_csv", args=[campaign.business_page_id])
    text = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode("utf-8-sig")
    header, *lines = text.strip().splitlines()
    columns = header.split(";")
    assert "Buchungsart" in columns and "Art" in columns
    kind = columns.index("Art")
    ref = f"WSH-M-{mixed['subscription'].pk:07d}"
    assert sorted(line.split(";")[kind] for line in lines) == sorted(
        ["Einmalig", f"Monatliche Unterstützung ({ref})", "Geschenk", "Offline (Bar)"]
    )


def test_council_report_csv_splits_the_totals_by_kind(client, mixed):
    cash = mixed["offline"]
    offline.record_refund(cash, user=None, reason="zurück")
    offline.record(mixed["offline"].target.specific, amount_cents=100_000, method="grant", reference="Z", user=None)
    superuser = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw-Admin-12345")
    client.force_login(superuser)
    text = client.get(reverse("outreach_council_report_csv")).content.decode("utf-8-sig")
    rows = {tuple(line.split(";")[:2]): line.split(";")[2] for line in text.strip().splitlines()[1:]}
    assert rows[("kind", "one_off_net")] == "11,00"
    assert rows[("kind", "monthly_net")] == "12,00"
    assert rows[("kind", "gift_net")] == "13,00"
    assert rows[("kind", "offline_cash_net")] == "0,00"  # refunded
    assert rows[("kind", "offline_cash_pledges")] == "1"
    assert rows[("kind", "offline_grant_net")] == "1000,00"
    nets = [float(v.replace(",", ".")) for (s, label), v in rows.items() if s == "kind" and label.endswith("_net")]
    assert sum(nets) == float(rows[("citizens", "net")].replace(",", "."))  # the kinds add up to the total


def test_stranger_cannot_read_the_exports(client, other_owner, campaign, mixed):
    client.force_login(other_owner)
    url = reverse("fundraising:owner_pledges_csv", args=[campaign.business_page_id, campaign.pk])
    assert client.get(url).status_code in (403, 404)
    assert client.get("/admin/fundraising/pledges/?export=csv").status_code in (302, 403)


def test_admin_list_filters_by_kind_and_ignores_a_forged_kind(client, mixed):
    superuser = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw-Admin-12345")
    client.force_login(superuser)
    export = client.get("/admin/fundraising/pledges/?kind=monthly&export=csv")
    body = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    lines = body.strip().splitlines()[1:]
    assert len(lines) == 1 and f"WSH-M-{mixed['subscription'].pk:07d}" in lines[0]
    listing = client.get("/admin/fundraising/pledges/", {"kind": "gift"}).content.decode()
    cells = re.sub(r"<option[^>]*>.*?</option>", "", listing, flags=re.S)  # the rows, not the filter's options
    assert "Geschenk" in cells and "Einmalig" not in cells and "WSH-M-" not in cells
    forged = client.get("/admin/fundraising/pledges/", {"kind": "') OR 1=1 --"})
    assert forged.status_code == 200  # an invalid choice: the filter form says so, nothing breaks


def test_council_report_page_and_pdf_split_the_totals_by_kind(client, mixed):
    offline.record(mixed["offline"].target.specific, amount_cents=100_000, method="grant", reference="Z", user=None)
    superuser = get_user_model().objects.create_superuser("chefin", "chefin@example.org", "pw-Admin-12345")
    client.force_login(superuser)
    html = client.get(reverse("outreach_council_report")).content.decode()
    table = html[html.index('id="by-kind"') : html.index("</table>", html.index('id="by-kind"'))]
    kinds = re.findall(r'data-kind="([a-z_]+)"', table)
    assert kinds == ["one_off", "monthly", "gift", "offline_cash", "offline_grant"]  # the order of KINDS, then method
    assert "Offline (Bar)" in table
    assert re.search(r'data-kind="offline_grant"><th scope="row">Offline \([^)]+\)</th><td>1</td><td>1.000\xa0€', table)
    totals = re.search(r"<tfoot><tr><th[^>]*>[^<]+</th><td>(\d+)</td>", table).group(1)
    rows = re.findall(r'data-kind="[a-z_]+"><th scope="row">[^<]+</th><td>(\d+)</td>', table)
    assert sum(int(n) for n in rows) == int(totals)  # the kinds add up to the report's pledge count
    pdf = client.get(reverse("outreach_council_report_pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_council_report_without_pledges_shows_no_kind_table(client, db):
    superuser = get_user_model().objects.create_superuser("leer", "leer@example.org", "pw-Admin-12345")
    client.force_login(superuser)
    html = client.get(reverse("outreach_council_report")).content.decode()
    assert 'id="by-kind"' not in html
