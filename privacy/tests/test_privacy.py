"""My data: JSON export and account deletion for owners and supporters."""

import json

import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from wagtail.models import Page

from directory.factories import BusinessPageFactory
from directory.models import BusinessOwner
from fundraising.factories import CampaignPageFactory, PledgeFactory, RewardFactory
from fundraising.models import Pledge, PledgeState, Voucher
from fundraising.vouchers import issue_vouchers
from owners.groups import grant_ownership, owner_group
from owners.models import Claim, OwnerProfile
from owners.testing import TEST_PASSWORD, make_verified_user
from privacy.services import ANONYMISED_EMAIL, ANONYMISED_NAME

PASSWORD = TEST_PASSWORD
OVERVIEW = reverse("privacy:overview")
EXPORT = reverse("privacy:export")
DELETE = reverse("privacy:delete")


def login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def supporter(db):
    return make_verified_user("erika@example.org")


@pytest.fixture
def campaign(db):
    return CampaignPageFactory(title="Neue Kaffeemaschine")


@pytest.fixture
def paid_pledge(campaign, supporter):
    reward = RewardFactory(page=campaign)
    pledge = PledgeFactory(
        campaign=campaign,
        reward=reward,
        email="Erika@Example.org",  # case differs from the account: still hers
        name="Erika Mustermann",
        display_name="Erika M.",
        message="Haltet durch!",
        message_approved=True,
        amount_cents=2500,
        state=PledgeState.PAID,
    )
    issue_vouchers(pledge)
    return pledge


@pytest.fixture
def other_pledge(campaign):
    return PledgeFactory(campaign=campaign, email="someone-else@example.org", name="Max Muster", state=PledgeState.PAID)


# --- access -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url,method", [(EXPORT, "post"), (DELETE, "post")])
def test_anonymous_visitors_are_sent_to_login(client, url, method):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_anonymous_overview_offers_sign_in_and_the_email_link(client):
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("account_login") in html
    assert f'action="{reverse("privacy:email_request")}"' in html
    assert 'autocomplete="email"' in html


def test_export_refuses_get(supporter):
    response = login(supporter).get(EXPORT)
    assert response.status_code == 405


def test_overview_shows_counts_and_forms(supporter, paid_pledge, other_pledge):
    response = login(supporter).get(OVERVIEW)
    assert response.status_code == 200
    html = response.content.decode()
    assert "erika@example.org" in html
    assert "Wir haben 1 Unterstützung mit Ihrer E-Mail-Adresse gefunden." in html
    assert f'action="{EXPORT}"' in html
    assert f'action="{DELETE}"' in html
    assert 'autocomplete="current-password"' in html
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]


# --- export ------------------------------------------------------------------------------------------------------


