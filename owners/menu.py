"""The dashboard navigation's links for each business an owner manages.

Other apps add a business's screens with the hook `owner_dashboard_business_menu_items`:
`fn(request, business) -> list[tuple[str, str]]` (label, URL). Links that belong to no single business still come
from `owner_dashboard_menu_items` (see `owners.views.hook_menu_items`).

With one business its links sit among the other tabs; with several, each business is one disclosure (its name, open
for the business on screen), so the menu stays short on a phone and needs no JavaScript.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail import hooks

from .permissions import owned_businesses


@dataclass
class BusinessMenu:
    business: object
    items: list = field(default_factory=list)
    current: bool = False


def business_menus(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    menus = []
    for business in owned_businesses(user):
        overview = reverse("owners:business", args=[business.pk])
        items = [(_("Overview"), overview)]
        for fn in hooks.get_hooks("owner_dashboard_business_menu_items"):
            items.extend(fn(request, business) or [])
        current = request.path.startswith(overview) or any(url == request.path for _label, url in items)
        menus.append(BusinessMenu(business=business, items=items, current=current))
    return menus
