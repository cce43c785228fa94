"""Stripe Connect onboarding: account creation, Account Links, re-entry, account.updated, demo mode, permissions."""

import json
import time

import pytest
import stripe

from django.urls import reverse
from django.utils import translation

from directory.testing import TEST_PASSWORD as PASSWORD
from directory.testing import login_url, make_verified_user
from fundraising.models import StripeEvent
from fundraising.payouts.connect import apply_account_updated
from fundraising.payouts.models import ConnectedAccount
from fundraising.payouts.models.account import AccountStatus
from fundraising.testing import owner_panels
from fundraising.tests.fakes import SECRET

from .fakes import account_event

WEBHOOK = "/stripe/webhook/"
CONNECT_WEBHOOK = "/stripe/connect-webhook/"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def post_event(client, event, url=WEBHOOK, secret=SECRET, timestamp=None):
    payload = json.dumps(event)
    header = stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=timestamp)
    return client.post(url, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


def status_url(business):
    return reverse("payouts:status", args=[business.pk])


def start_url(business):
    return reverse("payouts:start", args=[business.pk])


# Creating the account and the link ------------------------------------------------------------------------------


def test_start_creates_account_with_controller_properties_and_link(client, fake_stripe, owner_a, business_a):
    login(client, owner_a)
    response = client.post(start_url(business_a))
    assert response.status_code == 303
    assert response["Location"] == "https://connect.stripe.com/setup/s/acct_test_1/1"

    (create,) = fake_stripe.calls("/v1/accounts")
    body = create["body"]
    assert body["controller"] == {
        "stripe_dashboard": {"type": "full"},
        "requirement_collection": "stripe",
        "fees": {"payer": "account"},
        "losses": {"payments": "stripe"},
    }
    assert "type" not in body  # the deprecated account type is not used
    assert body["capabilities"] == {"card_payments": {"requested": "true"}, "transfers": {"requested": "true"}}
    assert body["metadata"] == {"business_id": str(business_a.pk)}
    assert body["email"] == "anna@example.org"
    assert create["headers"]["Idempotency-Key"] == f"connect-account-{business_a.pk}-1"

    (link,) = fake_stripe.links
    assert link["params"]["account"] == "acct_test_1"
    assert link["params"]["type"] == "account_onboarding"
    assert link["params"]["refresh_url"] == "http://testserver" + reverse("payouts:refresh", args=[business_a.pk])
    assert link["params"]["return_url"] == "http://testserver" + reverse("payouts:return", args=[business_a.pk])

    account = ConnectedAccount.objects.get()
    assert account.business_id == business_a.pk
    assert account.stripe_account_id == "acct_test_1"
    assert account.demo is False
    assert account.created_by == owner_a
    assert account.currently_due == ["business_type", "external_account", "tos_acceptance.date"]
    assert account.status == AccountStatus.ONBOARDING


def test_repeated_start_reuses_the_account(client, fake_stripe, owner_a, business_a):
    login(client, owner_a)
    client.post(start_url(business_a))
    response = client.post(start_url(business_a))
    assert response.status_code == 303
    assert ConnectedAccount.objects.count() == 1
    assert len(fake_stripe.calls("/v1/accounts")) == 1
    assert len(fake_stripe.links) == 2
    assert response["Location"].endswith("/2")


def test_refresh_url_creates_a_fresh_link_not_a_new_account(client, fake_stripe, owner_a, business_a):
    login(client, owner_a)
    client.post(start_url(business_a))
    response = client.get(reverse("payouts:refresh", args=[business_a.pk]))
    assert response.status_code == 303
    assert response["Location"] == "https://connect.stripe.com/setup/s/acct_test_1/2"
    assert len(fake_stripe.calls("/v1/accounts")) == 1


def test_refresh_without_account_goes_to_status(client, fake_stripe, owner_a, business_a):
    login(client, owner_a)
    response = client.get(reverse("payouts:refresh", args=[business_a.pk]))
    assert response.status_code == 302
    assert response["Location"] == status_url(business_a)
    assert not fake_stripe.requests


def test_return_url_changes_nothing(client, fake_stripe, owner_a, business_a):
    login(client, owner_a)
    client.post(start_url(business_a))
    response = client.get(reverse("payouts:return", args=[business_a.pk]), follow=True)
    assert response.status_code == 200
    assert ConnectedAccount.objects.get().charges_enabled is False
    assert "Stripe is checking your details" in response.content.decode() or "Stripe prüft" in response.content.decode()


def test_stripe_down_shows_error_and_creates_nothing(client, fake_stripe, owner_a, business_a):
    fake_stripe.fail = True
    login(client, owner_a)
    response = client.post(start_url(business_a), follow=True)
    assert response.status_code == 200
    assert ConnectedAccount.objects.count() == 0
    assert "Stripe ist gerade nicht erreichbar" in response.content.decode()


def test_start_requires_post(client, fake_stripe, owner_a, business_a):
    login(client, owner_a)
    assert client.get(start_url(business_a)).status_code == 405
    assert not ConnectedAccount.objects.exists()


def test_link_rate_limit(client, fake_stripe, owner_a, business_a):
    login(client, owner_a)
    for _ in range(10):
        client.post(start_url(business_a))
    response = client.post(start_url(business_a), follow=True)
    assert "Zu viele Versuche" in response.content.decode()
    assert len(fake_stripe.links) == 10


# Permissions ----------------------------------------------------------------------------------------------------


def test_owner_b_cannot_see_or_onboard_a(client, fake_stripe, owner_b, business_a, business_b):
    login(client, owner_b)
    assert client.get(status_url(business_a)).status_code == 404
    assert client.post(start_url(business_a)).status_code == 404
    assert client.get(reverse("payouts:refresh", args=[business_a.pk])).status_code == 404
    assert client.get(reverse("payouts:return", args=[business_a.pk])).status_code == 404
    assert client.get(reverse("payouts:demo_onboarding", args=[business_a.pk])).status_code == 404
    assert not fake_stripe.requests
    assert not ConnectedAccount.objects.exists()


def test_owner_b_does_not_see_a_account_on_own_page(client, fake_stripe, owner_a, owner_b, business_a, business_b):
    ConnectedAccount.objects.create(business=business_a, stripe_account_id="acct_secret_a", charges_enabled=True)
    login(client, owner_b)
    response = client.get(status_url(business_b))
    assert response.status_code == 200
    assert "acct_secret_a" not in response.content.decode()
    assert "Buchladen Anna" not in response.content.decode()


def test_anonymous_is_sent_to_login(client, fake_stripe, business_a):
    response = client.post(start_url(business_a))
    assert response.status_code == 302
    assert response["Location"].startswith(login_url())
    assert not ConnectedAccount.objects.exists()


def test_unverified_owner_gets_404(client, fake_stripe, business_a):
    from directory.ownership import grant_ownership

    user = make_verified_user("unverified@example.org", verified=False)
    grant_ownership(business_a, user)
    login(client, user)
    assert client.post(start_url(business_a)).status_code == 404
    assert not ConnectedAccount.objects.exists()


@pytest.mark.parametrize("pk", ["999999", "0"])
def test_unknown_business_404(client, fake_stripe, owner_a, business_a, pk):
    login(client, owner_a)
    assert client.get(f"/mein-unternehmen/{pk}/auszahlungen/").status_code == 404


def test_hostile_business_id_does_not_route(client, owner_a, business_a):
    login(client, owner_a)
    assert client.get("/mein-unternehmen/1%20OR%201=1/auszahlungen/").status_code == 404
    assert client.get("/mein-unternehmen/<script>/auszahlungen/").status_code == 404


# account.updated: the state machine -----------------------------------------------------------------------------


@pytest.fixture
def account(business_a):
    return ConnectedAccount.objects.create(business=business_a, stripe_account_id="acct_test_1")


def test_incomplete_then_verifying_then_active(client, fake_stripe, account, owner_a):
    now = int(time.time())
    due = ["individual.verification.document", "individual.address.city", "external_account"]
    response = post_event(
        client,
        account_event(
            "acct_test_1",
            created=now - 20,
            requirements={"currently_due": due, "disabled_reason": "requirements.past_due"},
        ),
    )
    assert response.status_code == 200
    account.refresh_from_db()
    assert account.status == AccountStatus.ONBOARDING
    assert account.currently_due == due
    with translation.override("de"):
        assert account.missing == [
            "Ein Ausweisdokument (Personalausweis oder Reisepass)",
            "Ihre Privatadresse",
            "Ein Bankkonto für Auszahlungen",
        ]
    with translation.override("en"):
        assert account.missing == [
            "An identity document (ID card or passport)",
            "Your home address",
            "A bank account for payouts",
        ]

    post_event(
        client,
        account_event(
            "acct_test_1",
            created=now - 10,
            details_submitted=True,
            requirements={
                "pending_verification": ["individual.verification.document"],
                "disabled_reason": "requirements.pending_verification",
            },
        ),
    )
    account.refresh_from_db()
    assert account.status == AccountStatus.VERIFYING
    assert account.missing == []

    post_event(
        client,
        account_event("acct_test_1", created=now, details_submitted=True, charges_enabled=True, payouts_enabled=True),
    )
    account.refresh_from_db()
    assert account.status == AccountStatus.ACTIVE
    assert account.charges_enabled and account.payouts_enabled
    assert StripeEvent.objects.filter(type="account.updated").count() == 3


def test_status_page_shows_what_is_missing(client, fake_stripe, account, owner_a, business_a):
    post_event(
        client,
        account_event(
            "acct_test_1",
            requirements={
                "currently_due": ["external_account", "tos_acceptance.date"],
                "disabled_reason": "requirements.past_due",
            },
        ),
    )
    login(client, owner_a)
    html = client.get(status_url(business_a)).content.decode()
    assert "Ein Bankkonto für Auszahlungen" in html
    assert "Zustimmung zu den Nutzungsbedingungen von Stripe" in html
    assert "Weiter bei Stripe" in html
    html_en = client.get("/en" + status_url(business_a)).content.decode()
    assert "A bank account for payouts" in html_en


def test_charges_only_and_restricted_states(account):
    apply_account_updated(
        account_event("acct_test_1", charges_enabled=True, requirements={"currently_due": ["external_account"]})
    )
    account.refresh_from_db()
    assert account.status == AccountStatus.CHARGES_ONLY
    apply_account_updated(account_event("acct_test_1", requirements={"disabled_reason": "rejected.fraud"}))
    account.refresh_from_db()
    assert account.status == AccountStatus.RESTRICTED
    assert account.charges_enabled is False


def test_older_event_arriving_late_is_ignored(client, fake_stripe, account):
    now = int(time.time())
    post_event(client, account_event("acct_test_1", created=now, charges_enabled=True, payouts_enabled=True))
    response = post_event(client, account_event("acct_test_1", created=now - 60, charges_enabled=False))
    assert response.status_code == 200
    assert "older" in response.content.decode()
    account.refresh_from_db()
    assert account.charges_enabled is True


def test_duplicate_event_applies_once(client, fake_stripe, account):
    event = account_event("acct_test_1", event_id="evt_dup_1", charges_enabled=True)
    assert post_event(client, event).status_code == 200
    ConnectedAccount.objects.update(charges_enabled=False)  # changed since by a newer event, say
    response = post_event(client, event)
    assert response.content.decode() == "duplicate"
    assert ConnectedAccount.objects.get().charges_enabled is False


def test_unsigned_or_wrongly_signed_event_changes_nothing(client, fake_stripe, account):
    event = account_event("acct_test_1", charges_enabled=True)
    assert client.post(WEBHOOK, json.dumps(event), content_type="application/json").status_code == 400
    assert post_event(client, event, secret="whsec_wrong").status_code == 400
    assert post_event(client, event, timestamp=int(time.time()) - 3600).status_code == 400
    assert ConnectedAccount.objects.get().charges_enabled is False


def test_unknown_account_and_malformed_objects(client, fake_stripe, account):
    assert post_event(client, account_event("acct_unknown", charges_enabled=True)).status_code == 200
    hostile = account_event("acct_test_1", charges_enabled="yes", payouts_enabled=1)
    hostile["data"]["object"]["requirements"] = {"currently_due": "<script>alert(1)</script>", "disabled_reason": 42}
    assert post_event(client, hostile).status_code == 200
    account.refresh_from_db()
    assert account.charges_enabled is False  # only a real true counts
    assert account.payouts_enabled is False
    assert account.currently_due == []
    no_id = account_event("acct_test_1")
    no_id["data"]["object"].pop("id")
    assert post_event(client, no_id).status_code == 200


def test_connect_endpoint_uses_its_own_secret(client, fake_stripe, account, settings):
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = "whsec_connect"
    event = account_event("acct_test_1", charges_enabled=True, payouts_enabled=True, details_submitted=True)
    assert post_event(client, event, url=CONNECT_WEBHOOK, secret=SECRET).status_code == 400
    assert post_event(client, event, url=CONNECT_WEBHOOK, secret="whsec_connect").status_code == 200
    assert ConnectedAccount.objects.get().status == AccountStatus.ACTIVE
    assert client.get(CONNECT_WEBHOOK).status_code == 405
    assert client.post(CONNECT_WEBHOOK, "x" * (600 * 1024), content_type="application/json").status_code == 413


# Demo mode ------------------------------------------------------------------------------------------------------


def test_demo_onboarding_marks_account_connected_through_signed_event(client, owner_a, business_a):
    login(client, owner_a)
    response = client.post(start_url(business_a))
    assert response.status_code == 303
    assert response["Location"] == reverse("payouts:demo_onboarding", args=[business_a.pk])
    account = ConnectedAccount.objects.get()
    assert account.demo is True and account.stripe_account_id.startswith("acct_demo_")

    page = client.get(response["Location"]).content.decode()
    assert "Testmodus" in page

    assert client.post(response["Location"], {"action": "incomplete"}).status_code == 302
    account.refresh_from_db()
    assert account.status == AccountStatus.ONBOARDING
    assert "external_account" in account.currently_due

    assert client.post(response["Location"], {"action": "complete"}).status_code == 302
    account.refresh_from_db()
    assert account.status == AccountStatus.ACTIVE
    assert StripeEvent.objects.filter(type="account.updated", outcome__startswith="account updated").count() == 2

    html = client.get(status_url(business_a)).content.decode()
    assert "Aktiv" in html


@pytest.mark.parametrize("action", ["", "pay", "<script>", "complete" * 100])
def test_demo_onboarding_rejects_unknown_actions(client, owner_a, business_a, action):
    login(client, owner_a)
    client.post(start_url(business_a))
    url = reverse("payouts:demo_onboarding", args=[business_a.pk])
    assert client.post(url, {"action": action}).status_code == 400
    assert not StripeEvent.objects.exists()


def test_demo_onboarding_is_404_with_real_stripe(client, fake_stripe, owner_a, business_a):
    ConnectedAccount.objects.create(business=business_a, stripe_account_id="acct_demo_x", demo=True)
    login(client, owner_a)
    url = reverse("payouts:demo_onboarding", args=[business_a.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "complete"}).status_code == 404
    assert ConnectedAccount.objects.get().charges_enabled is False


def test_dashboard_panel_and_menu(owner_a, business_a):
    html = owner_panels(owner_a, business_a)
    assert "Auszahlungen" in html
    assert status_url(business_a) in html
    assert "Nicht eingerichtet" in html


def test_deauthorization_stops_destination_charges(client, fake_stripe, account, owner_a, business_a):
    ConnectedAccount.objects.update(charges_enabled=True, payouts_enabled=True, details_submitted=True)
    deauthorized = {
        "id": "evt_deauth_1",
        "object": "event",
        "type": "account.application.deauthorized",
        "account": "acct_test_1",
        "created": int(time.time()),
        "livemode": False,
        "data": {"object": {"id": "ca_platform", "object": "application"}},
    }
    assert post_event(client, deauthorized, url=CONNECT_WEBHOOK).status_code == 200
    account.refresh_from_db()
    assert account.charges_enabled is False
    assert account.status == AccountStatus.RESTRICTED
    login(client, owner_a)
    html = client.get(status_url(business_a)).content.decode()
    assert "von dieser Plattform getrennt" in html
    assert "Weiter bei Stripe" not in html  # a new link cannot help here; the editors must reconnect
