"""Monthly support for a collective campaign: the same subscription flow; each paid month is a pledge of the page."""

from django.urls import reverse

from fundraising.models import Pledge, PledgeState, Subscription, SubscriptionState

from .test_pledging import FORM, started_campaign


def test_collective_campaign_takes_monthly_support(client, city, django_capture_on_commit_callbacks):
    page = started_campaign(city)
    response = client.post(reverse("fundraising:pledge_submit", args=[page.pk]), {**FORM, "frequency": "monthly"})
    assert response.status_code == 303 and "/testzahlung/" in response["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {"action": "pay"})
    subscription = Subscription.objects.get()
    assert subscription.target_id == page.pk and subscription.state == SubscriptionState.ACTIVE
    pledge = Pledge.objects.get()
    assert (pledge.target_id, pledge.campaign_id, pledge.state, pledge.amount_cents) == (
        page.pk,
        None,
        PledgeState.PAID,
        5000,
    )
    assert pledge.subscription_id == subscription.pk
