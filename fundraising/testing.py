"""Test helpers for fundraising and its sub-apps (a plain module, not a conftest, so that any app's tests can import
it; the application never imports it)."""

from django.test import RequestFactory

from wagtail import hooks


def owner_panels(user, business):
    """The sections fundraising and its sub-apps add to the owner's screen of `business` through the hook
    `owner_dashboard_business_panels` (what the host's owners' dashboard shows), as one HTML string."""
    request = RequestFactory().get("/")
    request.user = user
    return "".join(str(fn(request, business) or "") for fn in hooks.get_hooks("owner_dashboard_business_panels"))
