"""Where pledges go: destination charges exactly as Stripe expects, platform-collect fallback, refunds reversing the
transfer, and the editors' amount-owed report."""

import pytest

from django.urls import reverse

from fundraising.models import FundraisingSettings, Pledge, PledgeState
from fundraising.payouts.admin_views import amount_owed_rows
from fundraising.payouts.models import ConnectedAccount, ManualPayout, PledgeRouting, RoutingMode

from .conftest import paid_pledge


def pledge_form(**overrides):
    data = {
        "amount": "other",
        "custom_amount": "25",
        "name": "Erika Mustermann",
        "email": "erika@example.org",
        "display_name": "Erika",
        "message": "",
        "accept_terms": "on",
    }
    data.update(overrides)
    return data


def create_pledge(client, campaign):
    response = client.post(campaign.url + "unterstuetzen/", pledge_form())
    assert response.status_code == 303, response.content.decode()[:2000]
    return Pledge.objects.latest("pk")


def session_body(fake):
    (call,) = fake.calls("/v1/checkout/sessions")
    return call["body"]


@pytest.fixture
def connected(business_a):
    return ConnectedAccount.objects.create(
        business=business_a, stripe_account_id="acct_1Biz", charges_enabled=True, payouts_enabled=True
    )


def set_fee(percent):
    for settings_row in FundraisingSettings.objects.all():
        settings_row.platform_fee_percent = percent
        settings_row.save()


def test_destination_charge_params(client, fake_stripe, campaign_a, connected):
    pledge = create_pledge(client, campaign_a)
    body = session_body(fake_stripe)
    assert body["payment_intent_data"] == {
        "metadata": {"pledge_id": str(pledge.pk)},
        "transfer_data": {"destination": "acct_1Biz"},
    }
    assert "application_fee_amount" not in body["payment_intent_data"]  # no default-on fee
    assert "on_behalf_of" not in body["payment_intent_data"]
    routing = PledgeRouting.objects.get(pledge=pledge)
    assert routing.mode == RoutingMode.DESTINATION
    assert routing.stripe_account_id == "acct_1Biz"
    assert routing.application_fee_cents == 0


def test_destination_charge_with_platform_fee_rounds_down(client, fake_stripe, campaign_a, connected):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    fee_settings = FundraisingSettings.for_site(site)
    fee_settings.platform_fee_percent = 3
    fee_settings.save()
    response = client.post(campaign_a.url + "unterstuetzen/", pledge_form(custom_amount="12,99"))
    assert response.status_code == 303
    body = session_body(fake_stripe)
    assert body["payment_intent_data"]["application_fee_amount"] == "38"  # floor(1299 * 3 / 100) = 38
    assert body["payment_intent_data"]["transfer_data"] == {"destination": "acct_1Biz"}
    assert PledgeRouting.objects.get().application_fee_cents == 38


@pytest.mark.parametrize(
    "state",
    [
        {"charges_enabled": False},
        {"charges_enabled": False, "payouts_enabled": True},
    ],
)
def test_platform_collects_when_charges_are_not_enabled(client, fake_stripe, campaign_a, business_a, state):
    ConnectedAccount.objects.create(business=business_a, stripe_account_id="acct_pending", **state)
    pledge = create_pledge(client, campaign_a)
    body = session_body(fake_stripe)
    assert "transfer_data" not in body["payment_intent_data"]
    assert "application_fee_amount" not in body["payment_intent_data"]
    routing = PledgeRouting.objects.get(pledge=pledge)
    assert routing.mode == RoutingMode.PLATFORM
    assert routing.stripe_account_id == ""


def test_platform_collects_without_account(client, fake_stripe, campaign_a):
    create_pledge(client, campaign_a)
    assert "transfer_data" not in session_body(fake_stripe)["payment_intent_data"]
    assert PledgeRouting.objects.get().mode == RoutingMode.PLATFORM


def test_demo_account_never_used_with_real_stripe(client, fake_stripe, campaign_a, business_a):
    ConnectedAccount.objects.create(
        business=business_a, stripe_account_id="acct_demo_1", charges_enabled=True, demo=True
    )
    create_pledge(client, campaign_a)
    assert "transfer_data" not in session_body(fake_stripe)["payment_intent_data"]


def test_other_business_account_is_not_used(client, fake_stripe, campaign_a, business_b):
    ConnectedAccount.objects.create(business=business_b, stripe_account_id="acct_bert", charges_enabled=True)
    create_pledge(client, campaign_a)
    assert "transfer_data" not in session_body(fake_stripe)["payment_intent_data"]


