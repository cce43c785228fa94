"""Where pledges go: destination charges exactly as Stripe expects, platform-collect fallback, refunds reversing the
transfer, and the editors' amount-owed report."""

import pytest

from django.urls import reverse
from django.utils import translation

from fundraising.factories import CampaignPageFactory
from fundraising.models import FundraisingSettings, Pledge, PledgeState
from fundraising.payouts.ledger import kept_fee_cents, owed_to_businesses
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


# One fee rule for refunds: the fee follows the money kept, proportionally, rounded down (both kinds) -----------


@pytest.mark.parametrize(
    ("fee", "amount", "refunded", "kept"),
    [(75, 2500, 0, 75), (75, 2500, 1000, 45), (75, 2500, 2500, 0), (38, 1299, 1, 37), (0, 1000, 500, 0)],
)
def test_kept_fee_rule(fee, amount, refunded, kept):
    assert kept_fee_cents(fee, amount, refunded) == kept


def refund_webhook(client, pledge, amount_refunded):
    from fundraising.tests.fakes import event, signed

    charge = {
        "id": f"ch_{pledge.pk}",
        "object": "charge",
        "payment_intent": pledge.stripe_payment_intent,
        "amount_refunded": amount_refunded,
        "refunded": amount_refunded >= pledge.amount_cents,
    }
    payload, header = signed(event("charge.refunded", charge))
    response = client.post("/stripe/webhook/", payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
    assert response.status_code == 200


def test_partial_refund_of_platform_collected_pledge_returns_the_fee_in_proportion(client, fake_stripe, campaign_a):
    pledge = paid_pledge(campaign_a, amount_cents=2500, stripe_payment_intent="pi_part")
    PledgeRouting.objects.create(pledge=pledge, mode=RoutingMode.PLATFORM, application_fee_cents=75)
    refund_webhook(client, pledge, 1000)
    (row,) = owed_to_businesses()
    assert row.refunded_cents == 1000 and row.fee_cents == 45  # not the whole 75
    assert row.due_cents == 1500 - 45
    refund_webhook(client, pledge, 2500)  # the rest: refunded in full, no fee, nothing owed
    assert owed_to_businesses() == []


def test_partial_refund_of_destination_charge_returns_the_fee_in_proportion(client, fake_stripe, campaign_a):
    """Stripe returns the fee of a destination charge with `refund_application_fee` in proportion (the same rule);
    the pledge never appears as owed, whatever is refunded."""
    pledge = paid_pledge(campaign_a, amount_cents=2500, stripe_payment_intent="pi_dest_part")
    PledgeRouting.objects.create(
        pledge=pledge, mode=RoutingMode.DESTINATION, stripe_account_id="acct_1Biz", application_fee_cents=75
    )
    refund_as_superuser(client, None, pledge)
    (refund,) = fake_stripe.refunds
    assert refund["reverse_transfer"] == "true" and refund["refund_application_fee"] == "true"
    refund_webhook(client, pledge, 1000)
    pledge.refresh_from_db()
    assert kept_fee_cents(pledge.routing.application_fee_cents, pledge.amount_cents, pledge.refunded_cents) == 45
    assert owed_to_businesses() == []


def test_collective_pledges_carry_no_fee(db):
    from wagtail.models import Site

    from fundraising.collective.factories import CollectiveCampaignPageFactory
    from fundraising.payouts.routing import route_checkout

    fee_settings = FundraisingSettings.for_site(Site.objects.get(is_default_site=True))
    fee_settings.platform_fee_percent = 5
    fee_settings.save()
    pledge = Pledge.objects.create(
        target=CollectiveCampaignPageFactory(), amount_cents=2000, name="X", email="x@example.org"
    )
    route_checkout(pledge, {})
    routing = PledgeRouting.objects.get(pledge=pledge)
    assert routing.mode == RoutingMode.PLATFORM and routing.application_fee_cents == 0


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

    (row,) = owed_to_businesses()
    assert row.business == "Buchladen Anna"
    assert row.pledges == 3
    assert row.gross_cents == 6500
    assert row.refunded_cents == 500
    assert row.fee_cents == 100
    assert row.due_cents == 6500 - 500 - 100
    assert row.paid_out_cents == 1500
    assert row.open_cents == 5900 - 1500 and row.overpaid_cents == 0 and row.status == "open"


def test_overpayment_is_labelled_and_never_lowers_what_others_are_owed(campaign_a, business_a, business_b):
    paid_pledge(campaign_a, amount_cents=2000)
    ManualPayout.objects.create(business=business_a, amount_cents=2950)  # paid 9.50 too much
    campaign_b = CampaignPageFactory(parent=business_b)
    paid_pledge(campaign_b, amount_cents=4000)
    rows = {row.business: row for row in owed_to_businesses()}
    anna, bert = rows["Buchladen Anna"], rows["Bäckerei Bert"]
    assert anna.open_cents == 0 and anna.overpaid_cents == 950 and anna.status == "overpaid"
    with translation.override("en"):
        assert "overpayment" in str(anna.status_label)
    assert bert.open_cents == 4000
    assert sum(row.open_cents for row in rows.values()) == 4000  # not 4000 − 950


def test_collective_pledges_are_not_owed_to_any_business(campaign_a):
    """Collective campaigns' money has its own ledger (their payouts): it never shows as owed here."""
    from fundraising.collective.factories import CollectiveCampaignPageFactory

    collective = CollectiveCampaignPageFactory()
    for _ in range(3):
        pledge = Pledge.objects.create(
            target=collective, amount_cents=2500, name="X", email="x@example.org", state=PledgeState.PAID
        )
        PledgeRouting.objects.create(pledge=pledge, mode=RoutingMode.PLATFORM)
    paid_pledge(campaign_a, amount_cents=1000)
    (row,) = owed_to_businesses()
    assert row.business == "Buchladen Anna" and row.open_cents == 1000


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
    assert ";12,34;" in lines[1]


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
