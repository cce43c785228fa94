"""Gift vouchers have two data subjects: the buyer and the recipient. Both can export and delete what is stored about
them — by email link and with an account — and neither sees the other's payment data."""

import datetime
import json

import pytest

from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from directory.testing import make_verified_user
from fundraising import gifts
from fundraising.factories import CampaignPageFactory, PledgeFactory, RewardFactory
from fundraising.models import PledgeGift, PledgeState, Voucher, VoucherState
from fundraising.vouchers import issue_vouchers
from privacy import email_access, services

from .test_email_access import DATA, DELETE, EXPORT, open_link


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def gift(db):
    campaign = CampaignPageFactory(title="Neue Kaffeemaschine")
    reward = RewardFactory(page=campaign)
    pledge = PledgeFactory(
        campaign=campaign,
        reward=reward,
        email="bea@example.org",
        name="Bea Käuferin",
        state=PledgeState.PAID,
        paid_at=timezone.now(),
    )
    issue_vouchers(pledge)
    return PledgeGift.objects.create(
        pledge=pledge,
        sender_name="Bea",
        recipient_name="Rudi Empfänger",
        recipient_email="Rudi@Example.org",
        message="Alles Gute!",
        deliver_on=timezone.localdate() + datetime.timedelta(days=5),
    )


def test_recipient_without_pledges_gets_a_link_and_an_export_without_the_buyers_payment(
    gift, django_capture_on_commit_callbacks
):
    client, _path = open_link("rudi@example.org", django_capture_on_commit_callbacks)
    page = client.get(DATA).content.decode()
    assert "data-gift-count" in page
    data = json.loads(client.post(EXPORT).content)
    assert data["pledges"] == []
    [received] = data["gifts_received"]
    assert received["recipient_name"] == "Rudi Empfänger" and received["message"] == "Alles Gute!"
    assert received["from"] == "Bea" and received["vouchers"][0]["code"]
    assert "bea@example.org" not in json.dumps(data) and "Käuferin" not in json.dumps(data)


def test_buyers_export_holds_the_gift_they_sent(gift, django_capture_on_commit_callbacks):
    client, _path = open_link("bea@example.org", django_capture_on_commit_callbacks)
    data = json.loads(client.post(EXPORT).content)
    [pledge] = data["pledges"]
    assert pledge["gift"]["recipient_email"] == "Rudi@Example.org" and pledge["payment_method"] == "online"
    assert data["gifts_received"] == []


def test_recipient_deletion_erases_them_and_the_gift_is_never_delivered(gift, django_capture_on_commit_callbacks):
    client, _path = open_link("rudi@example.org", django_capture_on_commit_callbacks)
    assert client.post(DELETE, {"confirm": "on"}).status_code == 302
    gift.refresh_from_db()
    assert gift.recipient_email == "" and gift.recipient_name == services.ANONYMISED_NAME
    # The buyer's pledge and the voucher stay; the buyer's data is untouched.
    assert gift.pledge.email == "bea@example.org"
    assert Voucher.objects.get(pledge=gift.pledge).state == VoucherState.ACTIVE
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert gifts.deliver_due(today=gift.deliver_on) == 0
    assert not mail.outbox
    # The token is dead after the deletion.
    assert email_access.make_token("rudi@example.org") is None


def test_buyer_deletion_removes_their_words_but_keeps_an_undelivered_gift(gift, django_capture_on_commit_callbacks):
    client, _path = open_link("bea@example.org", django_capture_on_commit_callbacks)
    assert client.post(DELETE, {"confirm": "on"}).status_code == 302
    gift.refresh_from_db()
    assert gift.sender_name == services.ANONYMISED_NAME and gift.message == ""
    assert gift.recipient_email == "Rudi@Example.org"  # paid for, still to be delivered
    assert gift.pledge.email == services.ANONYMISED_EMAIL


def test_buyer_deletion_after_delivery_removes_the_recipient_too(gift):
    PledgeGift.objects.filter(pk=gift.pk).update(sent_at=timezone.now(), sent_to="rudi@example.org")
    services.anonymise_pledges(email_access.pledges_for_email("bea@example.org"))
    gift.refresh_from_db()
    assert (gift.recipient_email, gift.sent_to, gift.message) == ("", "", "")


def test_account_export_and_deletion_cover_gifts_received(gift):
    user = make_verified_user("rudi@example.org")
    data = services.export_data(user)
    assert [g["recipient_name"] for g in data["gifts_received"]] == ["Rudi Empfänger"]
    summary = services.delete_account(user)
    assert summary["gifts_received_anonymised"] == 1
    gift.refresh_from_db()
    assert gift.recipient_email == ""


def test_a_forged_gift_anchor_resolves_to_nothing(gift):
    from django.core import signing

    token = signing.TimestampSigner(salt=email_access.SALT, algorithm="sha256").sign_object({"g": gift.pk, "s": "x"})
    assert email_access.email_for_token(token) is None
    real = email_access.make_token("rudi@example.org")
    assert email_access.email_for_token(real) == "rudi@example.org"
    # A token made for the buyer never resolves to the recipient, and the other way round.
    assert email_access.email_for_token(email_access.make_token("bea@example.org")) == "bea@example.org"