def test_demo_mode_records_routing(client, campaign_a, business_a):
    ConnectedAccount.objects.create(
        business=business_a, stripe_account_id="acct_demo_1", charges_enabled=True, demo=True
    )
    pledge = create_pledge(client, campaign_a)
    routing = PledgeRouting.objects.get(pledge=pledge)
    assert routing.mode == RoutingMode.DESTINATION
    assert routing.stripe_account_id == "acct_demo_1"


# Refunds ---------------------------------------------------------------------------------------------------------


def refund_as_superuser(client, django_user_model, pledge):
    """The refund as the fundraising admin view issues it (the gateway's refund call)."""
    from fundraising.payments import get_gateway

    return get_gateway().refund(pledge)


def test_refund_of_destination_charge_reverses_transfer(client, django_user_model, fake_stripe, campaign_a):
    pledge = paid_pledge(campaign_a, stripe_payment_intent="pi_dest")
    PledgeRouting.objects.create(pledge=pledge, mode=RoutingMode.DESTINATION, stripe_account_id="acct_1Biz")
    assert refund_as_superuser(client, django_user_model, pledge).startswith("re_")
    (refund,) = fake_stripe.refunds
    assert refund["payment_intent"] == "pi_dest"
    assert refund["reverse_transfer"] == "true"
    assert "refund_application_fee" not in refund


def test_refund_with_fee_also_refunds_the_fee(client, django_user_model, fake_stripe, campaign_a):
    pledge = paid_pledge(campaign_a, stripe_payment_intent="pi_fee")
    PledgeRouting.objects.create(
        pledge=pledge, mode=RoutingMode.DESTINATION, stripe_account_id="acct_1Biz", application_fee_cents=75
    )
    refund_as_superuser(client, django_user_model, pledge)
    (refund,) = fake_stripe.refunds
    assert refund["reverse_transfer"] == "true"
    assert refund["refund_application_fee"] == "true"


@pytest.mark.parametrize("routing", [None, RoutingMode.PLATFORM])
def test_refund_of_platform_charge_has_no_transfer_to_reverse(
    client, django_user_model, fake_stripe, campaign_a, routing
):
    pledge = paid_pledge(campaign_a, stripe_payment_intent="pi_plat")
    if routing:
        PledgeRouting.objects.create(pledge=pledge, mode=routing)
    refund_as_superuser(client, django_user_model, pledge)
    (refund,) = fake_stripe.refunds
    assert "reverse_transfer" not in refund
    assert "refund_application_fee" not in refund


# The amount-owed report ------------------------------------------------------------------------------------------


def test_amount_owed_counts_only_platform_collected_money(campaign_a, business_a):
    direct = paid_pledge(campaign_a, amount_cents=5000)
    PledgeRouting.objects.create(pledge=direct, mode=RoutingMode.DESTINATION, stripe_account_id="acct_x")
    platform = paid_pledge(campaign_a, amount_cents=2500)
    PledgeRouting.objects.create(pledge=platform, mode=RoutingMode.PLATFORM, application_fee_cents=100)
    paid_pledge(campaign_a, amount_cents=1000)  # before payouts existed: no routing, platform collected
    partly = paid_pledge(campaign_a, amount_cents=3000, refunded_cents=500)
    PledgeRouting.objects.create(pledge=partly, mode=RoutingMode.PLATFORM)
    refunded = paid_pledge(campaign_a, amount_cents=9999)
    Pledge.objects.filter(pk=refunded.pk).update(state=PledgeState.REFUNDED)
    ManualPayout.objects.create(business=business_a, amount_cents=1500)

    (row,) = amount_owed_rows()
    assert row["business"] == "Buchladen Anna"
    assert row["pledges"] == 3
    assert row["gross"] == 6500
    assert row["refunded"] == 500
    assert row["fees"] == 100
    assert row["due"] == 6500 - 500 - 100
    assert row["paid_out"] == 1500
    assert row["owed"] == 5900 - 1500


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_editor_sees_report_and_csv(editor_client, campaign_a, business_a):
    from wagtail.models import Page

    Page.objects.filter(pk=business_a.pk).update(title='=HYPERLINK("http://evil")')
    paid_pledge(campaign_a, amount_cents=1234)
    html = editor_client.get(reverse("payouts_amount_owed")).content.decode()
    assert "12,34" in html
    response = editor_client.get(reverse("payouts_amount_owed") + "?export=csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Unternehmens-ID;Unternehmen")
    assert "'=HYPERLINK" in lines[1]
    assert ";12.34;" in lines[1]


