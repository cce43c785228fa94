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
