"""Offline pledges (cash, bank transfer, grant): editors in the admin, owners behind a setting and only for their
own campaign, never a Stripe call, recorded refunds with the audit fields, and every report adding up with one-off,
gift and offline pledges mixed."""

import datetime
from decimal import Decimal

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fundraising import offline
from fundraising.closure import close_for_good
from fundraising.confirmation_pdf import rows
from fundraising.factories import CampaignPageFactory, PledgeFactory, RewardFactory
from fundraising.models import CampaignPage, FundraisingSettings, Pledge, PledgeGift, PledgeState, Voucher, VoucherState
from fundraising.outreach.council import Period, council_numbers
from fundraising.payouts.models import MatchAllocation, MatchFund

from .fakes import event, signed

RECORD_URL = "/admin/fundraising/offline/"
PDF = b"%PDF-1.4\n% evidence\n"


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    settings.FUNDRAISING_EVIDENCE_ROOT = str(tmp_path / "evidence")
    return tmp_path / "evidence"


@pytest.fixture
def editor(db):
    from directory.testing import make_editor

    return make_editor("redaktion@example.org", is_staff=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def admin_data(campaign, **changes):
    data = {
        "target": str(campaign.pk),
        "amount": "150,00",
        "method": "cash",
        "reference": "Quittung 17",
        "name": "Oma Käthe",
        "email": "kaethe@example.org",
        "issue_voucher": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def owner_url(campaign):
    return reverse("fundraising:owner_offline_pledge", args=[campaign.business_page_id, campaign.pk])


def allow_owners(value=True):
    from wagtail.models import Site

    settings = FundraisingSettings.for_site(Site.objects.get(is_default_site=True))
    settings.owners_record_offline_pledges = value
    settings.save()


# Editors --------------------------------------------------------------------------------------------------------


def test_the_editors_group_may_record_offline_pledges(editor):
    assert editor.has_perm("fundraising.add_pledge")


def test_editor_records_a_cash_pledge_with_voucher_and_evidence(
    editor_client, fake_stripe, campaign, evidence_root, django_capture_on_commit_callbacks
):
    data = admin_data(campaign, evidence=SimpleUploadedFile("quittung.pdf", PDF, content_type="application/pdf"))
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(RECORD_URL, data)
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    assert (pledge.state, pledge.payment_method, pledge.amount_cents) == (PledgeState.PAID, "cash", 15000)
    assert pledge.campaign_id == campaign.pk and pledge.business_id == campaign.business_page_id
    assert pledge.offline_reference == "Quittung 17" and pledge.recorded_by.email == "redaktion@example.org"
    voucher = Voucher.objects.get(pledge=pledge)
    assert voucher.face_value_cents == 15000 and voucher.state == VoucherState.ACTIVE
    assert [m.to for m in mail.outbox] == [["kaethe@example.org"]]
    assert campaign.progress["raised_cents"] == 15000
    # No Stripe object, no request to Stripe at all.
    assert fake_stripe.requests == [] and not fake_stripe.sessions and not fake_stripe.refunds
    # The evidence is outside MEDIA_ROOT, downloadable by editors only.
    stored = list(evidence_root.rglob("*.pdf"))
    assert len(stored) == 1 and stored[0].read_bytes() == PDF
    evidence_url = f"/admin/fundraising/offline/{pledge.pk}/evidence/"
    download = editor_client.get(evidence_url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    editor_client.logout()
    assert editor_client.get(evidence_url).status_code in (302, 403)


def test_offline_pledge_without_email_sends_nothing_and_shows_the_voucher(editor_client, fake_stripe, campaign):
    response = editor_client.post(RECORD_URL, admin_data(campaign, email="", name=""), follow=True)
    assert response.status_code == 200
    voucher = Voucher.objects.get()
    assert voucher.display_code in response.content.decode()
    assert not mail.outbox and fake_stripe.requests == []


@pytest.mark.parametrize(
    "changes",
    [
        {"amount": "0"},
        {"amount": "-5"},
        {"amount": "abc"},
        {"amount": "1,234"},
        {"amount": "100001"},
        {"method": "online"},
        {"method": "stripe"},
        {"reference": "   "},
        {"email": "kaputt"},
        {"target": "999999"},
        {"evidence": SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/octet-stream")},
        {"evidence": SimpleUploadedFile("fake.pdf", b"<html>nope</html>", content_type="application/pdf")},
    ],
)
def test_editor_form_refuses_malformed_input(editor_client, fake_stripe, campaign, changes):
    assert editor_client.post(RECORD_URL, admin_data(campaign, **changes)).status_code == 400
    assert not Pledge.objects.exists()


def test_editor_form_refuses_a_page_that_takes_no_pledges(editor_client, campaign):
    business = campaign.get_parent()
    assert editor_client.post(RECORD_URL, admin_data(campaign, target=str(business.pk))).status_code == 400
    assert not Pledge.objects.exists()


def test_oversized_evidence_is_refused(editor_client, campaign):
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024 + 1), content_type="application/pdf")
    assert editor_client.post(RECORD_URL, admin_data(campaign, evidence=big)).status_code == 400
    assert not Pledge.objects.exists()


def test_user_without_permission_cannot_record(client, campaign):
    from directory.testing import make_verified_user

    client.force_login(make_verified_user("nobody@example.org"))
    assert client.post(RECORD_URL, admin_data(campaign)).status_code in (302, 403)
    assert not Pledge.objects.exists()


def test_admin_list_export_and_bookings_mark_offline(editor_client, campaign, owner, client):
    offline.record(campaign, amount_cents=5000, method="transfer", reference="VWZ 4711", user=None)
    superuser = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw-Admin-12345")
    editor_client.force_login(superuser)
    listing = editor_client.get("/admin/fundraising/pledges/").content.decode()
    assert "Überweisung" in listing
    export = editor_client.get("/admin/fundraising/pledges/?export=csv")
    body = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    assert "transfer" in body and "VWZ 4711" in body
    client.force_login(owner)
    bookings = client.get(reverse("fundraising:owner_bookings_csv", args=[campaign.business_page_id]))
    assert "Überweisung (offline)" in bookings.content.decode("utf-8-sig")
    pledges_csv = client.get(reverse("fundraising:owner_pledges_csv", args=[campaign.business_page_id, campaign.pk]))
    assert "VWZ 4711" in pledges_csv.content.decode("utf-8-sig")


# Owners ---------------------------------------------------------------------------------------------------------


def owner_data(**changes):
    data = {"amount": "40", "method": "cash", "reference": "Kasse 3", "name": "", "email": ""}
    data.update(changes)
    return data


def test_owner_gets_403_while_the_setting_is_off(client, campaign, owner):
    client.force_login(owner)
    assert client.get(owner_url(campaign)).status_code == 403
    assert client.post(owner_url(campaign), owner_data()).status_code == 403
    detail = client.get(reverse("fundraising:owner_campaign", args=[campaign.business_page_id, campaign.pk]))
    assert owner_url(campaign) not in detail.content.decode()
    assert not Pledge.objects.exists()


def test_owner_records_for_own_campaign_when_allowed(client, fake_stripe, campaign, owner):
    allow_owners()
    client.force_login(owner)
    detail = client.get(reverse("fundraising:owner_campaign", args=[campaign.business_page_id, campaign.pk]))
    assert owner_url(campaign) in detail.content.decode()
    response = client.post(owner_url(campaign), owner_data())
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    assert pledge.campaign_id == campaign.pk and pledge.recorded_by == owner and pledge.payment_method == "cash"
    assert fake_stripe.requests == []


def test_forged_owner_post_for_another_business_is_refused(client, campaign, owner, other_owner):
    """The owner of campaign's business tries to book onto another business's campaign: by URL (another business's
    campaign under their own business, or the other business's URL) and by a forged form field."""
    allow_owners()
    foreign = CampaignPageFactory()
    client.force_login(owner)
    own_business = campaign.business_page_id
    forged_urls = [
        reverse("fundraising:owner_offline_pledge", args=[own_business, foreign.pk]),
        reverse("fundraising:owner_offline_pledge", args=[foreign.business_page_id, foreign.pk]),
        reverse("fundraising:owner_offline_pledge", args=[foreign.business_page_id, campaign.pk]),
    ]
    for url in forged_urls:
        assert client.post(url, owner_data()).status_code == 404
    assert not Pledge.objects.exists()
    # Extra fields naming another campaign or business are ignored: the pledge lands on the URL's own campaign.
    data = owner_data(target=str(foreign.pk), campaign=str(foreign.pk), business=str(foreign.business_page_id))
    assert client.post(owner_url(campaign), data).status_code == 302
    pledge = Pledge.objects.get()
    assert pledge.campaign_id == campaign.pk and pledge.business_id == own_business
    assert not Pledge.objects.filter(campaign=foreign).exists()


def test_anonymous_and_other_owner_cannot_record(client, campaign, other_owner):
    allow_owners()
    response = client.post(owner_url(campaign), owner_data())
    assert response.status_code == 302 and "/login" in response["Location"] or "anmelden" in response["Location"]
    client.force_login(other_owner)
    assert client.post(owner_url(campaign), owner_data()).status_code == 404
    assert not Pledge.objects.exists()


def test_owner_form_refuses_malformed_input(client, campaign, owner):
    allow_owners()
    client.force_login(owner)
    for changes in ({"amount": "0"}, {"method": "online"}, {"reference": ""}, {"amount": "9" * 30}):
        assert client.post(owner_url(campaign), owner_data(**changes)).status_code == 400
    assert not Pledge.objects.exists()


# Refunds --------------------------------------------------------------------------------------------------------


def test_offline_refund_is_recorded_without_stripe(
    editor_client, editor, fake_stripe, campaign, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    Group.objects.get(name="Redaktion")  # the refund permission comes with the editors' group
    with django_capture_on_commit_callbacks(execute=True):
        pledge = offline.record(
            campaign,
            amount_cents=3000,
            method="cash",
            reference="Q1",
            email="k@example.org",
            issue_voucher=True,
            user=None,
        )
    mail.outbox.clear()
    url = reverse("fundraising_admin_refund", args=[pledge.pk])
    assert editor_client.post(url, {"reason": "  "}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(url, {"reason": "Kundin möchte ihr Geld zurück"}).status_code == 302
    pledge.refresh_from_db()
    assert pledge.state == PledgeState.REFUNDED and pledge.refunded_cents == 3000
    assert pledge.refund_requested_by == editor and pledge.refund_reason == "Kundin möchte ihr Geld zurück"
    assert pledge.refund_requested_at is not None
    assert Voucher.objects.get(pledge=pledge).state == VoucherState.VOID
    assert [m.to for m in mail.outbox] == [["k@example.org"]]
    assert fake_stripe.requests == [] and not fake_stripe.refunds
    assert CampaignPage.objects.get(pk=campaign.pk).progress["raised_cents"] == 0
    # A second click records nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(url, {"reason": "nochmal"})
    pledge.refresh_from_db()
    assert pledge.refund_reason == "Kundin möchte ihr Geld zurück" and len(mail.outbox) == 1


def test_online_pledges_cannot_be_refunded_as_offline(campaign):
    pledge = PledgeFactory(campaign=campaign, state=PledgeState.PAID, paid_at=timezone.now())
    with pytest.raises(offline.OfflinePledgeError):
        offline.record_refund(pledge, user=None, reason="x")
    with pytest.raises(offline.OfflinePledgeError):
        offline.record(campaign, amount_cents=100, method="online", user=None)


# Everything mixed -----------------------------------------------------------------------------------------------


def test_progress_match_and_city_report_add_up_with_all_kinds_mixed(
    client, fake_stripe, campaign, django_capture_on_commit_callbacks
):
    """One-off (Stripe), gift (Stripe), cash, transfer and grant pledges on one campaign: the progress counts all of
    them, the match fund matches one-off, gift, cash and transfer (not the grant), and the council report shows the
    same totals with the offline part apart."""
    from wagtail.models import Site

    fund = MatchFund.objects.create(
        name="Stadt-Topf",
        budget_cents=1_000_000,
        ratio=Decimal("0.50"),
        starts_on=timezone.localdate() - datetime.timedelta(days=1),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    reward = RewardFactory(page=campaign, min_pledge_cents=1000, voucher_value_cents=1200)
    base = {"amount": "", "name": "Ola", "email": "ola@example.org", "accept_terms": "on", "website": ""}
    # One-off and gift pledges through the form and a signed webhook.
    client.post(campaign.url + "unterstuetzen/", {**base, "custom_amount": "20"})
    client.post(
        campaign.url + "unterstuetzen/",
        {
            **base,
            "custom_amount": "30",
            "reward": str(reward.pk),
            "gift": "on",
            "gift_recipient_name": "Rudi",
            "gift_recipient_email": "rudi@example.org",
            "gift_deliver_on": timezone.localdate().isoformat(),
        },
    )
    for pledge in Pledge.objects.all():
        payload, header = signed(event("checkout.session.completed", fake_stripe.add_session(pledge)))
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/stripe/webhook/", payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
    stripe_calls = len(fake_stripe.requests)
    with django_capture_on_commit_callbacks(execute=True):
        offline.record(campaign, amount_cents=4000, method="cash", reference="K1", user=None)
        offline.record(campaign, amount_cents=5000, method="transfer", reference="U1", user=None, issue_voucher=True)
        offline.record(campaign, amount_cents=100_000, method="grant", reference="Z-2026-1", user=None)
    assert len(fake_stripe.requests) == stripe_calls  # offline pledges never reach Stripe

    assert Pledge.objects.filter(state=PledgeState.PAID).count() == 5
    assert PledgeGift.objects.get().sent_at is not None
    total = 2000 + 3000 + 4000 + 5000 + 100_000
    campaign.refresh_from_db()
    assert campaign.progress["raised_cents"] == total and campaign.progress["supporters"] == 5
    # Match: 50 % of one-off, gift, cash and transfer; the grant is not matched (FUNDRAISING_MATCH_PAYMENT_METHODS).
    matched = {a.pledge.payment_method: a.amount_cents for a in MatchAllocation.objects.select_related("pledge")}
    assert sorted(MatchAllocation.objects.values_list("amount_cents", flat=True)) == [1000, 1500, 2000, 2500]
    assert "grant" not in matched
    fund.refresh_from_db()
    assert fund.allocated_cents == 7000
    # The council report.
    today = timezone.localdate()
    numbers = council_numbers(Period(today - datetime.timedelta(days=29), today))
    t = numbers["totals"]
    assert t["pledged"] == total and t["net"] == total and t["pledges"] == 5
    assert t["offline_net"] == 109_000 and t["offline_pledges"] == 3 and t["gifts"] == 1
    assert t["matched"] == 7000
    # And the CSV of the report says the same.
    superuser = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw-Admin-12345")
    client.force_login(superuser)
    assert Site.objects.exists()
    csv = client.get("/admin/outreach/council-report.csv").content.decode("utf-8-sig")
    assert "offline_net" in csv and "offline_pledges" in csv
    # A refund of the cash pledge gives its match back and leaves the rest.
    cash = Pledge.objects.get(payment_method="cash")
    with django_capture_on_commit_callbacks(execute=True):
        offline.record_refund(cash, user=superuser, reason="zurück")
    fund.refresh_from_db()
    assert fund.allocated_cents == 5000
    assert CampaignPage.objects.get(pk=campaign.pk).progress["raised_cents"] == total - 4000


def test_grants_are_matched_when_the_setting_says_so(settings, campaign, django_capture_on_commit_callbacks):
    settings.FUNDRAISING_MATCH_PAYMENT_METHODS = ["online", "cash", "transfer", "grant"]
    MatchFund.objects.create(
        name="Topf",
        budget_cents=10_000,
        ratio=Decimal("1.00"),
        starts_on=timezone.localdate() - datetime.timedelta(days=1),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    with django_capture_on_commit_callbacks(execute=True):
        offline.record(campaign, amount_cents=2000, method="grant", reference="Z", user=None)
    assert MatchAllocation.objects.get().amount_cents == 2000


# A business closed for good -------------------------------------------------------------------------------------


def test_no_offline_pledge_for_a_business_closed_for_good(editor_client, client, fake_stripe, campaign, owner):
    close_for_good(campaign.get_parent().specific)
    with pytest.raises(offline.OfflinePledgeError):
        offline.record(campaign, amount_cents=1000, method="cash", user=None)
    response = editor_client.post(RECORD_URL, admin_data(campaign))
    assert response.status_code == 400 and "dauerhaft geschlossen" in response.content.decode()
    allow_owners()
    client.force_login(owner)
    response = client.post(owner_url(campaign), {"amount": "20", "method": "cash", "reference": "", "name": ""})
    assert response.status_code == 400 and "dauerhaft geschlossen" in response.content.decode()
    assert not Pledge.objects.exists()


def test_payment_confirmation_of_an_offline_pledge_without_email(editor_client, client, campaign, owner):
    """A cash payer without an email address still gets the confirmation: the editors' success message and the
    owner's pledge list link it; it names the payment method. Online pledges' secret links stay hidden from owners."""
    response = editor_client.post(RECORD_URL, admin_data(campaign, email="", issue_voucher=None), follow=True)
    pledge = Pledge.objects.get()
    link = f"/unterstuetzen/danke/{pledge.public_token}/zahlungsbestaetigung.pdf"
    assert link in response.content.decode() and not mail.outbox
    pdf = client.get(link)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert dict(rows(pledge))["Zahlungsweg"] == "Bar"
    online = PledgeFactory(campaign=campaign, state=PledgeState.PAID, paid_at=timezone.now())
    client.force_login(owner)
    detail = client.get(reverse("fundraising:owner_campaign", args=[campaign.business_page_id, campaign.pk]))
    html = detail.content.decode()
    assert link in html and online.public_token not in html