def test_owner_cannot_open_reports(client, owner_a, business_a):
    client.force_login(owner_a)
    for name in ("payouts_amount_owed", "payouts_match_allocations"):
        response = client.get(reverse(name))
        assert response.status_code in (302, 403)
        assert "Buchladen" not in response.content.decode()


def test_report_queries_do_not_grow(editor_client, campaign_a, django_assert_max_num_queries):
    for _ in range(3):
        paid_pledge(campaign_a)
    with django_assert_max_num_queries(20) as small:
        editor_client.get(reverse("payouts_amount_owed"))
    for _ in range(20):
        paid_pledge(campaign_a)
    with django_assert_max_num_queries(len(small.captured_queries)):
        editor_client.get(reverse("payouts_amount_owed"))


def test_manual_payout_records_editor(editor_client, editor, business_a):
    url = reverse("payouts_manualpayout:add")
    response = editor_client.post(url, {"business": business_a.pk, "amount_cents": "2500", "paid_on": "2026-11-20"})
    assert response.status_code == 302, response.content.decode()[:3000]
    payout = ManualPayout.objects.get()
    assert payout.created_by == editor
    assert payout.amount_cents == 2500
    for bad in ("0", "-5", "abc", "1e9999", "1" * 30):
        response = editor_client.post(url, {"business": business_a.pk, "amount_cents": bad, "paid_on": "2026-11-20"})
        assert response.status_code == 200
    assert ManualPayout.objects.count() == 1


def test_editor_admin_screens(editor_client, campaign_a, business_a):
    from fundraising.payouts.matching import allocate
    from fundraising.payouts.models import MatchFund

    ConnectedAccount.objects.create(business=business_a, stripe_account_id="acct_adm", charges_enabled=True)
    fund = MatchFund.objects.create(name="Topf", budget_cents=10_000, ends_on="2099-12-31")
    allocate(paid_pledge(campaign_a, amount_cents=1000))
    menu = editor_client.get("/admin/").content.decode()
    assert "Auszahlungen" in menu  # the admin menu group (sidebar JSON)
    for name in (
        "payouts_matchfund:index",
        "payouts_matchallocation:index",
        "payouts_connectedaccount:index",
        "payouts_manualpayout:index",
        "payouts_amount_owed",
        "payouts_match_allocations",
    ):
        response = editor_client.get(reverse(name))
        assert response.status_code == 200, name
    assert "acct_adm" in editor_client.get(reverse("payouts_connectedaccount:index")).content.decode()
    # Stripe's state and the allocations are read-only, even for editors; a fund with allocations is not deleted.
    account = ConnectedAccount.objects.get()
    assert editor_client.get(reverse("payouts_connectedaccount:edit", args=[account.pk])).status_code in (302, 403)
    assert editor_client.post(reverse("payouts_matchfund:delete", args=[fund.pk])).status_code in (302, 403)
    assert MatchFund.objects.filter(pk=fund.pk).exists()


def test_refund_through_the_admin_view_reverses_transfer(client, django_user_model, fake_stripe, campaign_a):
    pledge = paid_pledge(campaign_a, stripe_payment_intent="pi_admin")
    PledgeRouting.objects.create(pledge=pledge, mode=RoutingMode.DESTINATION, stripe_account_id="acct_1Biz")
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "x-Passwort-123")
    client.force_login(admin)
    response = client.post(reverse("fundraising_admin_refund", args=[pledge.pk]), {"reason": "Aktion abgesagt"})
    assert response.status_code == 302
    (refund,) = fake_stripe.refunds
    assert refund["reverse_transfer"] == "true"
    client.post(reverse("fundraising_admin_refund", args=[pledge.pk]), {"reason": "nochmal"})  # a repeated click
    assert len(fake_stripe.refunds) == 1  # refunds nothing more


def test_inactive_transfers_capability_falls_back_to_platform(client, fake_stripe, campaign_a, business_a):
    from fundraising.payouts.connect import apply_account_updated

    from .fakes import account_event

    ConnectedAccount.objects.create(business=business_a, stripe_account_id="acct_caps")
    apply_account_updated(
        account_event(
            "acct_caps", charges_enabled=True, capabilities={"card_payments": "active", "transfers": "pending"}
        )
    )
    account = ConnectedAccount.objects.get()
    assert account.charges_enabled and account.capabilities == {"card_payments": "active", "transfers": "pending"}
    create_pledge(client, campaign_a)
    assert "transfer_data" not in session_body(fake_stripe)["payment_intent_data"]
    assert PledgeRouting.objects.get().mode == RoutingMode.PLATFORM
