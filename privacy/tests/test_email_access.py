"""My data without an account: the email link, its token, the export and the deletion."""

import json
import re
import time

import pytest

from django.core import mail, signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from fundraising.factories import CampaignPageFactory, PledgeFactory, RewardFactory
from fundraising.models import Pledge, PledgeState, Voucher, VoucherState
from fundraising.outreach.models import UpdateSubscription
from fundraising.vouchers import issue_vouchers
from privacy import email_access, email_views
from privacy.services import ANONYMISED_EMAIL, ANONYMISED_NAME

REQUEST = reverse("privacy:email_request")
DATA = reverse("privacy:email_data")
EXPORT = reverse("privacy:email_export")
DELETE = reverse("privacy:email_delete")
SAME_ANSWER = "Falls wir Daten zu dieser Adresse haben, haben wir einen Link an sie geschickt."


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def campaign(db):
    return CampaignPageFactory(title="Neue Kaffeemaschine")


@pytest.fixture
def erika(campaign):
    """Two pledges by Erika, stored with different capitalisation; one paid with a voucher and an update opt-in."""
    reward = RewardFactory(page=campaign)
    paid = PledgeFactory(
        campaign=campaign,
        reward=reward,
        email="Erika@Example.org",
        name="Erika Mustermann",
        display_name="Erika M.",
        message="Haltet durch!",
        message_approved=True,
        amount_cents=2500,
        state=PledgeState.PAID,
        reward_title="Gutschein",
        reward_kind="voucher",
        voucher_value_cents=2500,
    )
    issue_vouchers(paid)
    UpdateSubscription.objects.create(pledge=paid)
    expired = PledgeFactory(campaign=campaign, email="erika@example.ORG", name="Erika M", state=PledgeState.EXPIRED)
    return [paid, expired]


@pytest.fixture
def max_pledge(campaign):
    pledge = PledgeFactory(campaign=campaign, email="max@example.org", name="Max Muster", state=PledgeState.PAID)
    UpdateSubscription.objects.create(pledge=pledge)
    return pledge


def ask(client, email, **extra):
    return client.post(REQUEST, {"email": email}, **extra)


