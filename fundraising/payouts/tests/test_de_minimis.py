"""State aid: the de-minimis record of the city's match money per business over three years, and the optional
declaration before match money is allocated."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from fundraising.payouts.de_minimis import aid_cents, window_start
from fundraising.payouts.matching import allocate, release
from fundraising.payouts.models import DeMinimisDeclaration, MatchAllocation
from fundraising.testing import owner_panels

from .conftest import paid_pledge
from .test_matching import make_fund

pytestmark = pytest.mark.django_db


def test_export_sums_the_last_three_years_per_business(client, editor, campaign_a, business_a):
    make_fund()
    allocate(paid_pledge(campaign_a, amount_cents=2500))
    old = allocate(paid_pledge(campaign_a, amount_cents=1000))
    MatchAllocation.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=4 * 365))
    refunded = paid_pledge(campaign_a, amount_cents=700)
    allocate(refunded)
    release(refunded)
    assert aid_cents(business_a.pk) == 2500
    client.force_login(editor)
    response = client.get(reverse("payouts_de_minimis_csv"))
    assert response.status_code == 200
    assert f"de-minimis-since-{window_start():%Y-%m-%d}.csv" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2
    assert lines[1].startswith(f"{business_a.pk};{business_a.title};") and ";25,00;1;" in lines[1]


def test_export_needs_the_permission(client, owner_a):
    client.force_login(owner_a)
    assert client.get(reverse("payouts_de_minimis_csv")).status_code in (302, 403)


def test_without_the_setting_match_money_needs_no_declaration(campaign_a):
    make_fund()
    assert allocate(paid_pledge(campaign_a)) is not None


def test_with_the_setting_no_match_before_the_declaration(settings, client, campaign_a, business_a, owner_a):
    settings.PAYOUTS_REQUIRE_DE_MINIMIS_DECLARATION = True
    make_fund()
    assert allocate(paid_pledge(campaign_a)) is None
    client.force_login(owner_a)
    url = reverse("payouts:de_minimis", args=[business_a.pk])
    assert client.post(url, {"other_aid": "0"}).status_code == 400  # not confirmed
    assert client.post(url, {"other_aid": "-5", "confirm": "yes"}).status_code == 400  # malformed amount
    assert not DeMinimisDeclaration.objects.exists()
    assert client.post(url, {"other_aid": "1200", "confirm": "yes"}).status_code == 302
    declaration = DeMinimisDeclaration.objects.get()
    assert declaration.other_aid_cents == 120000 and declaration.user == owner_a
    assert allocate(paid_pledge(campaign_a)) is not None


def test_an_old_declaration_no_longer_counts(settings, campaign_a, business_a, owner_a):
    settings.PAYOUTS_REQUIRE_DE_MINIMIS_DECLARATION = True
    make_fund()
    declaration = DeMinimisDeclaration.objects.create(business=business_a, user=owner_a, text_version="x")
    DeMinimisDeclaration.objects.filter(pk=declaration.pk).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert allocate(paid_pledge(campaign_a)) is None


def test_owner_cannot_declare_for_another_business(client, business_b, owner_a):
    client.force_login(owner_a)
    response = client.post(reverse("payouts:de_minimis", args=[business_b.pk]), {"other_aid": "0", "confirm": "yes"})
    assert response.status_code == 404
    assert not DeMinimisDeclaration.objects.exists()


def test_owner_dashboard_asks_for_the_declaration_only_when_required(settings, business_a, owner_a):
    assert "data-de-minimis-missing" not in owner_panels(owner_a, business_a)
    settings.PAYOUTS_REQUIRE_DE_MINIMIS_DECLARATION = True
    html = owner_panels(owner_a, business_a)
    assert "data-de-minimis-missing" in html and "De-minimis-Erklärung" in html
    DeMinimisDeclaration.objects.create(business=business_a, user=owner_a, text_version="x")
    assert "data-de-minimis-missing" not in owner_panels(owner_a, business_a)
