"""The stored German sort key (BusinessPage.sort_key): the order readers saw with the German collation, without a
collation function — kept on every save, by imports, published revisions and partial saves."""

import pytest

from django.db import connection
from django.test import Client

from directory import importers
from directory.collation import SORT_KEY_LENGTH, german, german_key, sort_key
from directory.filters import order_businesses
from directory.models import BusinessPage

pytestmark = pytest.mark.django_db

# Umlauts, ß, case, accents, ligatures, digits, punctuation, and exact duplicates (then the older page first).
TITLES = [
    "Zweirad Ost",
    "Straßenbahn-Café",
    "Strasse 5",
    "strasse 4",
    "STRASSE 4",
    "Äpfel & Birnen",
    "Apfel",
    "apfel",
    "Apfel",
    "Ölmühle",
    "Obst Otto",
    "Café Ümit",
    "cafe umit",
    "Æsop",
    "10 Bar",
    "2 Brüder",
    "Éclair",
    "école",
    "ﬁsch & ﬂink",
]


def _titles(queryset):
    return list(queryset.values_list("title", flat=True))


def test_the_stored_key_orders_as_the_german_collation_did(make_business):
    pages = [make_business(title=title) for title in TITLES]
    by_key = _titles(order_businesses(BusinessPage.objects.all(), "name"))
    expected = [p.title for p in sorted(pages, key=lambda p: (german_key(p.title), p.title, p.pk))]
    assert by_key == expected
    if connection.vendor == "sqlite":  # the order before the column (PostgreSQL's ICU order differed in details)
        assert _titles(BusinessPage.objects.order_by(german("title"), "pk")) == expected
    assert by_key == [
        "10 Bar",
        "2 Brüder",
        "Apfel",
        "Apfel",
        "apfel",
        "Äpfel & Birnen",
        "Café Ümit",
        "cafe umit",
        "Éclair",
        "école",
        "ﬁsch & ﬂink",
        "Obst Otto",
        "Ölmühle",
        "STRASSE 4",
        "strasse 4",
        "Strasse 5",
        "Straßenbahn-Café",
        "Zweirad Ost",
        "Æsop",  # no decomposition: after z, as the collation always sorted it
    ]
    twins = [p.pk for p in pages if p.title == "Apfel"]
    assert (
        list(order_businesses(BusinessPage.objects.filter(title="Apfel"), "name").values_list("pk", flat=True)) == twins
    )


def test_ties_of_other_sorts_use_the_same_order(make_business):
    for title in ("Zebra", "Äpfel", "Bäcker", "apfel"):
        make_business(title=title)
    BusinessPage.objects.update(first_published_at="2026-01-01T00:00:00Z", last_published_at="2026-01-01T00:00:00Z")
    for sort in ("newest", "updated"):
        assert _titles(order_businesses(BusinessPage.objects.all(), sort)) == ["apfel", "Äpfel", "Bäcker", "Zebra"]
    relevance = order_businesses(BusinessPage.objects.all(), "relevance", search_order=[])
    assert _titles(relevance) == ["apfel", "Äpfel", "Bäcker", "Zebra"]


def test_the_key_follows_every_change_of_the_title(make_business):
    page = make_business(title="Straße der Bäcker")
    assert BusinessPage.objects.get(pk=page.pk).sort_key == "strasse der backer"

    page.title = "Ölmühle"
    page.save_revision().publish()
    assert BusinessPage.objects.get(pk=page.pk).sort_key == "olmuhle"

    page = BusinessPage.objects.get(pk=page.pk)
    page.title = "ÄRZTEHAUS"
    page.save(update_fields=["title"])  # a partial save that names only the title still writes the key
    assert BusinessPage.objects.get(pk=page.pk).sort_key == "arztehaus"

    page = BusinessPage.objects.get(pk=page.pk)
    page.title = "Unsaved"
    page.save(update_fields=["short_description"])  # a partial save without the title leaves key and title alone
    stored = BusinessPage.objects.get(pk=page.pk)
    assert (stored.title, stored.sort_key) == ("ÄRZTEHAUS", "arztehaus")


def test_a_draft_title_does_not_move_the_live_listing(make_business):
    page = make_business(title="Apotheke")
    page.title = "Zahnarzt"
    page.save_revision()  # not published: the live title and its place in lists stay
    stored = BusinessPage.objects.get(pk=page.pk)
    assert (stored.title, stored.sort_key) == ("Apotheke", "apotheke")


def test_imported_listings_get_their_key(index_page, taxonomy):
    csv = "name;street;postcode;city;district;category\nÖko-Laden Süß;Kampstraße 1;44137;Dortmund;nord;gastronomie\n"
    report = importers.run(csv.encode(), "csv", importers.Options())
    assert report.counts["created"] == 1, [r.as_dict() for r in report.results]
    assert BusinessPage.objects.get(title="Öko-Laden Süß").sort_key == "oko-laden suss"


def test_long_titles_are_cut_to_the_column():
    title = "ß" * 255  # every ß becomes "ss": the key would be twice the title's length
    assert sort_key(title) == "s" * SORT_KEY_LENGTH and sort_key(None) == ""


def test_the_api_and_the_map_list_use_the_german_order(make_business, map_page):
    for title in ("Zweirad", "Ärztehaus", "Buchladen", "apotheke"):
        make_business(title=title)
    names = [r["name"] for r in Client().get("/api/v1/businesses/").json()["results"]]
    assert names == ["apotheke", "Ärztehaus", "Buchladen", "Zweirad"]
    features = Client().get("/api/v1/businesses.geojson").json()["features"]
    assert [f["properties"]["name"] for f in features] == names
    html = Client().get(map_page.url).content.decode()
    positions = [html.index(f">{name}<") for name in names]
    assert positions == sorted(positions)
