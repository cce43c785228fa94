"""German is formal (Sie) everywhere, allauth's pages, messages and emails included; people are never addressed by
a generated user name (issue 18)."""

import re

import pytest

from django.contrib.messages import get_messages
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from owners.adapter import user_display
from owners.testing import TEST_PASSWORD, make_verified_user

pytestmark = pytest.mark.django_db

INFORMAL = re.compile(r"\b(du|Du|dein|Dein|deine|Deine|deinen|deinem|deiner|dich|Dich|bestätige|gib)\b")


def test_a_person_is_named_by_name_or_email_never_by_the_generated_user_name():
    plain = make_verified_user("inhaberin@example.org", username="owner1796521877")
    named = make_verified_user("ali@example.org", username="owner42", first_name="Ali", last_name="Kaya")
    assert user_display(plain) == "inhaberin@example.org"
    assert user_display(named) == "Ali Kaya"


def test_login_message_is_formal_and_names_the_email_not_the_user_name(client):
    make_verified_user("inhaberin@example.org", username="owner1796521877")
    response = client.post("/konto/login/", {"login": "inhaberin@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts, "allauth sends a message after the log-in"
    joined = " ".join(texts)
    assert "owner1796521877" not in joined
    assert "Erfolgreich als" not in joined
    assert "inhaberin@example.org" in joined
    assert not INFORMAL.search(joined), joined


@pytest.mark.parametrize(
    "msgid",
    [
        "You have confirmed %(email)s.",
        "Please Confirm Your Email Address",
        "Verify Your Email Address",
        "You have signed out.",
        "Are you sure you want to sign out?",
        "Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset "
        "it.",
        'This email confirmation link expired or is invalid. Please <a href="%(email_url)s">issue a new email '
        "confirmation request</a>.",
        "Successfully signed in as %(name)s.",
        "Your password has been changed.",
    ],
)
def test_allauths_informal_german_is_overridden_by_our_catalogue(msgid):
    with translation.override("de"):
        text = gettext(msgid)
    assert text != msgid, "no German translation"
    assert not INFORMAL.search(text), text
    assert re.search(r"\b(Sie|Ihr|Ihre|Ihnen)\b", text) or msgid.startswith("Successfully"), text


def test_signup_confirmation_email_is_formal(client):
    client.post(
        "/konto/signup/",
        {"email": "neu@example.org", "password1": "ein-langes-Passwort-42", "password2": "ein-langes-Passwort-42"},
    )
    assert mail.outbox, "a confirmation email is sent"
    message = mail.outbox[-1]
    assert not INFORMAL.search(message.subject + message.body), message.subject + message.body
    assert "Sie" in message.body


def test_confirmation_page_after_signup_is_formal(client):
    html = client.get("/konto/confirm-email/").content.decode()
    assert not INFORMAL.search(re.sub(r"<[^>]+>", " ", html).replace("hinter dir", ""))
