from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail import hooks


@hooks.register("owner_dashboard_menu_items")
def privacy_menu_item(request):
    """A "My data" link in the owners' dashboard navigation (the page itself is open to every signed-in user)."""
    return [(_("My data"), reverse("privacy:overview"))]
