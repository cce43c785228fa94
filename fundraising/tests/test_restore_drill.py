"""The restore drill (docs/operations.md): backup → a supporter pays → restore → reconcile. The payment made after
the backup is found at Stripe, its pledge recreated from the session's metadata, with exactly one voucher."""

from io import StringIO

import pytest

from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connections

from fundraising.factories import CampaignPageFactory, RewardFactory
from fundraising.models import Pledge, PledgeState, Voucher

from .fakes import event
from .test_pledge import VALID, pledge_url
from .test_webhook import post

# Real commits (a backup only sees committed data); serialized_rollback puts the migrated data back afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def backup(tmp_path):
    out = StringIO()
    call_command("backup", output_dir=str(tmp_path / "backups"), stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def pay(client, fake, campaign, reward, email):
    response = client.post(pledge_url(campaign), {**VALID, "email": email, "reward": str(reward.pk)})
    assert response.status_code == 303
    pledge = Pledge.objects.get(email=email)
    session = fake.sessions[pledge.stripe_session_id]
    session.update(
        status="complete",
        payment_status="paid",
        payment_intent=f"pi_{pledge.checkout_key}",
        customer_details={"email": email, "name": VALID["name"]},
    )
    assert post(client, event("checkout.session.completed", session)).status_code == 200
    pledge.refresh_from_db()
    assert pledge.state == PledgeState.PAID and Voucher.objects.filter(pledge=pledge).count() == 1
    return pledge


def restore(path, **options):
    out, err = StringIO(), StringIO()
    try:
        call_command("restore", path, interactive=False, stdout=out, stderr=err, **options)
    finally:
        connections.close_all()
    return out.getvalue() + err.getvalue()


def test_backup_pay_restore_reconcile_ends_with_the_pledge_and_one_voucher(client, fake_stripe, tmp_path):
    campaign = CampaignPageFactory()
    reward = RewardFactory(page=campaign, title="Gutschein 30 €", min_pledge_cents=2500, voucher_value_cents=3000)
    path = backup(tmp_path)
    lost = pay(client, fake_stripe, campaign, reward, "erika@example.org")
    lost_key, lost_pk = lost.checkout_key, lost.pk

    output = restore(path)  # runs reconcile_payments itself

    assert f"recreated as {lost_pk}" in output or "recreated as" in output
    pledge = Pledge.objects.get()
    assert pledge.checkout_key == lost_key and pledge.state == PledgeState.PAID
    assert (pledge.email, pledge.amount_cents, pledge.voucher_value_cents) == ("erika@example.org", 2500, 3000)
    assert pledge.stripe_session_id == lost.stripe_session_id
    assert pledge.campaign_id == campaign.pk and pledge.reward_id == reward.pk
    voucher = Voucher.objects.get()
    assert voucher.pledge_id == pledge.pk and voucher.face_value_cents == 3000
    assert [m.to for m in mail.outbox].count(["erika@example.org"]) == 2  # the voucher comes again, valid now

    # Running it again changes nothing; a new pledge (which may get the lost pledge's id) has its own key.
    again = StringIO()
    call_command("reconcile_payments", since="3d", stdout=again)
    assert "0 change(s)." in again.getvalue() and Voucher.objects.count() == 1
    newcomer = pay(client, fake_stripe, campaign, reward, "kalle@example.org")
    assert newcomer.checkout_key != lost_key
    creates = [r for r in fake_stripe.requests if r["method"] == "post" and r["path"] == "/v1/checkout/sessions"]
    keys = [r["headers"]["Idempotency-Key"] for r in creates]
    assert len(keys) == len(set(keys)) == 2


def test_a_paid_session_without_enough_metadata_is_listed_for_the_editors(client, fake_stripe, tmp_path):
    campaign = CampaignPageFactory()
    reward = RewardFactory(page=campaign, min_pledge_cents=2500, voucher_value_cents=3000)
    path = backup(tmp_path)
    lost = pay(client, fake_stripe, campaign, reward, "erika@example.org")
    session = fake_stripe.sessions[lost.stripe_session_id]
    session["metadata"] = {"pledge_id": str(lost.pk)}  # a session from before the recovery metadata

    with pytest.raises(CommandError, match="need an editor"):
        restore(path)
    assert not Pledge.objects.exists() and not Voucher.objects.exists()
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("reconcile_payments", since="3d", stdout=StringIO(), stderr=err)
    assert f"NEEDS AN EDITOR: paid session {session['id']}" in err.getvalue() and "erika@example.org" in err.getvalue()


def test_restore_without_reconcile_says_what_to_run(client, fake_stripe, tmp_path):
    path = backup(tmp_path)
    output = restore(path, reconcile=False)
    assert "reconcile_payments --since 3d" in output
