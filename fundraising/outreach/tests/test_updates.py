"""Campaign updates: owners post them, the campaign page shows them, opted-in supporters get them by email,
the unsubscribe link works once and stays harmless afterwards."""

import pytest

from django.core import mail
from django.urls import reverse

from fundraising.factories import PledgeFactory
from fundraising.models import PledgeState
from fundraising.outreach import updates
from fundraising.outreach.models import CampaignUpdate, UpdateSubscription
from fundraising.testing import owner_panels

from .conftest import paid


def owner_url(business, campaign=None):
    url = reverse("outreach:owner", args=[business.pk])
    return url + (f"?campaign={campaign.pk}" if campaign else "")


def post_update(client, business, campaign, text):
    return client.post(reverse("outreach:owner", args=[business.pk]), {"campaign": campaign.pk, "text": text})


@pytest.fixture
def subscribed(campaign_a):
    """Three supporters: two opted in (one in English), one did not; plus an opted-in pledge that failed."""
    de = paid(campaign_a, email="de@example.org", language="de")
    en = paid(campaign_a, email="en@example.org", language="en")
    paid(campaign_a, email="silent@example.org")
    failed = PledgeFactory(campaign=campaign_a, state=PledgeState.FAILED, email="failed@example.org")
    for pledge in (de, en, failed):
        UpdateSubscription.objects.create(pledge=pledge)
    return {"de": de, "en": en}


# Posting ---------------------------------------------------------------------------------------------------------


def test_owner_page_renders_with_posters_widget_and_form(client, owner_a, campaign_a):
    client.force_login(owner_a)
    response = client.get(owner_url(campaign_a.get_parent()))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Weitersagen" in html
    assert reverse("outreach:owner_poster", args=[campaign_a.get_parent().pk, "pdf"]) in html
    assert "widget/" in html and "&lt;iframe" in html  # the snippet is shown as text, not rendered
    assert 'name="text"' in html
    assert "style=" not in html.replace("style=&quot;border:0;max-width:100%&quot;", "")  # only inside the snippet


def test_owner_posts_update_emails_only_opted_in_paid_supporters(
    client, owner_a, campaign_a, subscribed, django_capture_on_commit_callbacks
):
    client.force_login(owner_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_update(client, campaign_a.get_parent(), campaign_a, "Danke! Wir öffnen am Montag wieder.")
    assert response.status_code == 302
    update = CampaignUpdate.objects.get()
    assert update.text == "Danke! Wir öffnen am Montag wieder." and update.author == owner_a
    assert update.recipients == 2
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["de@example.org", "en@example.org"]
    by_to = {message.to[0]: message for message in mail.outbox}
    assert by_to["de@example.org"].subject == "Neuigkeiten von Café Anna"
    assert by_to["en@example.org"].subject == "News from Café Anna"
    assert "Danke! Wir öffnen am Montag wieder." in by_to["de@example.org"].body
    assert "/aktion-updates/abbestellen/" in by_to["de@example.org"].body
    assert "/en/aktion-updates/abbestellen/" in by_to["en@example.org"].body
    assert "/en/" in by_to["en@example.org"].body.split("To the campaign:")[1].splitlines()[0]


def test_same_address_gets_one_email(client, owner_a, campaign_a, django_capture_on_commit_callbacks):
    for _ in range(2):
        UpdateSubscription.objects.create(pledge=paid(campaign_a, email="Same@Example.org"))
    UpdateSubscription.objects.create(pledge=paid(campaign_a, email="same@example.org "))
    client.force_login(owner_a)
    with django_capture_on_commit_callbacks(execute=True):
        post_update(client, campaign_a.get_parent(), campaign_a, "Ein Update")
    assert len(mail.outbox) == 1


def test_update_shown_on_campaign_page_newest_first_and_escaped(client, owner_a, campaign_a):
    client.force_login(owner_a)
    post_update(client, campaign_a.get_parent(), campaign_a, "Erstes Update")
    post_update(
        client,
        campaign_a.get_parent(),
        campaign_a,
        '<script>alert(1)</script> <a href="https://evil.example">x</a> https://spam.example',
    )
    client.logout()
    html = client.get(campaign_a.url).content.decode()
    assert html.index("&lt;script&gt;") < html.index("Erstes Update")
    assert "<script>alert(1)" not in html
    assert 'href="https://evil.example"' not in html and 'href="https://spam.example"' not in html


def test_hidden_update_not_shown(client, campaign_a, owner_a):
    CampaignUpdate.objects.create(campaign=campaign_a, text="Geheim", hidden=True)
    CampaignUpdate.objects.create(campaign=campaign_a, text="Sichtbar")
    html = client.get(campaign_a.url).content.decode()
    assert "Sichtbar" in html and "Geheim" not in html


@pytest.mark.parametrize(
    "text, status",
    [("", 400), ("   \n\n  ", 400), ("ab", 400), ("x" * 1001, 400), ("bad\x00byte", 400)],
)
def test_malformed_updates_rejected(client, owner_a, campaign_a, text, status):
    client.force_login(owner_a)
    response = post_update(client, campaign_a.get_parent(), campaign_a, text)
    assert response.status_code == status
    assert CampaignUpdate.objects.count() == 0
    assert 'aria-invalid="true"' in response.content.decode()


def test_duplicate_update_rejected_and_daily_limit(client, owner_a, campaign_a, settings):
    settings.OUTREACH_UPDATES_PER_DAY = 2
    client.force_login(owner_a)
    assert post_update(client, campaign_a.get_parent(), campaign_a, "Wir sind wieder da").status_code == 302
    again = post_update(client, campaign_a.get_parent(), campaign_a, "Wir sind wieder da\r\n")
    assert again.status_code == 409 and "bereits veröffentlicht" in again.content.decode()
    assert post_update(client, campaign_a.get_parent(), campaign_a, "Zweites").status_code == 302
    third = post_update(client, campaign_a.get_parent(), campaign_a, "Drittes")
    assert third.status_code == 409 and "höchstens 2" in third.content.decode()
    assert CampaignUpdate.objects.count() == 2


def test_owner_cannot_post_to_another_business_or_foreign_campaign(client, owner_a, campaign_a, campaign_b):
    client.force_login(owner_a)
    assert post_update(client, campaign_b.get_parent(), campaign_b, "Fremd").status_code == 404
    assert post_update(client, campaign_a.get_parent(), campaign_b, "Untergeschoben").status_code == 404
    response = client.post(owner_url(campaign_a.get_parent()), {"campaign": "1 OR 1=1", "text": "SQL"})
    assert response.status_code == 404
    assert CampaignUpdate.objects.count() == 0


def test_anonymous_redirected_to_login(client, campaign_a):
    response = post_update(client, campaign_a.get_parent(), campaign_a, "Anonym")
    assert response.status_code == 302 and "login" in response["Location"]
    assert CampaignUpdate.objects.count() == 0


def test_owner_dashboard_panel_links_outreach_page(owner_a, business_a):
    assert reverse("outreach:owner", args=[business_a.pk]) in owner_panels(owner_a, business_a)


# Subscribing -----------------------------------------------------------------------------------------------------


def test_thanks_page_offers_subscription_and_subscribe_is_idempotent(client, campaign_a):
    pledge = paid(campaign_a)
    thanks = client.get(reverse("fundraising:thanks", args=[pledge.public_token])).content.decode()
    action = reverse("outreach:subscribe", args=[pledge.public_token])
    assert action in thanks
    assert 'name="csrfmiddlewaretoken"' in thanks.split(action, 1)[1][:400]  # the opt-in form carries its token
    assert client.post(action).status_code == 200
    assert client.post(action).status_code == 200
    assert UpdateSubscription.objects.filter(pledge=pledge, unsubscribed_at__isnull=True).count() == 1
    thanks = client.get(reverse("fundraising:thanks", args=[pledge.public_token])).content.decode()
    assert action not in thanks and "per E-Mail" in thanks


def test_subscribe_rejects_get_bad_tokens_and_failed_pledges(client, campaign_a):
    pledge = paid(campaign_a)
    assert client.get(reverse("outreach:subscribe", args=[pledge.public_token])).status_code == 405
    assert client.post(reverse("outreach:subscribe", args=["nope"])).status_code == 404
    assert client.post(reverse("outreach:subscribe", args=["x" * 300])).status_code == 404
    assert client.post("/aktion-updates/abonnieren/%3Cscript%3E/").status_code == 404
    failed = PledgeFactory(campaign=campaign_a, state=PledgeState.FAILED)
    assert client.post(reverse("outreach:subscribe", args=[failed.public_token])).status_code == 409
    assert UpdateSubscription.objects.count() == 0


def test_subscribe_requires_csrf(campaign_a):
    from django.test import Client

    pledge = paid(campaign_a)
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("outreach:subscribe", args=[pledge.public_token])).status_code == 403


