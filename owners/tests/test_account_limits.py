"""Account pages use the platform's one rate limiter and client address; sign-up does the same work for known and
new addresses."""

import pytest
from allauth.account import urls as allauth_urls
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str

from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import resolve, reverse

from owners import account_limits, adapter
from owners.testing import TEST_PASSWORD as PASSWORD
from owners.testing import make_editor, make_verified_user

pytestmark = pytest.mark.django_db

# allauth pages that take no POST from a visitor (or only one protected by a signed key): nothing to limit.
NOT_LIMITED = {
    "account_logout",
    "account_inactive",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_confirm_login_code",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
}
PROXY = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture(autouse=True)
def _one_window(monkeypatch):
    """Every attempt of a test falls into one rate-limit window, however slow the machine."""
    from commons import ratelimit

    monkeypatch.setattr(ratelimit, "now", lambda: 1_000_040.0)


def via_proxy(client_address):
    return {**PROXY, "HTTP_X_FORWARDED_FOR": client_address}


def login(client, email, password, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def test_every_allauth_page_that_takes_a_post_is_rate_limited():
    """allauth's own limiter is off; an allauth upgrade that adds a page makes this test name it."""
    names = {pattern.name for pattern in allauth_urls.urlpatterns if getattr(pattern, "name", None)}
    for name in sorted(names - NOT_LIMITED):
        kwargs = {"uidb36": "1", "key": "x-y"} if name == "account_reset_password_from_key" else {}
        view = resolve(reverse(name, kwargs=kwargs)).func
        assert getattr(view, "rate_limits", None), f"{name} has no rate limit"


def test_allauths_own_limiter_is_off(settings):
    from allauth.account import app_settings

    assert settings.ACCOUNT_RATE_LIMITS is False and app_settings.RATE_LIMITS == {}


def test_failed_logins_of_one_client_behind_the_proxy_do_not_lock_out_the_others(client, settings):
    """The issue's attack: 11 failed log-ins on random accounts locked every editor out behind nginx."""
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    make_editor("redaktion@example.org")
    for n in range(11):
        login(client, f"random{n}@example.org", "falsch-falsch", **via_proxy("203.0.113.66"))
    refused = login(client, "redaktion@example.org", PASSWORD, **via_proxy("203.0.113.66"))
    assert "_auth_user_id" not in client.session and "Zu viele" in refused.content.decode()
    # The editor, another client behind the same proxy, logs in.
    login(client, "redaktion@example.org", PASSWORD, **via_proxy("198.51.100.20"))
    assert client.session.get("_auth_user_id")


def test_the_attacker_cannot_escape_by_spoofing_the_header(client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    make_verified_user("anna@example.org")
    for n in range(11):  # a fresh spoofed address each time, passed through nginx
        login(client, f"random{n}@example.org", "falsch", **via_proxy(f"10.0.0.{n}, 203.0.113.66"))
    assert "Zu viele" in login(client, "anna@example.org", PASSWORD, **via_proxy("203.0.113.66")).content.decode()
    # Directly, not through the proxy: the header counts for nothing.
    for n in range(11):
        login(client, f"random{n}@example.org", "falsch", REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}")
    response = login(client, "anna@example.org", PASSWORD, REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="5.5.5.5")
    assert "Zu viele" in response.content.decode()


def test_failed_logins_per_account_from_many_addresses(client):
    make_verified_user("anna@example.org")
    for n in range(5):
        login(client, "anna@example.org", f"falsch-{n}", REMOTE_ADDR=f"198.51.100.{n + 1}")
    response = login(client, "ANNA@example.org", PASSWORD, REMOTE_ADDR="198.51.100.99")
    assert "_auth_user_id" not in client.session and "Zu viele" in response.content.decode()


def test_a_right_password_takes_its_attempt_back(client):
    make_verified_user("anna@example.org")
    for n in range(4):
        login(client, "anna@example.org", f"falsch-{n}")
    login(client, "anna@example.org", PASSWORD)
    assert client.session.get("_auth_user_id")
    client.logout()
    fifth_failure = login(client, "anna@example.org", "falsch-5")
    assert "Zu viele" not in fifth_failure.content.decode()  # the success did not count as a failure
    assert "Zu viele" in login(client, "anna@example.org", PASSWORD).content.decode()


def test_a_password_reset_forgets_the_failed_logins(client):
    user = make_verified_user("anna@example.org")
    for n in range(6):
        login(client, "anna@example.org", f"falsch-{n}", REMOTE_ADDR=f"198.51.100.{n + 1}")
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    url = reverse(
        "account_reset_password_from_key", kwargs={"uidb36": key.split("-", 1)[0], "key": key.split("-", 1)[1]}
    )
    page = client.get(url, follow=True)
    new_password = "ein-ganz-neues-Passwort-77"
    client.post(page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password})
    client.logout()
    login(client, "anna@example.org", new_password, REMOTE_ADDR="198.51.100.50")
    assert client.session.get("_auth_user_id")


def test_logins_per_address(client, settings):
    settings.RATE_LIMITS = {"login:address": "3/m"}
    codes = [login(client, "x@example.org", "y").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert login(client, "x@example.org", "y", REMOTE_ADDR="198.51.100.1").status_code == 200


def test_signups_per_address(client, settings):
    settings.RATE_LIMITS = {"signup:address": "2/m"}
    data = {"password1": PASSWORD, "password2": PASSWORD}
    codes = [
        client.post(reverse("account_signup"), {**data, "email": f"n{n}@example.org"}).status_code for n in range(3)
    ]
    assert codes == [302, 302, 429]


def test_account_changes_per_user(client, settings):
    settings.RATE_LIMITS = {"account-change:user": "2/m"}
    client.force_login(make_verified_user("anna@example.org"))
    data = {"oldpassword": "falsch", "password1": "x", "password2": "x"}
    codes = [client.post(reverse("account_change_password"), data).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_mails_to_one_address_are_limited_silently(client):
    make_verified_user("anna@example.org")
    mail.outbox.clear()
    answers = []
    for n in range(5):
        response = client.post(
            reverse("account_reset_password"), {"email": "anna@example.org"}, REMOTE_ADDR=f"10.0.0.{n}"
        )
        answers.append((response.status_code, response["Location"]))
    assert len(set(answers)) == 1  # the same answer every time
    assert len(mail.outbox) == 3  # account_limits.ACCOUNT_MAILS_PER_RECIPIENT
    # Unknown addresses get the same treatment (and the same answer).
    for n in range(5):
        client.post(reverse("account_reset_password"), {"email": "niemand@example.org"}, REMOTE_ADDR=f"10.0.1.{n}")
    assert len([m for m in mail.outbox if m.to == ["niemand@example.org"]]) == 3


def test_limits_are_declared_with_the_one_limiter():
    from commons.ratelimit import REGISTRY

    for name in dir(account_limits):
        value = getattr(account_limits, name)
        if name.isupper() and hasattr(value, "scope"):
            assert REGISTRY[value.scope] is value


# Sign-up: the same work for a known and a new address ------------------------------------------------------


class Work:
    """What a sign-up did: passwords hashed, mails sent during the request, mails handed to the background task."""

    def __init__(self, monkeypatch):
        self.hashed, self.queued = 0, []
        original = MD5PasswordHasher.encode

        def encode(hasher, password, salt):
            self.hashed += 1
            return original(hasher, password, salt)

        monkeypatch.setattr(MD5PasswordHasher, "encode", encode)
        monkeypatch.setattr(adapter, "send_rendered_email", type("Task", (), {"enqueue": self._enqueue}))

    def _enqueue(self, subject, body, html, from_email, to):
        self.queued.append(to)

    def signup(self, client, email):
        mail.outbox.clear()
        self.hashed, self.queued = 0, []
        response = client.post(
            reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
        )
        client.logout()
        return {
            "answer": (response.status_code, response["Location"]),
            "hashed": self.hashed,
            "sent_during_request": len(mail.outbox),
            "queued_for": self.queued,
        }


def test_signup_does_the_same_work_for_known_and_new_addresses(client, monkeypatch):
    make_verified_user("anna@example.org")
    work = Work(monkeypatch)
    new = work.signup(client, "neu@example.org")
    known = work.signup(client, "anna@example.org")
    known_other_case = work.signup(client, "Anna@Example.org")
    assert new["hashed"] == known["hashed"] == known_other_case["hashed"] == 1  # the same password hashing
    assert new["sent_during_request"] == known["sent_during_request"] == 0  # nobody waits for a mail server
    assert new["queued_for"] == [["neu@example.org"]] and known["queued_for"] == [["anna@example.org"]]
    assert new["answer"] == known["answer"] == known_other_case["answer"]


def test_adapter_answers_allauth_with_our_client_address(rf, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    assert adapter.AccountAdapter(request).get_client_ip(request) == "203.0.113.5"
