"""Editors: pledge and voucher admin (filters, search, export), refund action, totals per business."""

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from fundraising.factories import PledgeFactory
from fundraising.models import Pledge, PledgeState
from fundraising.vouchers import issue_vouchers


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw-Admin-12345")
    client.force_login(user)
    return client


@pytest.fixture
def paid(campaign):
    return PledgeFactory(
        campaign=campaign,
        state=PledgeState.PAID,
        paid_at=timezone.now(),
        name="Zora Zahlerin",
        amount_cents=4200,
        reward_title="Gutschein",
        reward_kind="voucher",
        voucher_value_cents=5000,
        stripe_payment_intent="pi_test_admin",
    )


def test_pledge_list_filter_and_export(admin_client, paid, campaign):
    PledgeFactory(campaign=campaign, name="Pia Pending")
    index = reverse("fundraising_pledge:index")
    html = admin_client.get(index).content.decode()
    assert "Zora" not in html or "42,00" in html  # list shows the amount column
    filtered = admin_client.get(index, {"state": "paid"}).content.decode()
    assert "42,00" in filtered
    export = admin_client.get(index, {"export": "csv", "state": "paid"})
    assert export.status_code == 200
    body = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    assert "Zora Zahlerin" in body and "Pia Pending" not in body
    xlsx = admin_client.get(index, {"export": "xlsx"})
    assert xlsx.status_code == 200 and "spreadsheet" in xlsx["Content-Type"]
    assert admin_client.get(reverse("fundraising_pledge:add")).status_code in (302, 403)


def test_refund_requests_stripe_with_idempotency_key_state_unchanged(admin_client, paid, fake_stripe):
    url = reverse("fundraising_admin_refund", args=[paid.pk])
    assert admin_client.get(url).status_code == 200
    admin_client.post(url, {"reason": "Aktion abgesagt"})
    admin_client.post(url, {"reason": "Aktion abgesagt"})  # a double click
    refunds = [r for r in fake_stripe.requests if r["path"] == "/v1/refunds"]
    assert len(refunds) == 1
    assert refunds[0]["headers"]["Idempotency-Key"].startswith(f"refund-{paid.checkout_key}-")
    assert refunds[0]["body"]["payment_intent"] == "pi_test_admin"
    pledge = Pledge.objects.get(pk=paid.pk)
    assert pledge.state == PledgeState.PAID and pledge.refund_requested_at is not None


def test_refund_failure_can_be_retried(admin_client, paid, fake_stripe):
    fake_stripe.fail = True
    admin_client.post(reverse("fundraising_admin_refund", args=[paid.pk]), {"reason": "Wunsch der Spenderin"})
    pledge = Pledge.objects.get(pk=paid.pk)
    assert pledge.refund_requested_at is None and pledge.refund_requested_by is None and pledge.refund_reason == ""


def test_a_retry_after_a_refusal_uses_a_new_idempotency_key(admin_client, paid, fake_stripe):
    url = reverse("fundraising_admin_refund", args=[paid.pk])
    fake_stripe.fail = True
    admin_client.post(url, {"reason": "Erster Versuch"})
    fake_stripe.fail = False
    admin_client.post(url, {"reason": "Zweiter Versuch"})
    keys = [r["headers"]["Idempotency-Key"] for r in fake_stripe.requests if r["path"] == "/v1/refunds"]
    assert len(set(keys)) >= 2 and keys[0] != keys[-1]  # (the Stripe client itself retries the 500 on one key)
    assert Pledge.objects.get(pk=paid.pk).refund_reason == "Zweiter Versuch"


def test_refund_in_demo_mode_goes_through_the_webhook(admin_client, campaign, settings):
    settings.PAYMENTS_DEMO_MODE = True
    from fundraising.payments.demo_gateway import DemoGateway

    pledge = PledgeFactory(
        campaign=campaign, amount_cents=2500, reward_kind="voucher", voucher_value_cents=3000, reward_title="G"
    )
    gateway = DemoGateway()
    result = gateway.create_checkout(pledge, "http://testserver/ok", "http://testserver/cancel")
    Pledge.objects.filter(pk=pledge.pk).update(stripe_session_id=result.session_id)
    gateway.pay(pledge.demo_sessions.get())
    assert Pledge.objects.get(pk=pledge.pk).state == PledgeState.PAID
    admin_client.post(reverse("fundraising_admin_refund", args=[pledge.pk]), {"reason": "Test"})
    pledge.refresh_from_db()
    assert pledge.state == PledgeState.REFUNDED
    assert pledge.vouchers.get().state == "void"


