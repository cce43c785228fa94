"""Editors see monthly support read-only and may cancel it; others may not."""

import pytest

from django.urls import reverse

from directory.testing import make_editor, make_verified_user
from fundraising.factories import CampaignPageFactory
from fundraising.models import Subscription, SubscriptionState


@pytest.fixture
def subscription(db):
    campaign = CampaignPageFactory()
    return Subscription.objects.create(
        target=campaign, amount_cents=1500, name="Erika", email="erika@example.org", state=SubscriptionState.ACTIVE
    )


def test_editor_lists_and_cancels(client, subscription, django_capture_on_commit_callbacks):
    editor = make_editor("redaktion@example.org", is_staff=True)
    assert editor.has_perm("fundraising.cancel_subscription") and not editor.has_perm("fundraising.change_subscription")
    client.force_login(editor)
    index = client.get(reverse("fundraising_subscription:index"))
    assert index.status_code == 200
    url = reverse("fundraising_admin_cancel_subscription", args=[subscription.pk])
    assert url in index.content.decode()
    assert client.get(reverse("fundraising_subscription:edit", args=[subscription.pk])).status_code in (302, 403)
    assert client.get(url).status_code == 200
    assert Subscription.objects.get().state == SubscriptionState.ACTIVE  # GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    subscription.refresh_from_db()
    assert subscription.state == SubscriptionState.CANCELLED and "editor" in subscription.end_reason
    assert client.post(url).status_code == 302  # twice: nothing more
    assert client.get(reverse("fundraising_subscription:index") + "?export=csv").status_code == 200


def test_others_may_not_cancel(client, subscription):
    client.force_login(make_verified_user("someone@example.org"))
    response = client.post(reverse("fundraising_admin_cancel_subscription", args=[subscription.pk]))
    assert response.status_code in (302, 403)
    assert Subscription.objects.get().state == SubscriptionState.ACTIVE
