"""The dashboard menu of an owner of several businesses (owners/menu.py, owners/base_dashboard.html): one disclosure
per business with its links, open only for the business on screen; one business keeps its links among the tabs;
names are escaped; nobody sees another owner's business."""

import re

from django.urls import reverse

from directory.factories import BusinessPageFactory
from owners.groups import grant_ownership


def _nav(html):
    return html.split('<nav class="owners-nav"', 1)[1].split("</nav>", 1)[0]


def _groups(nav):
    pattern = r"<details class=\"owners-nav__business\"( open)?>\s*<summary[^>]*>([^<]*)</summary>(.*?)</details>"
    return re.findall(pattern, nav, re.S)


def test_one_business_keeps_its_links_among_the_tabs(client, owner_a, business_a):
    client.force_login(owner_a)
    nav = _nav(client.get(reverse("owners:dashboard")).content.decode())
    assert "owners-nav__business" not in nav
    assert f'href="{reverse("owners:business", args=[business_a.pk])}"' in nav
    assert f'href="{reverse("fundraising:owner_vouchers", args=[business_a.pk])}"' in nav
    assert "(Café Anna)" not in nav, "no business name glued to every label"


def test_several_businesses_one_disclosure_each_open_for_the_one_on_screen(
    client, owner_a, business_a, business_b, directory, district, category
):
    second = BusinessPageFactory(title="Kiosk & <b>Co</b>", slug="kiosk", district=district, categories=[category])
    grant_ownership(second, owner_a)
    client.force_login(owner_a)

    nav = _nav(client.get(reverse("fundraising:owner_vouchers", args=[second.pk])).content.decode())
    groups = _groups(nav)
    assert [name for _open, name, _links in groups] == ["Café Anna", "Kiosk &amp; &lt;b&gt;Co&lt;/b&gt;"]
    assert [bool(opened) for opened, _name, _links in groups] == [False, True]
    vouchers = reverse("fundraising:owner_vouchers", args=[second.pk])
    assert f'<a href="{vouchers}" aria-current="page">' in groups[1][2]
    assert f'href="{reverse("payouts:status", args=[business_a.pk])}"' in groups[0][2]
    assert str(business_b.pk) not in "".join(links for _o, _n, links in groups).replace(str(second.pk), "")
    top = nav.split('<ul class="owners-nav__businesses"', 1)[0]
    assert "/gutscheine/" not in top, "the businesses' links are only inside their disclosures"

    # On the dashboard's start page no business is on screen: all closed.
    nav = _nav(client.get(reverse("owners:dashboard")).content.decode())
    assert [bool(opened) for opened, _name, _links in _groups(nav)] == [False, False]
    # A screen of the other business opens that one instead.
    nav = _nav(client.get(reverse("owners:business", args=[business_a.pk])).content.decode())
    assert [bool(opened) for opened, _name, _links in _groups(nav)] == [True, False]


def test_another_owners_business_never_appears(client, owner_b, business_a, business_b):
    client.force_login(owner_b)
    nav = _nav(client.get(reverse("owners:dashboard")).content.decode())
    assert reverse("owners:business", args=[business_a.pk]) not in nav
    assert reverse("owners:business", args=[business_b.pk]) in nav
