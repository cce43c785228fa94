"""Citizens' alerts: double opt-in, enumeration safety, floods, one digest a day, one-click unsubscribe."""

import datetime as dt

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alerts import services
from alerts.digest import send_digests
from alerts.models import Subscriber
from directory.factories import BusinessPageFactory, CategoryFactory, DirectoryIndexPageFactory, DistrictFactory
from fundraising.factories import CampaignPageFactory, PledgeFactory
from fundraising.models import PledgeState


@pytest.fixture
def places(db):
    DirectoryIndexPageFactory()
    return {
        "nord": DistrictFactory(slug="nord", name="Nord"),
        "sued": DistrictFactory(slug="sued", name="Süd"),
        "food": CategoryFactory(slug="essen", name="Essen"),
    }


def sign_up(client, email="buerger@example.org", **extra):
    data = {
        "email": email,
        "districts": [extra.pop("district").pk] if "district" in extra else [],
        "privacy": "on",
        **extra,
    }
    return client.post(reverse("alerts:subscribe"), data)


def link(message, part):
    return next(line.strip() for line in message.body.splitlines() if part in line).replace("http://testserver", "")


def test_double_opt_in(client, places, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, district=places["nord"])
    assert response.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is None and list(subscriber.districts.all()) == [places["nord"]]
    confirm = link(mail.outbox[0], "/bestaetigen/")
    assert client.get(confirm).status_code == 200
    assert Subscriber.objects.get().confirmed_at is None  # GET (a mail scanner) changes nothing
    client.post(confirm)
    assert Subscriber.objects.get().confirmed_at is not None


