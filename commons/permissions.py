"""The one permission guard for views outside Wagtail's own admin views."""

from django.core.exceptions import PermissionDenied


def require_permission(request, perm):
    """Raise PermissionDenied (403) unless the user has `perm`: an "app.codename" string, or a callable taking the
    user (for rules that are not a Django permission, e.g. "may see the outreach dashboard")."""
    allowed = perm(request.user) if callable(perm) else request.user.has_perm(perm)
    if not allowed:
        raise PermissionDenied
