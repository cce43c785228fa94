# ruff: noqa: E501 (sample files are easier to read unwrapped)
"""Importing businesses: CSV registers, OSM XML/PBF, GeoJSON — good files, bad rows, broken files, re-runs."""

import datetime as dt
import io
import json

import pytest

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from directory import importers
from directory.factories import CategoryFactory, DistrictFactory
from directory.importers import osm_hours
from directory.models import BusinessOwner, BusinessPage, ImportRun, ListingSource

GERMAN_CSV = """Registernummer;Firma;Straße;Hausnummer;PLZ;Ort;Stadtbezirk;Branche;Telefon;Webseite;Öffnungszeiten;Lieblingsfarbe
R-1;Bäckerei Sonnenschein;Kampstraße;12;44137;Dortmund;Nord;Bäckerei;0231 123456;sonnenschein.example;"Mo-Fr 07:00-18:00; Sa 08:00-13:00";blau
R-2;Buchhandlung Seitenweise;Hansastraße;5;44137;Dortmund;Süd;Buchhandel;;;;grün
"""

ENGLISH_CSV = """id,name,street,postcode,city,category,lat,lng,phone
E-1,Corner Café,Westenhellweg 3,44137,Dortmund,cafe-baeckerei,51.5140,7.4600,+49 231 1
"""

OSM_XML = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
 <node id="101" lat="51.5301" lon="7.4701" version="1">
  <tag k="shop" v="bakery"/><tag k="name" v="Backstube Nord"/><tag k="addr:street" v="Münsterstraße"/>
  <tag k="addr:housenumber" v="40"/><tag k="addr:postcode" v="44145"/><tag k="addr:city" v="Dortmund"/>
  <tag k="opening_hours" v="Mo-Sa 06:30-13:00"/><tag k="contact:phone" v="+49 231 999"/>
  <tag k="website" v="https://backstube.example"/>
 </node>
 <node id="102" lat="51.5302" lon="7.4702" version="1">
  <tag k="shop" v="spaceship"/><tag k="name" v="Raumschiffhandel"/><tag k="addr:street" v="Nordstraße"/>
  <tag k="addr:postcode" v="44145"/>
 </node>
 <node id="103" lat="51.5303" lon="7.4703" version="1">
  <tag k="amenity" v="restaurant"/><tag k="name" v="Trattoria Nord"/><tag k="addr:street" v="Nordstraße"/>
  <tag k="addr:housenumber" v="2"/><tag k="addr:postcode" v="44145"/>
  <tag k="opening_hours" v="Jan-Mar Mo 10:00-12:00"/>
 </node>
 <node id="104" lat="51.5304" lon="7.4704" version="1"><tag k="shop" v="books"/></node>
 <node id="201" lat="51.5310" lon="7.4710" version="1"/>
 <node id="202" lat="51.5312" lon="7.4712" version="1"/>
 <node id="203" lat="51.5310" lon="7.4714" version="1"/>
 <way id="300" version="1">
  <nd ref="201"/><nd ref="202"/><nd ref="203"/><nd ref="201"/>
  <tag k="craft" v="carpenter"/><tag k="name" v="Tischlerei Holz"/><tag k="addr:street" v="Steinstraße"/>
  <tag k="addr:housenumber" v="7"/><tag k="addr:postcode" v="44147"/>
 </way>
