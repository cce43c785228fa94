"""The dashboard navigation (owners/base_dashboard.html): a list of links, the current screen marked with
aria-current — links added by other apps through `owner_dashboard_menu_items` included — and labels escaped."""

import re

from django.urls import reverse

from wagtail import hooks


def _current_links(html):
    nav = html.split('<nav class="owners-nav"', 1)[1].split("</nav>", 1)[0]
    return nav, re.findall(r'<a href="([^"]*)" aria-current="page">([^<]*)</a>', nav)


def test_dashboard_marks_itself(client, owner_a, business_a):
    client.force_login(owner_a)
    nav, current = _current_links(client.get(reverse("owners:dashboard")).content.decode())
    assert current == [(reverse("owners:dashboard"), "Meine Unternehmen")]
    assert nav.count("<li>") == nav.count("</li>") >= 4
    assert '<ul class="tabs owners-nav__list">' in nav


def test_hook_link_to_the_current_screen_is_marked(client, owner_a, business_a):
    business_url = reverse("owners:business", args=[business_a.pk])

    def menu(request):
        return [("Hier", business_url), ("Anderswo", "/gutscheine/"), ("<b>Fett</b>", "/x/")]

    client.force_login(owner_a)
    with hooks.register_temporarily("owner_dashboard_menu_items", menu):
        html = client.get(business_url).content.decode()
    nav, current = _current_links(html)
    assert (business_url, "Hier") in current  # beside the business menu's own "Overview" link
    assert {url for url, _label in current} == {business_url}
    assert '<a href="/gutscheine/">Anderswo</a>' in nav
    assert "<b>Fett</b>" not in nav and "&lt;b&gt;Fett&lt;/b&gt;" in nav


def test_nothing_is_marked_on_a_screen_without_a_link(client, owner_a, business_a):
    client.force_login(owner_a)
    _nav, current = _current_links(client.get(reverse("owners:leave", args=[business_a.pk])).content.decode())
    assert current == []
