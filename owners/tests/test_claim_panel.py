"""The claim link appears on public business pages without owners, through the directory's panel hook."""

import pytest

from django.urls import reverse

from directory.factories import BusinessPageFactory
from owners.groups import grant_ownership

pytestmark = pytest.mark.django_db


def test_business_without_owner_shows_claim_link(client):
    business = BusinessPageFactory()
    html = client.get(business.url).content.decode()
    assert reverse("owners:claim", args=[business.pk]) in html


def test_business_with_owner_shows_no_claim_link(client, django_user_model):
    business = BusinessPageFactory()
    grant_ownership(business, django_user_model.objects.create_user("o", "o@example.org", "x" * 12))
    html = client.get(business.url).content.decode()
    assert reverse("owners:claim", args=[business.pk]) not in html


def test_footer_links_to_suggest_register_and_dashboard(client):
    html = client.get("/").content.decode()
    for name in ("owners:suggest", "owners:register", "owners:dashboard"):
        assert reverse(name) in html
