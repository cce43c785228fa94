"""allauth: enumeration, verification links, redirects, language, templates in the site design."""

import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC

from django.core import mail
from django.urls import reverse

from owners.testing import TEST_PASSWORD as PASSWORD
from owners.testing import make_verified_user

pytestmark = pytest.mark.django_db


def test_pages_render_in_site_design(client):
    for name in ("account_login", "account_signup", "account_reset_password"):
        response = client.get(reverse(name))
        html = response.content.decode()
        assert response.status_code == 200
        assert 'class="site-header' in html and 'class="form stack"' in html
        assert "<h1>" in html
    assert "Anmelden" in client.get(reverse("account_login")).content.decode()
    assert "Log in" in client.get("/en" + reverse("account_login")).content.decode()


def test_signup_does_not_reveal_existing_email(client):
    make_verified_user("anna@example.org")
    mail.outbox.clear()
    new = client.post(
        reverse("account_signup"), {"email": "neu@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    client.logout()
    existing = client.post(
        reverse("account_signup"), {"email": "anna@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert new.status_code == existing.status_code == 302
    assert new["Location"] == existing["Location"]
    # The existing owner is told by email instead.
    assert any(m.to == ["anna@example.org"] for m in mail.outbox)


def test_password_reset_does_not_reveal_email(client):
    make_verified_user("anna@example.org")
    known = client.post(reverse("account_reset_password"), {"email": "anna@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "niemand@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_login_errors_are_the_same(client):
    make_verified_user("anna@example.org")
    wrong_password = client.post(reverse("account_login"), {"login": "anna@example.org", "password": "falsch-falsch"})
    unknown = client.post(reverse("account_login"), {"login": "niemand@example.org", "password": "falsch-falsch"})
    assert wrong_password.status_code == unknown.status_code == 200
    assert wrong_password.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


def test_login_redirects_owner_to_dashboard_and_editor_to_admin(client, editor):
    make_verified_user("anna@example.org")
    response = client.post(reverse("account_login"), {"login": "anna@example.org", "password": PASSWORD})
    assert response["Location"] == reverse("owners:dashboard")
    client.logout()
    response = client.post(
        reverse("account_login") + "?next=/admin/", {"login": "anna@example.org", "password": PASSWORD}
    )
    assert response["Location"] == reverse("owners:dashboard")
    client.logout()
    response = client.post(
        reverse("account_login") + "?next=/admin/pages/", {"login": editor.email, "password": PASSWORD}
    )
    assert response["Location"] == "/admin/pages/"


def test_unverified_login_goes_to_verification(client):
    make_verified_user("neu@example.org", verified=False)
    response = client.post(reverse("account_login"), {"login": "neu@example.org", "password": PASSWORD})
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_admin_login_cannot_bypass_verification(client):
    make_verified_user("neu@example.org", verified=False)
    response = client.post("/admin/login/", {"username": "neu@example.org", "password": PASSWORD})
    assert response.status_code in (302, 405)
    assert "_auth_user_id" not in client.session


def test_verification_link_single_use_and_expiring(client, settings):
    client.post(reverse("account_signup"), {"email": "neu@example.org", "password1": PASSWORD, "password2": PASSWORD})
    body = mail.outbox[-1].body
    assert "Wir stehen hinter dir" in body or settings.PLATFORM_NAME in body
    path = re.search(r"/konto/confirm-email/\S+/", body).group(0)
    client.logout()
    assert client.post(path).status_code == 302
    assert EmailAddress.objects.get(email="neu@example.org").verified
    # Reuse: a clear message, nothing changes.
    client.logout()
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert "abgelaufen oder wurde bereits verwendet" in response.content.decode()

    # Expired link.
    user = make_verified_user("alt@example.org", verified=False)
    address = EmailAddress.objects.get(user=user)
    key = EmailConfirmationHMAC(address).key
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 0
    from allauth.account import app_settings

    assert app_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS == 0
    assert client.post(reverse("account_confirm_email", args=[key])).status_code == 404
    address.refresh_from_db()
    assert not address.verified
    response = client.get(reverse("account_confirm_email", args=[key]))
    assert "abgelaufen oder wurde bereits verwendet" in response.content.decode()


def test_signup_hostile_and_malformed(client):
    response = client.post(reverse("account_signup"), {"email": "<script>@x", "password1": "123", "password2": "456"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>@x" not in html
    assert response.context["form"].errors


def test_signup_remembers_language(client):
    from owners.models import OwnerProfile

    client.post(
        "/en" + reverse("account_signup"), {"email": "en@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert OwnerProfile.objects.get(user__email="en@example.org").language == "en"
    assert "Please confirm" in mail.outbox[-1].subject or "confirm" in mail.outbox[-1].body.lower()


def test_email_change_page(client):
    user = make_verified_user("anna@example.org")
    client.force_login(user)
    response = client.get(reverse("account_email"))
    assert response.status_code == 200 and "anna@example.org" in response.content.decode()
    client.post(reverse("account_email"), {"email": "anna.neu@example.org", "action_add": "1"})
    assert EmailAddress.objects.filter(email="anna.neu@example.org", verified=False).exists()
    assert EmailAddress.objects.get(email="anna@example.org").verified


def test_failed_logins_are_rate_limited(client):
    make_verified_user("anna@example.org")
    for i in range(6):
        client.post(reverse("account_login"), {"login": "anna@example.org", "password": f"falsch-{i}"})
    # Even the right password is refused while the limit for this account holds.
    response = client.post(reverse("account_login"), {"login": "anna@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    assert "Zu viele" in response.content.decode()


def test_dashboard_in_english(client):
    client.force_login(make_verified_user("anna@example.org"))
    html = client.get("/en/mein-unternehmen/").content.decode()
    assert "My business" in html and "Register your business" in html and 'lang="en"' in html
