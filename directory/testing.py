"""Test helpers for the tests of the directory, its plugins and the host (a plain module, not a conftest, so that
any app's tests can import it; the application never imports it).

Use: `from directory.testing import TEST_PASSWORD, make_editor, make_verified_user`.

Where django-allauth is installed (the demo city), the user's address is recorded as allauth's verified primary
address, which is what the host's owner check (hook `directory_owner_is_verified`) asks for.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.shortcuts import resolve_url

from wagtail.models import GroupPagePermission, Page

from commons.migration_helpers import editor_groups

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
TEST_PASSWORD = "ein-sehr-sicheres-Passwort-42"  # noqa: S105 (test databases only)


def make_verified_user(email, password=TEST_PASSWORD, verified=True, username=None, **extra):
    """A user with `email` as their primary address, verified unless `verified=False` (unverified users get no owner
    rights). The username defaults to the address's local part; `extra` goes to `create_user`."""
    user = get_user_model().objects.create_user(
        username=username or email.split("@")[0], email=email, password=password, **extra
    )
    if apps.is_installed("allauth.account"):
        EmailAddress = apps.get_model("account", "EmailAddress")
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def make_editor(email="redaktion@example.org", **extra):
    """A verified user in the first editor group (setting EDITOR_GROUPS, default "Redaktion"), which may use the
    Wagtail admin and add, edit and publish every page (the demo city's owners migration gives it that; a bare site's
    group gets it here)."""
    user = make_verified_user(email, **extra)
    group, _ = Group.objects.get_or_create(name=editor_groups()[0])
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    root = Page.get_first_root_node()
    for codename in EDITOR_PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    user.groups.add(group)
    return user


def login_url():
    """Where the site sends visitors who must log in (settings.LOGIN_URL: the demo city's allauth page, Django's
    default on a bare site)."""
    return resolve_url(settings.LOGIN_URL)
