"""The pledge form posts to a CSRF-exempt URL so the campaign page sets no cookie and can be cached."""

import pytest

from django.test import Client
from django.urls import reverse

from fundraising.models import Pledge, PledgeState

from .test_pledge import VALID


def submit_url(campaign):
    return reverse("fundraising:pledge_submit", args=[campaign.pk])


def test_campaign_page_sets_no_cookie_and_posts_to_the_exempt_url(client, campaign):
    response = client.get(campaign.url)
    assert response.status_code == 200
    assert not response.cookies, "a cookie keeps the page out of the shared cache"
    assert f'action="{submit_url(campaign)}"' in response.content.decode()
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_pledge_without_csrf_token_from_our_own_page_goes_to_checkout(campaign):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(submit_url(campaign), VALID, headers={"Origin": "http://testserver"})
    assert response.status_code == 303
    pledge = Pledge.objects.get()
    assert pledge.state == PledgeState.PENDING
    assert pledge.amount_cents == 2500


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "https://evil.example"}, {"Origin": "null"}, {"Referer": "https://evil.example/testserver/"}],
)
def test_pledge_posted_from_another_site_is_refused(campaign, headers):
    response = Client(enforce_csrf_checks=True).post(submit_url(campaign), VALID, headers=headers)
    assert response.status_code == 403
    assert Pledge.objects.count() == 0


def test_pledge_submit_refuses_get_unknown_and_draft_campaigns(client, campaign):
    assert client.get(submit_url(campaign)).status_code == 405
    assert client.post(reverse("fundraising:pledge_submit", args=[999999]), VALID).status_code == 404
    campaign.unpublish()
    assert client.post(submit_url(campaign), VALID).status_code == 404
    assert Pledge.objects.count() == 0


def test_pledge_submit_validates_like_the_page_route(client, campaign):
    response = client.post(submit_url(campaign), {**VALID, "amount": "", "custom_amount": "-5"})
    assert response.status_code == 400
    assert Pledge.objects.count() == 0
    # a duplicate post creates a second, separate pending pledge (each is its own checkout), never a paid one
    client.post(submit_url(campaign), VALID)
    client.post(submit_url(campaign), VALID)
    assert list(Pledge.objects.values_list("state", flat=True)) == [PledgeState.PENDING] * 2
