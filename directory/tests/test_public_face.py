"""Issue 19 in the directory: German alphabetical order, and one campaign-state component (ended never invites)."""

import pytest

from directory.campaign_status import campaign_status
from directory.collation import german_key
from directory.filters import order_businesses
from directory.models import BusinessPage
from directory.serializers import _campaign

pytestmark = pytest.mark.django_db


def test_a_to_z_sorts_umlauts_as_german_readers_expect(make_business):
    for title in ("Buchhandlung Nord", "Bäckerei Sonne", "Zweirad Ost", "Änderungsschneiderei", "apotheke am Markt"):
        make_business(title=title)
    titles = list(order_businesses(BusinessPage.objects.all(), "name").values_list("title", flat=True))
    assert titles == ["Änderungsschneiderei", "apotheke am Markt", "Bäckerei Sonne", "Buchhandlung Nord", "Zweirad Ost"]


def test_german_key():
    assert german_key("Straße") == "strasse" and german_key("Äpfel") == "apfel" and german_key(None) == ""


SUMMARY = {"title": "Hilfe", "url": "/x/", "raised_cents": 20_000, "goal_cents": 200_000, "supporters": 3}


@pytest.mark.parametrize(
    ("state", "invites"), [("active", True), ("goal_reached", True), ("upcoming", False), ("ended", False)]
)
def test_campaign_status_invites_support_only_while_it_runs(state, invites):
    status = campaign_status(SUMMARY | {"state": state, "days_left": 0 if state == "ended" else 5})
    assert status["invites_support"] is invites
    assert status["days_left"] == (5 if invites else None)
    data = _campaign(SUMMARY | {"state": state, "days_left": 0})
    assert data["invites_support"] is invites and data["state_label"]


def test_one_total_with_the_citys_top_up():
    status = campaign_status(SUMMARY | {"state": "active", "days_left": 3}, matched_cents=15_000)
    assert (status["raised_cents"], status["matched_cents"], status["total_cents"]) == (20_000, 15_000, 35_000)
    assert status["percent"] == 17


def test_ended_campaign_on_the_business_page_and_card_never_invites_support(client, make_business, settings):
    from django.template.loader import render_to_string

    html = render_to_string(
        "directory/includes/campaign_status.html",
        {
            "summary": SUMMARY | {"state": "ended", "days_left": 0},
            "status": campaign_status(SUMMARY | {"state": "ended"}),
            "variant": "card",
            "cta": True,
            "title": True,
        },
    )
    assert "Jetzt unterstützen" not in html and "0 Tage" not in html and "beendet" in html
    html = render_to_string(
        "directory/includes/campaign_status.html",
        {
            "summary": SUMMARY | {"state": "active", "days_left": 4},
            "status": campaign_status(SUMMARY | {"state": "active", "days_left": 4}),
            "variant": "card",
            "cta": True,
            "title": True,
        },
    )
    assert "Jetzt unterstützen" in html and "Noch 4 Tage" in html