def test_editor_without_permission_cannot_refund(client, paid, fake_stripe):
    from directory.testing import make_verified_user

    client.force_login(make_verified_user("nobody@example.org"))
    response = client.post(reverse("fundraising_admin_refund", args=[paid.pk]))
    assert response.status_code in (302, 403)
    assert not fake_stripe.requests


# Refunds by the editorial team (permission refund_pledge, given to "Redaktion" by a data migration) -----------------


@pytest.fixture
def editor(db):
    from directory.testing import make_editor

    return make_editor("redaktion@example.org", is_staff=True)


def test_the_editors_group_may_refund(editor):
    from django.contrib.auth.models import Group

    assert Group.objects.get(name="Redaktion").permissions.filter(codename="refund_pledge").exists()
    assert editor.has_perm("fundraising.refund_pledge") and editor.has_perm("fundraising.view_pledge")
    assert not editor.has_perm("fundraising.change_pledge")


def test_editor_refunds_with_a_reason_and_is_recorded(client, editor, paid, fake_stripe):
    client.force_login(editor)
    index = client.get(reverse("fundraising_pledge:index")).content.decode()
    url = reverse("fundraising_admin_refund", args=[paid.pk])
    assert url in index  # the button
    page = client.get(url)
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()
    for hostile in ({}, {"reason": ""}, {"reason": "   \n\t "}, {"reason": "x" * 501}):
        assert client.post(url, hostile).status_code == 400
    assert not [r for r in fake_stripe.requests if r["path"] == "/v1/refunds"]  # no reason, no refund
    response = client.post(url, {"reason": "  Aktion wurde\nabgesagt  "})
    assert response.status_code == 302
    pledge = Pledge.objects.get(pk=paid.pk)
    assert pledge.refund_requested_by == editor and pledge.refund_reason == "Aktion wurde abgesagt"
    assert pledge.refund_requested_at is not None
    assert len([r for r in fake_stripe.requests if r["path"] == "/v1/refunds"]) == 1
    # Asked once: a second editor (or click) gets "already requested", the first request stays on record.
    client.post(url, {"reason": "noch einmal"})
    assert Pledge.objects.get(pk=paid.pk).refund_reason == "Aktion wurde abgesagt"
    assert len([r for r in fake_stripe.requests if r["path"] == "/v1/refunds"]) == 1


def test_editor_without_the_refund_permission_sees_no_button(client, paid, fake_stripe):
    from django.contrib.auth.models import Group, Permission

    from directory.testing import make_verified_user

    viewers = Group.objects.create(name="Nur lesen")
    viewers.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_pledge")
    )
    user = make_verified_user("lesend@example.org", is_staff=True)
    user.groups.add(viewers)
    client.force_login(user)
    index = client.get(reverse("fundraising_pledge:index"))
    assert index.status_code == 200 and "42,00" in index.content.decode()
    url = reverse("fundraising_admin_refund", args=[paid.pk])
    assert url not in index.content.decode()
    # Wagtail turns PermissionDenied in the admin into a redirect to the dashboard with a message.
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"reason": "trotzdem"}).status_code in (302, 403)
    assert not fake_stripe.requests and Pledge.objects.get(pk=paid.pk).refund_requested_at is None


def test_voucher_admin_search_by_code_and_totals(admin_client, paid):
    (voucher,) = issue_vouchers(paid)
    index = reverse("fundraising_voucher:index")
    found = admin_client.get(index, {"q": voucher.code}).content.decode()
    assert voucher.display_code in found
    missing = admin_client.get(index, {"q": "ZZZZZZZZZZZZ"}).content.decode()
    assert voucher.display_code not in missing
    export = admin_client.get(index, {"export": "csv"})
    body = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    assert voucher.code in body
    totals = admin_client.get(reverse("fundraising_admin_voucher_totals")).content.decode()
    assert paid.business.title in totals and "50,00" in totals


def test_message_moderation_list(admin_client, paid):
    Pledge.objects.filter(pk=paid.pk).update(message="Bitte prüfen")
    html = admin_client.get(reverse("supporter_messages:index")).content.decode()
    assert "Bitte prüfen" in html


def test_redemption_log_in_admin_and_owner_view(admin_client, paid, client):
    from fundraising.vouchers import redeem

    (voucher,) = issue_vouchers(paid)
    redeem(voucher.pk, voucher.business, 1234, None)
    html = admin_client.get(reverse("fundraising_redemption:index")).content.decode()
    assert "12,34" in html
