"""Owner rights as Wagtail page permissions: one group per business with add + change (never publish)."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import GroupPagePermission

from directory.models import BusinessOwner


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