def test_export_contains_own_pledges_and_vouchers_only(supporter, paid_pledge, other_pledge):
    response = login(supporter).post(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="meine-daten-')
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "erika@example.org"
    assert data["account"]["email_addresses"] == [{"email": "erika@example.org", "verified": True, "primary": True}]
    assert len(data["pledges"]) == 1
    pledge = data["pledges"][0]
    assert pledge["amount_cents"] == 2500
    assert pledge["campaign"] == "Neue Kaffeemaschine"
    assert pledge["message"] == "Haltet durch!"
    voucher = Voucher.objects.get(pledge=paid_pledge)
    assert pledge["vouchers"][0]["code"] == voucher.display_code
    assert "Max Muster" not in response.content.decode()
    assert "someone-else@example.org" not in response.content.decode()


def test_unverified_address_does_not_unlock_someone_elses_pledges(db, other_pledge):
    """Anyone could add an address they do not own; only verified ones count."""
    intruder = make_verified_user("intruder@example.org")
    EmailAddress.objects.create(user=intruder, email="someone-else@example.org", verified=False, primary=False)
    data = json.loads(login(intruder).post(EXPORT).content)
    assert data["pledges"] == []


def test_export_for_owner_lists_businesses_and_claims(db):
    owner = make_verified_user("anna@example.org")
    business = BusinessPageFactory(title="Café Anna")
    grant_ownership(business, owner)
    other = BusinessPageFactory(title="Bäckerei Nord")
    Claim.objects.create(business=other, user=owner, role="Inhaberin", message="<script>alert(1)</script>")
    OwnerProfile.objects.create(user=owner, language="en")
    data = json.loads(login(owner).post(EXPORT).content)
    assert [b["title"] for b in data["businesses_owned"]] == ["Café Anna"]
    assert data["claims"][0]["business"]["title"] == "Bäckerei Nord"
    assert data["claims"][0]["message"] == "<script>alert(1)</script>"  # data, served as JSON attachment, never HTML
    assert data["account"]["language"] == "en"


def test_repeated_exports_are_identical_apart_from_the_time(supporter, paid_pledge):
    client = login(supporter)
    first = json.loads(client.post(EXPORT).content)
    second = json.loads(client.post(EXPORT).content)
    first.pop("exported_at"), second.pop("exported_at")
    assert first == second


def test_export_needs_csrf_token(supporter):
    client = Client(enforce_csrf_checks=True)
    client.force_login(supporter)
    assert client.post(EXPORT).status_code == 403


# --- deletion ----------------------------------------------------------------------------------------------------


def test_supporter_deletes_account_pledges_stay_anonymised(supporter, paid_pledge, other_pledge):
    client = login(supporter)
    response = client.post(DELETE, {"password": PASSWORD, "confirm": "on"}, follow=True)
    assert response.status_code == 200
    assert "Ihr Konto wurde gelöscht." in response.content.decode()
    assert not get_user_model().objects.filter(email="erika@example.org").exists()
    assert not EmailAddress.objects.filter(email__iexact="erika@example.org").exists()
    assert "_auth_user_id" not in client.session

    paid_pledge.refresh_from_db()
    assert paid_pledge.name == ANONYMISED_NAME
    assert paid_pledge.email == ANONYMISED_EMAIL
    assert paid_pledge.display_name == ""
    assert paid_pledge.message == ""
    assert paid_pledge.anonymous is True
    assert paid_pledge.message_approved is False
    # Bookkeeping stays: amount, state, the voucher and its value.
    assert paid_pledge.amount_cents == 2500
    assert paid_pledge.state == PledgeState.PAID
    assert Voucher.objects.filter(pledge=paid_pledge, state="active").count() == 1
    # Other people's pledges are untouched.
    other_pledge.refresh_from_db()
    assert other_pledge.name == "Max Muster"
    assert other_pledge.email == "someone-else@example.org"
    assert not Pledge.objects.filter(email__iexact="erika@example.org").exists()


def test_owner_deletes_account_business_stays_group_emptied(db):
    owner = make_verified_user("anna@example.org")
    co_owner = make_verified_user("bert@example.org")
    business = BusinessPageFactory(title="Café Anna")
    grant_ownership(business, owner)
    grant_ownership(business, co_owner)
    business.save_revision(user=owner)
    Claim.objects.create(business=BusinessPageFactory(), user=owner, role="Inhaberin")

    response = login(owner).post(DELETE, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=owner.pk).exists()
    assert Page.objects.filter(pk=business.pk, live=True).exists()
    assert list(BusinessOwner.objects.filter(business=business).values_list("user__email", flat=True)) == [
        "bert@example.org"
    ]
    assert list(owner_group(business).user_set.values_list("email", flat=True)) == ["bert@example.org"]
    assert not Claim.objects.filter(user_id=owner.pk).exists()
    assert business.revisions.filter(user__isnull=True).exists()


@pytest.mark.parametrize(
    "data,error",
    [
        ({"password": "wrong", "confirm": "on"}, "Das Passwort ist nicht richtig."),
        ({"password": PASSWORD}, "Dieses Feld muss ausgefüllt werden."),
        ({"confirm": "on"}, "Dieses Feld muss ausgefüllt werden."),
        ({}, "Dieses Feld muss ausgefüllt werden."),
        ({"password": "x" * 5000, "confirm": "on"}, "höchstens 4096 Zeichen"),
        ({"password": "' OR 1=1 --", "confirm": "on"}, "Das Passwort ist nicht richtig."),
    ],
)
def test_invalid_deletion_keeps_account_and_shows_linked_error(supporter, paid_pledge, data, error):
    response = login(supporter).post(DELETE, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert 'role="alert"' in html
    assert 'aria-invalid="true"' in html
    assert get_user_model().objects.filter(pk=supporter.pk).exists()
    paid_pledge.refresh_from_db()
    assert paid_pledge.name == "Erika Mustermann"


def test_hostile_input_is_escaped_on_the_error_page(supporter):
    response = login(supporter).post(DELETE, {"password": "<script>alert(1)</script>", "confirm": "<b>x</b>"})
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_wrong_passwords_are_rate_limited(supporter):
    client = login(supporter)
    for _ in range(5):
        assert client.post(DELETE, {"password": "wrong", "confirm": "on"}).status_code == 400
    # Even the right password is refused now: someone is guessing with a stolen session.
    response = client.post(DELETE, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert get_user_model().objects.filter(pk=supporter.pk).exists()


def test_deletion_needs_csrf_token(supporter):
    client = Client(enforce_csrf_checks=True)
    client.force_login(supporter)
    assert client.post(DELETE, {"password": PASSWORD, "confirm": "on"}).status_code == 403
    assert get_user_model().objects.filter(pk=supporter.pk).exists()


def test_get_on_delete_changes_nothing(supporter):
    response = login(supporter).get(DELETE)
    assert response.status_code == 302
    assert get_user_model().objects.filter(pk=supporter.pk).exists()


def test_repeated_deletion_request_after_success_is_harmless(supporter, paid_pledge):
    client = login(supporter)
    client.post(DELETE, {"password": PASSWORD, "confirm": "on"})
    response = client.post(DELETE, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert Pledge.objects.filter(pk=paid_pledge.pk).exists()


@pytest.mark.django_db
def test_users_with_admin_access_through_a_group_cannot_delete_themselves_here():
    from django.contrib.auth.models import Permission

    group = Group.objects.create(name="Redaktion-Test")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    editor = make_verified_user("lektorin@example.org")
    editor.groups.add(group)
    response = login(editor).post(DELETE, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert get_user_model().objects.filter(pk=editor.pk).exists()


@pytest.mark.django_db
def test_editors_and_admins_cannot_delete_themselves_here():
    editor = make_verified_user("redaktion@example.org", is_staff=True)
    editor.groups.add(Group.objects.get_or_create(name="Redaktion")[0])
    client = login(editor)
    assert "von einer Administratorin oder einem Administrator gelöscht" in client.get(OVERVIEW).content.decode()
    response = client.post(DELETE, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert get_user_model().objects.filter(pk=editor.pk).exists()


def test_english_page(supporter):
    response = login(supporter).get("/en" + OVERVIEW)
    assert response.status_code == 200
    assert "<h1>My data</h1>" in response.content.decode()


def test_dashboard_menu_links_to_my_data(db):
    from django.test import RequestFactory

    from wagtail import hooks

    from privacy.wagtail_hooks import privacy_menu_item

    assert privacy_menu_item in hooks.get_hooks("owner_dashboard_menu_items")
    from django.utils import translation

    with translation.override("de"):
        assert privacy_menu_item(RequestFactory().get("/")) == [("Meine Daten", reverse("privacy:overview"))]


def test_export_has_update_subscriptions_and_proposals(supporter, paid_pledge):
    from fundraising.collective.models import CampaignProposal
    from fundraising.outreach.models import UpdateSubscription

    UpdateSubscription.objects.create(pledge=paid_pledge)
    business = BusinessPageFactory(title="Bäckerei Süd")
    CampaignProposal.objects.create(
        business=business, initiator=supporter, title="Neuer Ofen", story="Bitte!", goal_cents=500000, duration_days=30
    )
    data = json.loads(login(supporter).post(EXPORT).content)
    assert data["format_version"] == 4  # 4: gifts (sent with a pledge, and received)
    assert data["pledges"][0]["campaign_updates"]["unsubscribed_at"] is None
    (proposal,) = data["campaign_proposals"]
    assert proposal["title"] == "Neuer Ofen" and proposal["business"]["title"] == "Bäckerei Süd"
    assert proposal["state"] == "pending"


def test_account_deletion_ends_update_subscriptions(supporter, paid_pledge):
    from fundraising.outreach.models import UpdateSubscription

    UpdateSubscription.objects.create(pledge=paid_pledge)
    login(supporter).post(DELETE, {"password": PASSWORD, "confirm": "on"})
    assert UpdateSubscription.objects.get(pledge=paid_pledge).unsubscribed_at is not None