def link_from(message):
    match = re.search(r"http://testserver(/\S*/ohne-konto/link/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def open_link(email, capture):
    """Ask for a link and open it in a fresh browser; returns the client with the token in its session."""
    client = Client()
    with capture(execute=True):
        ask(client, email)
    path = link_from(mail.outbox[-1])
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == DATA
    assert response["Referrer-Policy"] == "no-referrer" and "no-store" in response["Cache-Control"]
    return client, path


# --- asking for a link -------------------------------------------------------------------------------------------


def test_request_page_is_private_and_has_the_form(client, db):
    response = client.get(REQUEST)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="email"' in html and 'autocomplete="email"' in html
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_known_and_unknown_addresses_get_the_same_answer(client, erika, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        known = ask(client, "ERIKA@example.org")
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        unknown = ask(client, "nobody@example.org")
    assert len(mail.outbox) == 1  # nothing sent for an address without data
    assert known.status_code == unknown.status_code == 200
    strip = lambda r: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", r.content.decode())  # noqa: E731
    assert strip(known) == strip(unknown)
    assert SAME_ANSWER in known.content.decode()
    message = mail.outbox[0]
    assert message.to == ["ERIKA@example.org"]
    assert "60 Minuten" in message.body
    assert "/meine-daten/ohne-konto/link/" in message.body


def test_the_view_does_not_look_anything_up(client, erika, django_capture_on_commit_callbacks, monkeypatch):
    """Whether an address is known is decided in the background task only: same work (and time) in the request."""
    queued = []
    monkeypatch.setattr(email_views, "send_access_link", type("T", (), {"enqueue": lambda *a: queued.append(a)}))
    for email in ("erika@example.org", "nobody@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            ask(client, email)
    assert queued == [("erika@example.org", "de"), ("nobody@example.org", "de")]


def test_anonymised_address_gets_no_link(client, campaign, django_capture_on_commit_callbacks):
    PledgeFactory(campaign=campaign, email=ANONYMISED_EMAIL, name=ANONYMISED_NAME, state=PledgeState.PAID)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, ANONYMISED_EMAIL)
    assert response.status_code == 200 and mail.outbox == []


def test_english_request_gets_an_english_email(client, erika, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en" + REQUEST, {"email": "erika@example.org"})
    assert "If we have data for this address, we have sent a link to it." in response.content.decode()
    assert "/en/meine-daten/ohne-konto/link/" in mail.outbox[0].body
    assert "valid for 60 minutes" in mail.outbox[0].body


@pytest.mark.parametrize(
    "email",
    [
        "",
        "not-an-address",
        "a@b.c\nBcc: victim@example.org",
        "erika@example.org\r\nBcc: x@example.org",
        "x" * 250 + "@example.org",
        "<script>alert(1)</script>@example.org",
    ],
)
def test_malformed_and_hostile_addresses_are_refused(client, erika, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, email)
    assert response.status_code == 400
    assert mail.outbox == []
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert SAME_ANSWER not in html


def test_very_long_body_is_refused(client, db):
    response = ask(client, "a" * 100_000 + "@example.org")
    assert response.status_code == 400


def test_rate_limit_per_address_is_silent(client, erika, django_capture_on_commit_callbacks):
    limit = 3  # email_views.LINKS_PER_EMAIL
    for n in range(limit + 2):
        other_ip = {"REMOTE_ADDR": f"10.0.0.{n + 1}"}
        with django_capture_on_commit_callbacks(execute=True):
            response = ask(client, "Erika@example.org" if n % 2 else "erika@example.org", **other_ip)
        assert response.status_code == 200
        assert SAME_ANSWER in response.content.decode()
    assert len(mail.outbox) == limit


def test_rate_limit_per_ip(client, db, django_capture_on_commit_callbacks):
    limit = 10  # email_views.REQUESTS_PER_ADDRESS
    for n in range(limit):
        assert ask(client, f"person{n}@example.org").status_code == 200
    response = ask(client, "one-more@example.org")
    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.content.decode()
    assert ask(client, "one-more@example.org", REMOTE_ADDR="192.0.2.7").status_code == 200  # another connection


def test_request_needs_csrf(erika):
    client = Client(enforce_csrf_checks=True)
    assert ask(client, "erika@example.org").status_code == 403
    assert mail.outbox == []


def test_wrong_method(client, db):
    assert client.put(REQUEST).status_code == 405


# --- the token ----------------------------------------------------------------------------------------------------


def test_token_resolves_to_its_address_only(erika, max_pledge):
    token = email_access.make_token("ERIKA@example.org")
    assert email_access.email_for_token(token) == "erika@example.org"
    assert email_access.email_for_token(email_access.make_token("max@example.org")) == "max@example.org"
    assert email_access.make_token("nobody@example.org") is None
    assert "erika" not in token.lower()  # no readable address in the link


def test_expired_token_is_refused(erika, monkeypatch):
    token = email_access.make_token("erika@example.org")
    later = time.time() + email_access.MAX_AGE_SECONDS + 5
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert email_access.email_for_token(token) is None


def test_expired_link_redirects_without_error_status(client, erika, monkeypatch):
    token = email_access.make_token("erika@example.org")
    later = time.time() + email_access.MAX_AGE_SECONDS + 5
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.get(reverse("privacy:email_link", args=[token]), follow=True)
    assert response.redirect_chain == [(REQUEST, 302)]
    assert "nicht (mehr) gültig" in response.content.decode()
    assert client.get(DATA).status_code == 302


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature
        lambda t: "x" + t,  # payload
        lambda t: t.split(":")[0],  # no timestamp or signature
        lambda t: "",
        lambda t: t + "x" * 400,  # too long
        lambda t: "<script>",
    ],
)
def test_tampered_tokens_are_refused(client, erika, mangle):
    token = mangle(email_access.make_token("erika@example.org"))
    assert email_access.email_for_token(token) is None
    if token and "/" not in token:
        response = client.get(reverse("privacy:email_link", args=[token]))
        assert response.status_code == 302 and response["Location"] == REQUEST
    assert client.get(DATA).status_code == 302


def test_token_forged_for_another_pledge_id_is_refused(erika, max_pledge):
    """Re-signing another pledge id (even with the key): the state hash still binds the token to the address."""
    token = email_access.make_token("erika@example.org")
    payload = signing.TimestampSigner(salt=email_access.SALT, algorithm="sha256").unsign_object(token)
    forged = email_access._signer().sign_object({"p": max_pledge.pk, "s": payload["s"]})
    assert email_access.email_for_token(forged) is None


def test_token_of_another_salt_is_refused(erika):
    pk = erika[0].pk
    other = signing.TimestampSigner(salt="outreach.unsubscribe").sign_object({"p": pk, "s": "x"})
    assert email_access.email_for_token(other) is None


def test_a_new_pledge_ends_older_links(campaign, erika):
    token = email_access.make_token("erika@example.org")
    PledgeFactory(campaign=campaign, email="erika@example.org", state=PledgeState.PENDING)
    assert email_access.email_for_token(token) is None
    assert email_access.email_for_token(email_access.make_token("erika@example.org")) == "erika@example.org"


# --- the data page and the export ---------------------------------------------------------------------------------


def test_link_leads_to_a_private_page_without_the_token_in_the_url(erika, django_capture_on_commit_callbacks):
    client, path = open_link("erika@example.org", django_capture_on_commit_callbacks)
    token = path.rstrip("/").rsplit("/", 1)[1]
    response = client.get(DATA)
    assert response.status_code == 200
    html = response.content.decode()
    assert "erika@example.org" in html
    assert "Wir haben 2 Unterstützungen mit dieser E-Mail-Adresse gefunden." in html
    assert token not in html
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    assert f'action="{EXPORT}"' in html and f'href="{DELETE}"' in html


def test_export_has_everything_for_the_address_and_nothing_else(erika, max_pledge, django_capture_on_commit_callbacks):
    client, _path = open_link("erika@example.org", django_capture_on_commit_callbacks)
    response = client.post(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="meine-daten-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["email"] == "erika@example.org"
    assert [p["email"] for p in data["pledges"]] == ["Erika@Example.org", "erika@example.ORG"]
    paid = data["pledges"][0]
    assert paid["name"] == "Erika Mustermann" and paid["message"] == "Haltet durch!"
    assert paid["campaign"] == "Neue Kaffeemaschine" and paid["amount_cents"] == 2500
    voucher = Voucher.objects.get(pledge=erika[0])
    assert paid["vouchers"] == [
        {
            "code": voucher.display_code,
            "title": voucher.title,
            "face_value_cents": 2500,
            "balance_cents": 2500,
            "valid_until": voucher.valid_until.isoformat(),
            "state": "active",
        }
    ]
    assert paid["campaign_updates"]["subscribed_at"] and paid["campaign_updates"]["unsubscribed_at"] is None
    assert data["pledges"][1]["campaign_updates"] is None
    text = response.content.decode()
    assert "max@example.org" not in text and "Max Muster" not in text


def test_export_refuses_get_and_needs_csrf(erika, django_capture_on_commit_callbacks):
    client, path = open_link("erika@example.org", django_capture_on_commit_callbacks)
    assert client.get(EXPORT).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.get(path)
    assert strict.post(EXPORT).status_code == 403


def test_without_a_link_there_is_nothing(client, erika):
    for response in (client.get(DATA), client.post(EXPORT), client.get(DELETE), client.post(DELETE, {"confirm": "on"})):
        assert response.status_code == 302 and response["Location"] == REQUEST
    assert Pledge.objects.filter(name="Erika Mustermann").exists()


def test_second_link_replaces_the_first(erika, max_pledge, django_capture_on_commit_callbacks):
    client, _path = open_link("erika@example.org", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        ask(Client(), "max@example.org")
    client.get(link_from(mail.outbox[-1]))
    data = json.loads(client.post(EXPORT).content)
    assert [p["name"] for p in data["pledges"]] == ["Max Muster"]


def test_session_expires_with_the_token(erika, django_capture_on_commit_callbacks, monkeypatch):
    client, _path = open_link("erika@example.org", django_capture_on_commit_callbacks)
    later = time.time() + email_access.MAX_AGE_SECONDS + 5
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert client.get(DATA).status_code == 302
    assert client.post(EXPORT).status_code == 302


# --- deletion -----------------------------------------------------------------------------------------------------


def test_delete_asks_for_confirmation_first(erika, django_capture_on_commit_callbacks):
    client, _path = open_link("erika@example.org", django_capture_on_commit_callbacks)
    page = client.get(DELETE)
    assert page.status_code == 200
    voucher = Voucher.objects.get(pledge=erika[0])
    assert voucher.display_code in page.content.decode()  # the codes to keep
    assert page["Referrer-Policy"] == "same-origin"
    unconfirmed = client.post(DELETE, {})
    assert unconfirmed.status_code == 400
    assert Pledge.objects.filter(name="Erika Mustermann").count() == 1


def test_delete_anonymises_like_account_deletion(erika, max_pledge, django_capture_on_commit_callbacks):
    client, path = open_link("erika@example.org", django_capture_on_commit_callbacks)
    response = client.post(DELETE, {"confirm": "on"}, follow=True)
    assert response.redirect_chain == [(REQUEST, 302)]
    assert "Ihre Daten wurden gelöscht" in response.content.decode()
    for pledge in erika:
        pledge.refresh_from_db()
        assert pledge.name == ANONYMISED_NAME and pledge.email == ANONYMISED_EMAIL
        assert pledge.display_name == "" and pledge.message == "" and pledge.anonymous
    assert erika[0].amount_cents == 2500 and erika[0].state == PledgeState.PAID  # bookkeeping stays
    voucher = Voucher.objects.get(pledge=erika[0])
    assert voucher.state == VoucherState.ACTIVE  # a bought voucher stays valid, as with account deletion
    assert UpdateSubscription.objects.get(pledge=erika[0]).unsubscribed_at is not None
    # nobody else's data changed
    max_pledge.refresh_from_db()
    assert max_pledge.email == "max@example.org" and max_pledge.name == "Max Muster"
    assert UpdateSubscription.objects.get(pledge=max_pledge).unsubscribed_at is None
    # the session is gone, and the link is dead
    assert client.get(DATA).status_code == 302
    replay = Client()
    assert replay.get(path)["Location"] == REQUEST
    assert replay.get(DATA).status_code == 302


def test_replayed_token_cannot_delete_twice(erika, django_capture_on_commit_callbacks, campaign):
    token = email_access.make_token("erika@example.org")
    assert email_access.delete_with_token(token) == 2
    # the same address pledges again: the old token must not reach the new pledge
    PledgeFactory(campaign=campaign, email="erika@example.org", name="Erika Neu", state=PledgeState.PAID)
    assert email_access.delete_with_token(token) is None
    assert Pledge.objects.filter(name="Erika Neu").exists()


def test_two_tabs_delete_once(erika, django_capture_on_commit_callbacks):
    client, path = open_link("erika@example.org", django_capture_on_commit_callbacks)
    second = Client()
    second.get(path)
    assert client.post(DELETE, {"confirm": "on"}).status_code == 302
    response = second.post(DELETE, {"confirm": "on"}, follow=True)
    assert "nicht mehr gültig" in response.content.decode() or "abgelaufen" in response.content.decode()


def test_delete_needs_csrf(erika, django_capture_on_commit_callbacks):
    _client, path = open_link("erika@example.org", django_capture_on_commit_callbacks)
    strict = Client(enforce_csrf_checks=True)
    strict.get(path)
    assert strict.post(DELETE, {"confirm": "on"}).status_code == 403
    assert Pledge.objects.filter(name="Erika Mustermann").exists()


def test_delete_with_a_token_for_another_address_leaves_this_one(erika, max_pledge):
    assert email_access.delete_with_token(email_access.make_token("max@example.org")) == 1
    assert Pledge.objects.filter(email__iexact="erika@example.org").count() == 2


def test_account_deletion_also_ends_update_subscriptions(max_pledge):
    from privacy.services import anonymise_pledges

    anonymise_pledges(Pledge.objects.filter(email__iexact="max@example.org"))
    assert UpdateSubscription.objects.get(pledge=max_pledge).unsubscribed_at is not None


def browser_post(client, page_response, url, data):
    """POST the way a browser does from `page_response`: its Referrer-Policy decides the Origin header it sends
    (`no-referrer` makes it "null", which Django's CSRF origin check refuses)."""
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_response.content.decode()).group(1)
    origin = "null" if page_response["Referrer-Policy"] == "no-referrer" else "http://testserver"
    return client.post(url, {**data, "csrfmiddlewaretoken": token}, HTTP_ORIGIN=origin)


def test_forms_work_with_a_real_browsers_origin_header(erika, django_capture_on_commit_callbacks, settings):
    client = Client(enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = browser_post(client, client.get(REQUEST), REQUEST, {"email": "erika@example.org"})
    assert response.status_code == 200 and len(mail.outbox) == 1
    client.get(link_from(mail.outbox[0]))
    assert browser_post(client, client.get(DATA), EXPORT, {}).status_code == 200
    response = browser_post(client, client.get(DELETE), DELETE, {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == REQUEST
    assert not Pledge.objects.filter(email__iexact="erika@example.org").exists()


def test_export_of_a_collective_pledge(db, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    from fundraising.collective.factories import CollectiveCampaignPageFactory

    today = timezone.localdate()
    end = today + datetime.timedelta(days=9)
    page = CollectiveCampaignPageFactory(title="Ganz Nord", start_date=today, end_date=end)
    Pledge.objects.create(target=page, amount_cents=1000, name="Jo", email="jo@example.org", state=PledgeState.PAID)
    data = email_access.export_for_email("JO@example.org")
    assert [(p["campaign"], p["business"], p["name"]) for p in data["pledges"]] == [("Ganz Nord", None, "Jo")]
