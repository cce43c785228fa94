"""Links to the host's owners' screens, named by settings (FUNDRAISING_OWNER_BUSINESS_URL_NAME,
FUNDRAISING_OWNER_DASHBOARD_URL_NAME); on a site without such screens, the business's public page. Fundraising never
names the host's URLs itself."""

from django.urls import NoReverseMatch, reverse

from fundraising.conf import conf


def _reverse(setting, *args):
    name = conf.get(setting)
    if name:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            pass
    return None


def owner_business_url(business):
    """The owner's screen of `business` (the URL name is called with its id), else its public page."""
    return _reverse("FUNDRAISING_OWNER_BUSINESS_URL_NAME", business.pk) or business.url or ""


def owner_dashboard_url(business):
    """The owner's dashboard (all their businesses), else the screen of `business`."""
    return _reverse("FUNDRAISING_OWNER_DASHBOARD_URL_NAME") or owner_business_url(business)


def absolute(url):
    """`url` with BASE_URL in front when it is relative (for emails)."""
    return url if url.startswith(("http://", "https://")) else conf.BASE_URL.rstrip("/") + url
