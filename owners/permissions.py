"""The single rule for what an owner may do: Wagtail's page permissions on *their* business page.

Every owner-facing view loads pages through these functions, never by trusting an id from a URL or form alone.
"""

from django.http import Http404

from directory.models import BusinessPage


def owned_businesses(user):
    """Businesses the user may edit (drafts included), via Wagtail's page permissions."""
    if not user.is_authenticated or not user_is_verified(user):
        return BusinessPage.objects.none()
    return BusinessPage.objects.filter(ownerships__user=user).order_by("title")


def get_owned_business_or_404(user, pk):
    """The business with this id if `user` may edit it, else 404 (never 403: no hint that the id exists)."""
    try:
        page = BusinessPage.objects.get(pk=pk)
    except (BusinessPage.DoesNotExist, ValueError, TypeError):
        raise Http404
    if not user_is_verified(user) or not page.ownerships.filter(user=user).exists():
        raise Http404
    if not page.permissions_for_user(user).can_edit():
        raise Http404
    return page


def user_is_verified(user):
    """Only users with a verified primary email address have owner rights."""
    if not user.is_authenticated:
        return False
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()