# Unsubscribing ---------------------------------------------------------------------------------------------------


def test_unsubscribe_once_and_idempotent(client, campaign_a, subscribed, owner_a, django_capture_on_commit_callbacks):
    sub = UpdateSubscription.objects.get(pledge=subscribed["de"])
    url = reverse("outreach:unsubscribe", args=[updates.unsubscribe_token(sub)])
    page = client.get(url)
    assert page.status_code == 200 and "Abbestellen" in page.content.decode()
    assert UpdateSubscription.objects.get(pk=sub.pk).unsubscribed_at is None  # GET changes nothing
    done = client.post(url)
    assert done.status_code == 200 and "Erledigt" in done.content.decode()
    first = UpdateSubscription.objects.get(pk=sub.pk).unsubscribed_at
    assert first is not None
    again = client.post(url)
    assert again.status_code == 200 and "bereits abbestellt" in again.content.decode()
    assert UpdateSubscription.objects.get(pk=sub.pk).unsubscribed_at == first
    client.force_login(owner_a)
    with django_capture_on_commit_callbacks(execute=True):
        post_update(client, campaign_a.get_parent(), campaign_a, "Nach dem Abbestellen")
    assert [m.to[0] for m in mail.outbox] == ["en@example.org"]


def test_unsubscribe_covers_every_pledge_of_that_address(campaign_a):
    subs = [
        UpdateSubscription.objects.create(pledge=paid(campaign_a, email=e)) for e in ("a@example.org", "A@example.org")
    ]
    assert updates.unsubscribe(subs[0]) == 2
    assert updates.subscribers(campaign_a) == []


@pytest.mark.parametrize("token", ["garbage", "x" * 500, "1:abc:def", "<script>"])
def test_unsubscribe_with_bad_or_tampered_token(client, subscribed, token):
    response = client.post(reverse("outreach:unsubscribe", args=[token]))
    assert response.status_code == 404 and "ungültig" in response.content.decode()
    assert UpdateSubscription.objects.filter(unsubscribed_at__isnull=False).count() == 0


def test_token_of_other_salt_is_rejected(client, subscribed):
    from django.core import signing

    sub = UpdateSubscription.objects.first()
    forged = signing.dumps(sub.pk, salt="something-else", compress=True)
    assert client.post(reverse("outreach:unsubscribe", args=[forged])).status_code == 404
