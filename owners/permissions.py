"""Owner rights: the rule lives in directory.ownership (the plugins use it too); this site adds that an owner's
email address must be verified (allauth), registered for the hook `directory_owner_is_verified` in
owners/wagtail_hooks.py."""

from allauth.account.models import EmailAddress

from directory.ownership import get_owned_business_or_404, owned_businesses, user_is_verified  # noqa: F401


def email_is_verified(user):
    """Only users with a verified primary email address have owner rights."""
    return EmailAddress.objects.filter(user=user, verified=True).exists()
