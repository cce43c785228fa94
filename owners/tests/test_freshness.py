"""Fresh information: reminders, one-click confirmation, the dashboard button, stale marks and the editors' list."""

import datetime as dt

import pytest

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from directory import freshness as directory_freshness
from directory.factories import BusinessPageFactory, CategoryFactory, DirectoryIndexPageFactory, DistrictFactory
from directory.models import BusinessOwner, DirectorySettings, Freshness
from owners import freshness
from owners.groups import grant_ownership
from owners.testing import make_editor, make_verified_user


@pytest.fixture
def owned(db):
    DirectoryIndexPageFactory()
    business = BusinessPageFactory(title="Café Alt", district=DistrictFactory(), categories=[CategoryFactory()])
    owner = make_verified_user("owner@example.org")
    grant_ownership(business, owner)
    return business, owner


def age(business, days):
    Freshness.objects.update_or_create(
        business=business, defaults={"confirmed_at": timezone.now() - dt.timedelta(days=days)}
    )


def test_due_owner_is_reminded_once_with_a_working_one_click_link(client, owned, django_capture_on_commit_callbacks):
    business, owner = owned
    age(business, 20)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_owners", stdout=None)
        call_command("remind_owners", stdout=None)  # a second run the same day sends nothing
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["owner@example.org"] and "Café Alt" in message.subject
    link = next(line for line in message.body.splitlines() if "/eintrag-bestaetigen/" in line).strip()
    path = link.replace("http://testserver", "")
    assert client.get(path).status_code == 200
    assert Freshness.objects.get(business=business).confirmed_at < timezone.now() - dt.timedelta(days=19)
    response = client.post(path)
    assert response.status_code == 200 and "als aktuell markiert" in response.content.decode()
    record = Freshness.objects.get(business=business)
    assert record.confirmed_at > timezone.now() - dt.timedelta(minutes=1) and record.confirmed_by == owner


def test_recently_confirmed_or_unowned_businesses_are_not_reminded(owned, django_capture_on_commit_callbacks):
    business, _owner = owned
    age(business, 2)
    BusinessPageFactory(title="Ohne Besitzer", district=DistrictFactory(), categories=[CategoryFactory()])
    with django_capture_on_commit_callbacks(execute=True):
        assert freshness.send_reminders() == 0
    assert mail.outbox == []


def test_interval_zero_switches_reminders_off(owned):
    business, _owner = owned
    age(business, 100)
    settings = directory_freshness.settings_for()
    settings.reminder_interval_days = 0
    settings.save()
    assert freshness.send_reminders() == 0


@pytest.mark.parametrize("token", ["", "x" * 300, "forged:token", None])
def test_forged_or_malformed_tokens_are_refused(client, owned, token):
    business, owner = owned
    age(business, 20)
    bad = token if token is not None else freshness.confirm_token(business.pk, owner.pk + 999)
    if not bad:
        return
    response = client.post(reverse("owners:confirm_listing", args=[bad]))
    assert response.status_code == 400
    assert Freshness.objects.get(business=business).confirmed_at < timezone.now() - dt.timedelta(days=19)


def test_former_owner_token_no_longer_works(client, owned):
    business, owner = owned
    token = freshness.confirm_token(business.pk, owner.pk)
    BusinessOwner.objects.filter(business=business).delete()
    assert client.post(reverse("owners:confirm_listing", args=[token])).status_code == 400


def test_expired_token_is_refused(client, owned, monkeypatch):
    business, owner = owned
    token = freshness.confirm_token(business.pk, owner.pk)
    later = timezone.now().timestamp() + 60 * 86400
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert client.post(reverse("owners:confirm_listing", args=[token])).status_code == 400


def test_dashboard_button_and_quick_update_confirm(client, owned):
    business, owner = owned
    age(business, 40)
    client.force_login(owner)
    page = client.get(reverse("owners:business", args=[business.pk])).content.decode()
    assert "Stimmt noch alles?" in page
    client.post(reverse("owners:confirm", args=[business.pk]))
    assert Freshness.objects.get(business=business).confirmed_at > timezone.now() - dt.timedelta(minutes=1)
    other = make_verified_user("other@example.org")
    client.force_login(other)
    assert client.post(reverse("owners:confirm", args=[business.pk])).status_code == 404


def test_stale_listing_is_marked_on_its_page_and_listed_for_editors(client, owned):
    business, _owner = owned
    age(business, 45)
    content = client.get(business.url).content.decode()
    assert "Möglicherweise veraltet" in content
    age(business, 1)
    content = client.get(business.url).content.decode()
    assert "Zuletzt vom Unternehmen bestätigt" in content and "Möglicherweise veraltet" not in content
    age(business, 45)
    editor = make_editor()
    client.force_login(editor)
    listing = client.get(reverse("directory_stale_listings")).content.decode()
    assert "Café Alt" in listing
    assert "Veraltete Einträge" in client.get(reverse("wagtailadmin_home")).content.decode()
    client.post(reverse("directory_stale_listings"), {"business": [str(business.pk)]})
    assert "Café Alt" not in client.get(reverse("directory_stale_listings")).content.decode()


def test_stale_days_setting(owned):
    business, _owner = owned
    age(business, 10)
    assert not directory_freshness.stale_businesses().filter(pk=business.pk).exists()
    assert directory_freshness.stale_businesses(days=5).filter(pk=business.pk).exists()
    assert DirectorySettings.objects.count() <= 1
