"""Owner and public forms offer meaningful empty choices, never Django's "---------" (issue 19)."""

import pytest

from directory.factories import DistrictFactory
from owners.forms import RegularHoursFormSet, SuggestionForm, TemporaryHoursFormSet

pytestmark = pytest.mark.django_db


def test_no_dashes_as_empty_choice(client):
    from owners.forms import BusinessProfileForm

    DistrictFactory()
    rendered = [
        str(SuggestionForm()),
        str(RegularHoursFormSet(prefix="regular")),
        str(TemporaryHoursFormSet(prefix="temporary")),
        str(BusinessProfileForm()),
    ]
    for html in rendered:
        assert "---------" not in html
    assert "Ich weiß es nicht" in rendered[0]
    assert "<select" not in rendered[1]  # the week grid: the day is given by the row, not chosen
    assert "jeden Tag" in rendered[2]
    assert "Stadtbezirk wählen" in rendered[3]
    assert "---------" not in client.get("/lieblingsunternehmen-vorschlagen/").content.decode()


def test_owner_dashboard_pages_have_no_dashes_in_selects(client, owner_a, business_a):
    from django.urls import reverse

    client.force_login(owner_a)
    urls = [
        reverse("owners:dashboard"),
        reverse("owners:register"),
        reverse("owners:business", args=[business_a.pk]),
        reverse("owners:edit", args=[business_a.pk]),
        f"/mein-unternehmen/{business_a.pk}/aktion/neu/",
        f"/mein-unternehmen/{business_a.pk}/gutscheine/",
        f"/mein-unternehmen/{business_a.pk}/gutscheine/einloesen/",
        "/sammelaktionen/starten/",
        f"/unternehmen-beanspruchen/{business_a.pk}/",
    ]
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code in (200, 403, 404, 409), url
        assert "---------" not in response.content.decode(), url
