"""Test helpers for every app's tests: users as allauth knows them (a plain module, not a conftest, so that the
tests of any app can import it; it is never imported by the application itself).

    from owners.testing import TEST_PASSWORD, make_editor, make_verified_user
"""

from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

TEST_PASSWORD = "ein-sehr-sicheres-Passwort-42"  # noqa: S105 (test databases only)


def make_verified_user(email, password=TEST_PASSWORD, verified=True, username=None, **extra):
    """A user with `email` as their primary allauth address, verified unless `verified=False` (unverified users get
    no owner rights). The username defaults to the address's local part; `extra` goes to `create_user`
    (`is_staff=True`, `first_name=…`)."""
    user = get_user_model().objects.create_user(
        username=username or email.split("@")[0], email=email, password=password, **extra
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def make_editor(email="redaktion@example.org", **extra):
    """A verified user in the "Redaktion" group (the editors who moderate owners' changes; the group is created by
    the owners data migration)."""
    user = make_verified_user(email, **extra)
    user.groups.add(Group.objects.get(name="Redaktion"))
    return user
