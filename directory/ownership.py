"""The single rule for what an owner may do: Wagtail's page permissions on *their* business page (a BusinessOwner
row links the account to the page). Every owner-facing view, in the directory's plugins too, loads pages through
these functions, never by trusting an id from a URL or form alone.

Whether an account counts as verified is the site's business: every function registered for the Wagtail hook
`directory_owner_is_verified` (user -> bool) must agree (the demo city's owners app asks for a verified email
address). Without such a hook any logged-in account is verified.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.http import Http404

from wagtail import hooks
from wagtail.models import GroupPagePermission

from directory.models import BusinessOwner, BusinessPage


def user_is_verified(user):
    if not user.is_authenticated:
        return False
    return all(fn(user) for fn in hooks.get_hooks("directory_owner_is_verified"))


def owned_businesses(user):
    """Businesses the user may edit (drafts included)."""
    if not user.is_authenticated or not user_is_verified(user):
        return BusinessPage.objects.none()
    return BusinessPage.objects.filter(ownerships__user=user).order_by("title")


def get_owned_business_or_404(user, pk):
    """The business with this id if `user` may edit it, else 404 (never 403: no hint that the id exists)."""
    try:
        page = BusinessPage.objects.get(pk=pk)
    except (BusinessPage.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not user_is_verified(user) or not page.ownerships.filter(user=user).exists():
        raise Http404
    if not page.permissions_for_user(user).can_edit():
        raise Http404
    return page


# Owner rights as Wagtail page permissions: one group per business with add + change (never publish).


def owner_group_name(business):
    return f"Inhaber #{business.pk}"


def owner_group(business):
    group, created = Group.objects.get_or_create(name=owner_group_name(business))
    if created:
        for codename in ("add_page", "change_page"):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=business,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
    return group


@transaction.atomic
def grant_ownership(business, user):
    """Make `user` an owner of `business` (idempotent)."""
    owner_group(business).user_set.add(user)
    BusinessOwner.objects.get_or_create(business=business, user=user)


@transaction.atomic
def revoke_ownership(business, user):
    owner_group(business).user_set.remove(user)
    BusinessOwner.objects.filter(business=business, user=user).delete()
