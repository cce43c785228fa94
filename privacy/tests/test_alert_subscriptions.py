"""Area alerts (the alerts app) are personal data too: they appear in both exports and end with both deletions."""

import json

import pytest

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alerts.models import Subscriber
from directory.factories import CategoryFactory, DistrictFactory
from fundraising.factories import CampaignPageFactory, PledgeFactory
from fundraising.models import PledgeState
from owners.testing import make_verified_user
from privacy import email_access, services


@pytest.fixture
def erika_follows(db):
    subscriber = Subscriber.objects.create(email="Erika@Example.org", confirmed_at=timezone.now(), language="en")
    subscriber.districts.add(DistrictFactory(name="Hörde"))
    subscriber.categories.add(CategoryFactory(name="Bäckerei"))
    return subscriber


@pytest.fixture
def someone_else(db):
    return Subscriber.objects.create(email="max@example.org", confirmed_at=timezone.now())


def test_account_export_lists_the_alerts_of_verified_addresses_only(erika_follows, someone_else):
    user = make_verified_user("erika@example.org")
    client = Client()
    client.force_login(user)
    data = json.loads(client.post(reverse("privacy:export")).content)
    assert data["format_version"] == 4
    [record] = data["alert_subscriptions"]
    assert record["email"] == "Erika@Example.org"
    assert record["districts"] == ["Hörde"] and record["categories"] == ["Bäckerei"]
    assert record["language"] == "en" and record["confirmed_at"]
    assert "max@example.org" not in json.dumps(data)


def test_unverified_address_does_not_reveal_alerts(erika_follows):
    user = make_verified_user("other@example.org")
    user.emailaddress_set.create(email="erika@example.org", verified=False)
    assert services.export_data(user)["alert_subscriptions"] == []


def test_account_deletion_ends_the_alerts_of_its_addresses(erika_follows, someone_else):
    user = make_verified_user("erika@example.org")
    summary = services.delete_account(user)
    assert summary["alert_subscriptions_ended"] == 1
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["max@example.org"]


def test_email_link_export_and_deletion_cover_alerts(erika_follows, someone_else):
    campaign = CampaignPageFactory()
    PledgeFactory(campaign=campaign, email="erika@example.org", state=PledgeState.PAID)
    export = email_access.export_for_email("ERIKA@example.org")
    assert [r["email"] for r in export["alert_subscriptions"]] == ["Erika@Example.org"]
    token = email_access.make_token("erika@example.org")
    assert email_access.delete_with_token(token) == 1
    assert not Subscriber.objects.filter(email__iexact="erika@example.org").exists()
    assert Subscriber.objects.filter(email="max@example.org").exists()
    # The token is single use: a replay deletes nothing more.
    assert email_access.delete_with_token(token) is None
