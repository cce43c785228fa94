import re
from datetime import timedelta

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from owners.models import Invitation
from owners.testing import make_verified_user

pytestmark = pytest.mark.django_db


def invite(client, business, email):
    mail.outbox.clear()
    response = client.post(reverse("owners:invite", args=[business.pk]), {"email": email})
    assert response.status_code == 302
    if not mail.outbox:
        return None
    return re.search(r"/mein-unternehmen/einladung/[^/\s]+/", mail.outbox[-1].body).group(0)


def test_invitation_single_use(client, owner_a, business_a):
    client.force_login(owner_a)
    path = invite(client, business_a, "Carla@Example.org")
    assert path and mail.outbox[-1].to == ["carla@example.org"]
    invitation = Invitation.objects.get()
    assert path.split("/")[-2] not in invitation.token_hash  # only the hash is stored

    carla = make_verified_user("carla@example.org")
    client.force_login(carla)
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert business_a.ownerships.filter(user=carla).exists()
    assert business_a.permissions_for_user(carla).can_edit()

    # Second use: clear message, no second grant.
    dora = make_verified_user("dora@example.org")
    client.force_login(dora)
    response = client.post(path)
    assert response.status_code == 410
    assert "bereits verwendet" in response.content.decode()
    assert not business_a.ownerships.filter(user=dora).exists()


def test_invitation_requires_matching_verified_email(client, owner_a, owner_b, business_a):
    client.force_login(owner_a)
    path = invite(client, business_a, "carla@example.org")
    client.force_login(owner_b)
    response = client.post(path)
    assert response.status_code == 410
    assert not business_a.ownerships.filter(user=owner_b).exists()
    unverified = make_verified_user("carla@example.org", verified=False)
    client.force_login(unverified)
    assert client.post(path).status_code == 403
    assert Invitation.objects.get().accepted_at is None


def test_invitation_expired(client, owner_a, business_a):
    client.force_login(owner_a)
    path = invite(client, business_a, "carla@example.org")
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(make_verified_user("carla@example.org"))
    response = client.post(path)
    assert response.status_code == 410 and "abgelaufen" in response.content.decode()


def test_invalid_token(client, owner_a):
    client.force_login(owner_a)
    response = client.get(reverse("owners:accept_invitation", args=["nonsense-token"]))
    assert response.status_code == 404 and "ungültig" in response.content.decode()


def test_duplicate_and_malformed_invitations(client, owner_a, business_a):
    client.force_login(owner_a)
    assert invite(client, business_a, "carla@example.org")
    assert invite(client, business_a, "carla@example.org") is None  # still open: no second mail
    assert invite(client, business_a, "anna@example.org") is None  # already an owner
    assert invite(client, business_a, "<script>@x") is None
    assert invite(client, business_a, "a" * 300 + "@example.org") is None
    assert Invitation.objects.count() == 1


def test_leave_business(client, owner_a, business_a):
    client.force_login(owner_a)
    response = client.post(reverse("owners:leave", args=[business_a.pk]))
    assert response.status_code == 302
    assert business_a.ownerships.filter(user=owner_a).exists()  # last owner stays
    carla = make_verified_user("carla@example.org")
    from owners.groups import grant_ownership

    grant_ownership(business_a, carla)
    response = client.post(reverse("owners:leave", args=[business_a.pk]))
    assert response.status_code == 302
    assert not business_a.ownerships.filter(user=owner_a).exists()
    assert not business_a.permissions_for_user(owner_a).can_edit()
    assert client.get(reverse("owners:business", args=[business_a.pk])).status_code == 404


def test_invitation_rate_limit(client, owner_a, business_a):
    client.force_login(owner_a)
    for number in range(10):
        assert invite(client, business_a, f"person{number}@example.org")
    assert invite(client, business_a, "eins-zu-viel@example.org") is None
    assert Invitation.objects.count() == 10