</osm>
"""


@pytest.fixture
def setup(index_page):
    categories = {
        slug: CategoryFactory(slug=slug, name=name, name_en=name_en)
        for slug, name, name_en in [
            ("cafe-baeckerei", "Café & Bäckerei", "Cafés & bakeries"),
            ("buecher-medien", "Bücher & Medien", "Books"),
            ("gastronomie", "Gastronomie", "Restaurants"),
            ("handwerk", "Handwerk", "Crafts"),
        ]
    }
    districts = {
        "nord": DistrictFactory(slug="nord", name="Nord", center_lat=51.53, center_lng=7.47),
        "sued": DistrictFactory(slug="sued", name="Süd", center_lat=51.46, center_lng=7.50),
    }
    return {"categories": categories, "districts": districts, "index": index_page}


def run_csv(text, **options):
    return importers.run(text.encode(), "csv", importers.Options(**options))


def by_line(report):
    return {result.line: result for result in report.results}


def test_german_register_creates_unpublished_unclaimed_listings(setup):
    report = run_csv(GERMAN_CSV)
    assert report.counts["created"] == 2, [r.as_dict() for r in report.results]
    assert "Lieblingsfarbe" in report.notes[0]
    bakery = BusinessPage.objects.get(title="Bäckerei Sonnenschein")
    assert not bakery.live and bakery.has_unpublished_changes is False or not bakery.live
    assert bakery.street == "Kampstraße 12" and bakery.postcode == "44137"
    assert bakery.district.slug == "nord"
    assert [c.slug for c in bakery.categories.all()] == ["cafe-baeckerei"]
    assert bakery.website == "https://sonnenschein.example"
    assert not BusinessOwner.objects.filter(business=bakery).exists()
    hours = sorted((h.weekday, h.opens, h.closes) for h in bakery.regular_hours.all())
    assert hours[0] == (0, dt.time(7), dt.time(18)) and hours[-1] == (5, dt.time(8), dt.time(13))
    assert bakery.hours_data and '"r"' in bakery.hours_data
    source = bakery.import_source
    assert (source.source, source.source_id, source.licence) == ("register", "R-1", "")
    assert bakery.latest_revision is not None
    books = BusinessPage.objects.get(title="Buchhandlung Seitenweise")
    assert [c.slug for c in books.categories.all()] == ["buecher-medien"]  # via the alias "Buchhandel"


def test_english_headers_and_comma_separator(setup):
    report = run_csv(ENGLISH_CSV)
    assert report.counts == {"created": 1, "updated": 0, "unchanged": 0, "skipped": 0, "error": 0}
    cafe = BusinessPage.objects.get(title="Corner Café")
    assert cafe.district.slug == "nord"  # nearest district centre
    assert round(cafe.lat, 4) == 51.514 and cafe.phone == "+49 231 1"


def test_rerun_updates_instead_of_duplicating(setup):
    run_csv(GERMAN_CSV)
    again = run_csv(GERMAN_CSV)
    assert again.counts["unchanged"] == 2 and again.counts["created"] == 0
    changed = run_csv(GERMAN_CSV.replace("0231 123456", "0231 654321"))
    result = by_line(changed)["2"]
    assert result.action == "updated" and result.changes == ["phone"]
    assert BusinessPage.objects.filter(title="Bäckerei Sonnenschein").count() == 1
    assert BusinessPage.objects.get(title="Bäckerei Sonnenschein").phone == "0231 654321"


def test_rerun_without_source_id_matches_name_and_address(setup, make_business):
    existing = make_business(title="Buchhandlung Seitenweise", street="Hansastr. 5", postcode="44137")
    text = "Firma;Straße;PLZ;Branche;Bezirk\nBuchhandlung Seitenweise;Hansastraße 5;44137;buecher-medien;nord\n"
    report = run_csv(text)
    result = report.results[0]
    assert result.business_id == existing.pk and result.action == "updated"
    assert BusinessPage.objects.filter(title="Buchhandlung Seitenweise").count() == 1
    assert ListingSource.objects.get(business=existing).source == "register"


def test_dry_run_writes_nothing_and_says_what_would_change(setup):
    report = run_csv(GERMAN_CSV, dry_run=True)
    assert report.counts["created"] == 2
    assert not BusinessPage.objects.filter(title="Bäckerei Sonnenschein").exists()
    run_csv(GERMAN_CSV)
    dry = run_csv(GERMAN_CSV.replace("Kampstraße;12", "Kampstraße;14"), dry_run=True)
    assert by_line(dry)["2"].changes == ["street"]
    assert BusinessPage.objects.get(title="Bäckerei Sonnenschein").street == "Kampstraße 12"


def test_bad_rows_are_reported_with_line_and_reason_and_never_half_imported(setup):
    text = (
        "Firma;Straße;PLZ;Branche;Stadtbezirk\n"
        "Gut;Kampstraße 1;44137;cafe-baeckerei;Nord\n"
        "Raumfahrt GmbH;Kampstraße 2;44137;Raumfahrt;Nord\n"
        "Ohne Bezirk;Kampstraße 3;44137;cafe-baeckerei;Atlantis\n"
        "Zu viele;Felder;44137;x;y;z\n"
        ";Kampstraße 4;44137;cafe-baeckerei;Nord\n"
        "Gut;Kampstraße 1;44137;cafe-baeckerei;Nord\n"
    )
    report = run_csv(text)
    lines = by_line(report)
    assert lines["2"].action == "created"
    assert (
        lines["3"].action == "error"
        and "unbekannte Kategorie" in lines["3"].reason
        and "Raumfahrt" in lines["3"].reason
    )
    assert lines["4"].action == "error" and "Atlantis" in lines["4"].reason
    assert lines["5"].action == "error" and "6 Felder" in lines["5"].reason
    assert lines["6"].action == "error" and "kein Name" in lines["6"].reason
    assert lines["7"].action == "error" and "wie 2 " in lines["7"].reason
    assert list(BusinessPage.objects.values_list("title", flat=True)) == ["Gut"]
    assert ListingSource.objects.count() == 1


def test_all_or_nothing_rolls_back_every_row(setup):
    text = "Firma;Straße;PLZ;Branche;Bezirk\nGut;Kampstraße 1;44137;cafe-baeckerei;Nord\nSchlecht;Kampstraße 2;44137;Raumfahrt;Nord\n"
    report = run_csv(text, all_or_nothing=True)
    assert report.rolled_back
    assert not BusinessPage.objects.filter(title="Gut").exists() and ListingSource.objects.count() == 0


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\x00\x01\x02PK\x03\x04", "NUL"),
        (b"", "leer"),
        ("Lieblingsfarbe;Straße\nblau;x\n".encode(), "Namen des Unternehmens"),
        ('Firma;Straße\n"Unterminated;Kampstraße 1\n'.encode(), "kann nicht gelesen werden"),
        (b"Firma;PLZ\nA;44137\n", "street"),
    ],
)
def test_malformed_csv_files_are_refused_as_a_whole(setup, data, message):
    with pytest.raises(importers.ImportFileError) as error:
        importers.run(data, "csv", importers.Options())
    assert message in str(error.value)
    assert not ListingSource.objects.exists()


def test_windows_1252_register_is_read(setup):
    text = "Firma;Straße;PLZ;Branche;Bezirk\nBlumen Müller;Kampstraße 9;44137;cafe-baeckerei;Süd\n"
    report = importers.run(text.encode("cp1252"), "csv", importers.Options())
    assert report.counts["created"] == 1
    assert BusinessPage.objects.filter(title="Blumen Müller").exists()


def test_implausible_location_and_claimed_listing(setup, make_business):
    far = "Firma;Straße;PLZ;Branche;lat;lon\nWeit weg;Kampstraße 1;44137;cafe-baeckerei;48.1;11.5\n"
    assert "error" == run_csv(far).results[0].action
    owned = make_business(title="Mein Laden", street="Kampstraße 5", postcode="44137")
    user = get_user_model().objects.create_user("owner", "owner@example.org", "x")
    BusinessOwner.objects.create(business=owned, user=user)
    report = run_csv("Firma;Straße;PLZ;Branche;Telefon;Bezirk\nMein Laden;Kampstraße 5;44137;gastronomie;0800;Nord\n")
    assert report.results[0].action == "skipped" and "Inhaber" in report.results[0].reason
    owned.refresh_from_db()
    assert owned.phone == ""


def test_osm_xml_import(setup):
    report = importers.run(OSM_XML.encode(), "osm", importers.Options())
    lines = by_line(report)
    assert lines["node/101"].action == "created"
    assert lines["node/102"].action == "skipped" and "shop=spaceship" in lines["node/102"].reason
    assert lines["node/103"].action == "created"
    assert lines["node/104"].action == "skipped"  # no name
    assert lines["way/300"].action == "created"
    bakery = BusinessPage.objects.get(title="Backstube Nord")
    assert not bakery.live
    assert bakery.street == "Münsterstraße 40" and bakery.phone == "+49 231 999"
    assert bakery.regular_hours.count() == 6
    source = bakery.import_source
    assert (source.source, source.source_id, source.licence) == ("osm", "node/101", "ODbL-1.0")
    assert "OpenStreetMap" in source.attribution
    trattoria = BusinessPage.objects.get(title="Trattoria Nord")
    assert trattoria.regular_hours.count() == 0
    assert trattoria.import_source.raw_opening_hours == "Jan-Mar Mo 10:00-12:00"
    carpenter = BusinessPage.objects.get(title="Tischlerei Holz")
    assert abs(carpenter.lat - 51.5311) < 0.001 and carpenter.categories.get().slug == "handwerk"
    again = importers.run(OSM_XML.encode(), "osm", importers.Options())
    assert again.counts["created"] == 0 and again.counts["unchanged"] == 3


def test_osm_pbf_import(setup, tmp_path):
    import osmium

    xml = tmp_path / "extract.osm"
    xml.write_text(OSM_XML)
    pbf = tmp_path / "extract.osm.pbf"
    with osmium.SimpleWriter(str(pbf)) as writer:
        for obj in osmium.FileProcessor(str(xml)):
            writer.add(obj)
    report = importers.run(pbf.read_bytes(), "pbf", importers.Options())
    assert report.counts["created"] == 3


@pytest.mark.parametrize(
    "data",
    [
        b"<osm><node id='1' lat='x'",
        b'<?xml version="1.0"?><osm version="0.6"><node id="1" lat="51" lon="7" version="1"><tag k="shop"',
        b"\x89PNG\r\n\x1a\n",
    ],
)
def test_broken_osm_files_are_refused(setup, data):
    with pytest.raises(importers.ImportFileError):
        importers.run(data, "osm", importers.Options())
    assert not BusinessPage.objects.exists()


def test_broken_pbf_is_refused(setup):
    with pytest.raises(importers.ImportFileError):
        importers.run(b"\x00\x00\x00\x0dnot really a pbf", "pbf", importers.Options())


def test_geojson_osm_and_register_features(setup):
    document = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "@id": "node/501",
                    "shop": "books",
                    "name": "Leseecke",
                    "addr:street": "Nordstraße",
                    "addr:housenumber": "9",
                    "addr:postcode": "44145",
                },
                "geometry": {"type": "Point", "coordinates": [7.471, 51.531]},
            }
        ],
    }
    report = importers.run(json.dumps(document).encode(), "geojson", importers.Options())
    assert report.counts["created"] == 1 and report.source.key == "osm"
    register = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "Firma": "Laden Süd",
                    "Straße": "Hörder Str. 1",
                    "PLZ": "44263",
                    "Branche": "Bücher & Medien",
                },
                "geometry": {"type": "Point", "coordinates": [7.5, 51.46]},
            },
            {"type": "Feature", "properties": {"Firma": "Ohne Ort"}, "geometry": None},
            "nonsense",
        ],
    }
    report = importers.run(json.dumps(register).encode(), "geojson", importers.Options())
    actions = [r.action for r in report.results]
    assert actions == ["created", "error", "error"]
    assert BusinessPage.objects.get(title="Laden Süd").district.slug == "sued"


@pytest.mark.parametrize("data", [b"{not json", b'{"type": "Feature"}', b"[]", b'{"type":"FeatureCollection"}'])
def test_broken_geojson_is_refused(setup, data):
    with pytest.raises(importers.ImportFileError):
        importers.run(data, "geojson", importers.Options())


def test_default_category_for_unmapped_osm_objects(setup):
    report = importers.run(OSM_XML.encode(), "osm", importers.Options(default_category="handwerk"))
    assert by_line(report)["node/102"].action == "created"


def test_command_dry_run_and_import(setup, tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(GERMAN_CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("import_businesses", str(path), "--dry-run", stdout=out)
    assert "DRY RUN" in out.getvalue() and "2 created" in out.getvalue()
    assert not BusinessPage.objects.filter(title="Bäckerei Sonnenschein").exists()
    out = io.StringIO()
    call_command("import_businesses", str(path), "--source-name", "IHK", stdout=out)
    assert "2 created" in out.getvalue()
    run = ImportRun.objects.filter(dry_run=False).get()
    assert run.counts["created"] == 2 and run.status == "done"
    bad = tmp_path / "bad.osm"
    bad.write_bytes(b"<osm><broken")
    with pytest.raises(CommandError):
        call_command("import_businesses", str(bad), stdout=io.StringIO())
    assert ImportRun.objects.filter(status="failed").count() == 1


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Mo-Fr 08:00-18:00; Sa 09:00-13:00", 6),
        ("24/7", 7),
        ("Mo-Su 10:00-22:00; Tu off", 6),
        ("Mo - Fr 08:00-12:00, 14:00-18:00; PH off", 10),
        ("Fr-Sa 18:00-02:00", 2),
        ("Sa-Mo 10:00-12:00", 3),
        ("08:00-20:00", 7),
    ],
)
def test_osm_opening_hours_understood(value, expected):
    assert len(osm_hours.parse(value)) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "Jan-Mar Mo 10:00-12:00",
        "Mo 10:00+",
        "sunrise-sunset",
        'Mo 08:00-12:00 "nach Absprache"',
        "PH 10:00-12:00",
        "Mo 25:00-26:00",
        "Mo 08:00-08:00",
        "x" * 300,
        "Mo-Fr 08:00-12:00 || closed",
    ],
)
def test_osm_opening_hours_not_understood(value):
    with pytest.raises(osm_hours.UnsupportedHours):
        osm_hours.parse(value)


def test_osm_hours_overnight_and_later_rules_win():
    rules = osm_hours.parse("Mo-Fr 10:00-20:00; Fr 18:00-24:00")
    friday = [r for r in rules if r[0] == 4]
    assert friday == [(4, dt.time(18), dt.time(0))]
