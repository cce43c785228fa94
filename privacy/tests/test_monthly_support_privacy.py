"""My data covers monthly support (fundraising registers the privacy hooks; it never imports privacy)."""

import pytest

from directory.testing import make_verified_user
from fundraising.factories import CampaignPageFactory
from fundraising.models import Pledge, Subscription, SubscriptionState
from fundraising.payments.demo_gateway import DemoGateway
from fundraising.subscription_links import manage_path
from privacy import email_access, services
from privacy.services import ANONYMISED_EMAIL, ANONYMISED_NAME


@pytest.fixture
def running(db, django_capture_on_commit_callbacks):
    """A demo subscription of erika@example.org with one paid month."""
    campaign = CampaignPageFactory()
    subscription = Subscription.objects.create(
        target=campaign,
        business_id=campaign.business_page_id,
        amount_cents=1500,
        name="Erika",
        email="Erika@example.org",
    )
    gateway = DemoGateway()
    with django_capture_on_commit_callbacks(execute=True):
        result = gateway.create_subscription_checkout(subscription, "http://x/ok", "http://x/cancel")
        Subscription.objects.filter(pk=subscription.pk).update(stripe_session_id=result.session_id)
        gateway.subscribe(subscription.demo_sessions.get())
    subscription.refresh_from_db()
    assert subscription.state == SubscriptionState.ACTIVE
    return subscription


def test_account_export_and_deletion_cover_monthly_support(running, django_capture_on_commit_callbacks):
    user = make_verified_user("erika@example.org")
    data = services.export_data(user)
    (record,) = data["monthly_support"]
    assert (record["amount_cents_per_month"], record["state"], record["months_paid"]) == (1500, "active", 1)
    assert record["manage_url"].endswith(manage_path(running))
    assert len(data["pledges"]) == 1  # the paid month, as an ordinary pledge
    link = manage_path(running)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_account(user)
    running.refresh_from_db()
    assert running.state == SubscriptionState.CANCELLED  # no more money from someone we cannot reach
    assert (running.name, running.email, running.display_name) == (ANONYMISED_NAME, ANONYMISED_EMAIL, "")
    assert Pledge.objects.get().email == ANONYMISED_EMAIL
    assert manage_path(running) != link  # every link sent so far is dead


def test_email_flow_export_and_deletion_cover_monthly_support(running, client, django_capture_on_commit_callbacks):
    exported = email_access.export_for_email("erika@example.org")
    assert exported["monthly_support"][0]["email"] == "Erika@example.org"
    assert email_access.export_for_email("someone@example.org")["monthly_support"] == []
    token = email_access.make_token("erika@example.org")
    link = manage_path(running)
    with django_capture_on_commit_callbacks(execute=True):
        assert email_access.delete_with_token(token) == 1
    running.refresh_from_db()
    assert running.state == SubscriptionState.CANCELLED and running.email == ANONYMISED_EMAIL
    assert client.get(link).status_code == 404