def test_same_answer_for_new_pending_and_confirmed_addresses(client, places, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = sign_up(client, district=places["nord"]).content
        second = sign_up(client, district=places["sued"]).content
    Subscriber.objects.update(confirmed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        third = sign_up(client, "BUERGER@example.org", district=places["sued"]).content

    def body(content):
        return content.decode().split('id="main"')[1].split("</main>")[0]

    assert body(first) == body(second) == body(third)
    subscriber = Subscriber.objects.get()
    # a stranger who knows the address cannot change a confirmed selection
    assert list(subscriber.districts.all()) == [places["sued"]] or list(subscriber.districts.all()) == [places["nord"]]
    assert "nothing was changed" in mail.outbox[-1].body or "nichts geändert" in mail.outbox[-1].body
    assert Subscriber.objects.count() == 1


def test_confirmed_selection_is_not_changed_by_a_new_sign_up(client, places, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, district=places["nord"])
    Subscriber.objects.update(confirmed_at=timezone.now())
    sign_up(client, district=places["sued"])
    assert list(Subscriber.objects.get().districts.all()) == [places["nord"]]


@pytest.mark.parametrize(
    "data",
    [
        {"email": "not-an-email", "districts": [], "privacy": "on"},
        {"email": "a@example.org", "privacy": "on"},  # nothing chosen
        {"email": "a@example.org", "districts": ["999999"], "privacy": "on"},
        {"email": "a@example.org", "districts": ["<script>"], "privacy": "on"},
        {"email": "a@example.org" + "x" * 300, "privacy": "on"},
    ],
)
def test_malformed_sign_ups(client, places, data):
    response = client.post(reverse("alerts:subscribe"), data)
    assert response.status_code == 400 and not Subscriber.objects.exists()


def test_privacy_consent_required(client, places):
    response = client.post(reverse("alerts:subscribe"), {"email": "a@example.org", "districts": [places["nord"].pk]})
    assert response.status_code == 400 and not Subscriber.objects.exists()


def test_honeypot_stores_nothing_but_answers_the_same(client, places):
    response = sign_up(client, district=places["nord"], website="http://spam.example")
    assert response.status_code == 200 and not Subscriber.objects.exists()


def test_subscription_flood_is_rate_limited(client, places, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [sign_up(client, f"bot{n}@example.org", district=places["nord"]).status_code for n in range(15)]
    assert statuses[:10] == [200] * 10 and set(statuses[10:]) == {429}
    assert Subscriber.objects.count() == 10


def test_one_address_is_not_mail_bombed(client, places, django_capture_on_commit_callbacks, settings):
    settings.RATE_LIMITS = {"alerts-signup:address": "100/h"}
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(8):
            assert sign_up(client, "victim@example.org", district=places["nord"]).status_code == 200
    assert len(mail.outbox) == 3


def confirmed(places, **kwargs):
    subscriber = Subscriber.objects.create(
        email="fan@example.org", confirmed_at=timezone.now() - dt.timedelta(days=2), **kwargs
    )
    subscriber.districts.set([places["nord"]])
    return subscriber


def test_digest_at_most_once_a_day_with_list_unsubscribe(client, places, django_capture_on_commit_callbacks):
    subscriber = confirmed(places)
    BusinessPageFactory(title="Neuer Laden Nord", district=places["nord"], categories=[places["food"]])
    BusinessPageFactory(title="Neuer Laden Süd", district=places["sued"], categories=[places["food"]])
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 1
        assert send_digests() == 0  # the same day: nothing more
    message = mail.outbox[-1]
    assert "Neuer Laden Nord" in message.body and "Neuer Laden Süd" not in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>").replace("http://testserver", "")
    assert unsubscribe.endswith(f"/{subscriber.token}/")
    # RFC 8058 one-click: a POST without CSRF token from the mail client
    csrf_client = client.__class__(enforce_csrf_checks=True)
    assert csrf_client.post(unsubscribe, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Subscriber.objects.exists()
    assert csrf_client.post(unsubscribe).status_code == 200  # repeatable


def test_next_day_only_new_things_and_close_to_goal_once(places, django_capture_on_commit_callbacks):
    subscriber = confirmed(places)
    business = BusinessPageFactory(title="Laden", district=places["nord"], categories=[places["food"]])
    campaign = CampaignPageFactory(parent=business, goal_cents=10_000)
    PledgeFactory(campaign=campaign, amount_cents=8_500, state=PledgeState.PAID)
    with django_capture_on_commit_callbacks(execute=True):
        send_digests()
    body = mail.outbox[-1].body
    assert campaign.title in body and "85" in body
    Subscriber.objects.filter(pk=subscriber.pk).update(last_digest_on=timezone.localdate() - dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 0  # nothing new: no email
    assert len(mail.outbox) == 1


def test_unconfirmed_get_no_digest_and_are_purged(places):
    pending = Subscriber.objects.create(email="p@example.org")
    pending.districts.set([places["nord"]])
    BusinessPageFactory(title="Laden", district=places["nord"])
    assert send_digests() == 0
    Subscriber.objects.update(created_at=timezone.now() - dt.timedelta(days=30))
    send_digests()
    assert not Subscriber.objects.exists()


def test_expired_confirmation_link(client, places):
    subscriber = Subscriber.objects.create(
        email="late@example.org", confirm_sent_at=timezone.now() - dt.timedelta(days=30)
    )
    client.post(reverse("alerts:confirm", args=[subscriber.token]))
    assert Subscriber.objects.get().confirmed_at is None


def test_manage_and_unknown_tokens(client, places):
    subscriber = confirmed(places)
    url = reverse("alerts:manage", args=[subscriber.token])
    assert client.get(url).status_code == 200
    client.post(url, {"categories": [places["food"].pk]})
    assert list(Subscriber.objects.get().categories.all()) == [places["food"]]
    assert client.post(url, {}).status_code == 200  # nothing chosen: refused
    assert Subscriber.objects.get().categories.count() == 1
    assert client.get(reverse("alerts:manage", args=["x" * 43])).status_code == 404
    assert client.get(reverse("alerts:confirm", args=["nope"])).status_code == 404


def test_services_subscribe_outcomes(places):
    assert services.subscribe("a@example.org", [places["nord"]], [], "de") == "new"
    assert services.subscribe("A@example.org", [places["sued"]], [], "en") == "resent"
    Subscriber.objects.update(confirmed_at=timezone.now())
    assert services.subscribe("a@example.org", [places["nord"]], [], "de") == "known"
