"""The editors' import screens and the attribution that imported data carries on the site."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory import importers
from directory.factories import CategoryFactory, DistrictFactory
from directory.models import BusinessPage, ImportRun
from directory.testing import make_editor, make_verified_user

CSV = (
    "Firma;Straße;PLZ;Branche;Bezirk\n"
    "Atelier Licht;Kampstraße 1;44137;kultur;Nord\n"
    "Kaputt;Kampstraße 2;44137;Mond;Nord\n"
)
OSM = """<?xml version="1.0"?><osm version="0.6"><node id="7" lat="51.531" lon="7.471" version="1">
<tag k="amenity" v="theatre"/><tag k="name" v="Bühne Nord"/><tag k="addr:street" v="Nordstraße"/>
<tag k="addr:housenumber" v="1"/><tag k="addr:postcode" v="44145"/></node></osm>"""


@pytest.fixture
def taxonomy_for_import(index_page):
    CategoryFactory(slug="kultur", name="Kultur", name_en="Culture")
    DistrictFactory(slug="nord", name="Nord", center_lat=51.53, center_lng=7.47)


def upload(client, text, name="register.csv", **data):
    return client.post(
        reverse("directory_import"),
        {"file": SimpleUploadedFile(name, text.encode()), "source": "register", **data},
    )


def test_editor_dry_run_then_import(client, taxonomy_for_import, django_capture_on_commit_callbacks):
    client.force_login(make_editor())
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, CSV, dry_run="on")
    dry = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{dry.pk}/")
    assert dry.status == "done" and dry.counts["created"] == 1 and dry.counts["error"] == 1
    assert not BusinessPage.objects.filter(title="Atelier Licht").exists()
    page = client.get(reverse("directory_import_run", args=[dry.pk]))
    content = page.content.decode()
    assert "Mond" in content and "Jetzt importieren" in content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("directory_import_apply", args=[dry.pk]))
    real = ImportRun.objects.get(dry_run=False)
    assert real.counts["created"] == 1 and real.data is None
    assert BusinessPage.objects.filter(title="Atelier Licht", live=False).exists()
    # the dry run's file is used once
    assert client.post(reverse("directory_import_apply", args=[dry.pk])).status_code == 404
    assert ImportRun.objects.filter(dry_run=False).count() == 1


def test_broken_file_upload_is_reported_not_imported(client, taxonomy_for_import, django_capture_on_commit_callbacks):
    client.force_login(make_editor())
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "<osm><broken", name="extract.osm")
    run = ImportRun.objects.get()
    assert run.status == "failed" and run.error
    assert "konnte nicht gelesen werden" in client.get(reverse("directory_import_run", args=[run.pk])).content.decode()


def test_unknown_file_type_is_refused(client, taxonomy_for_import):
    client.force_login(make_editor())
    response = upload(client, "MZ...", name="virus.exe")
    assert response.status_code == 200 and "Unbekannter Dateityp" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_only_editors_may_import(client, taxonomy_for_import):
    client.force_login(make_verified_user("someone@example.org", is_staff=True))
    assert client.get(reverse("directory_import")).status_code in (302, 403)
    assert upload(client, CSV).status_code in (302, 403)
    assert not ImportRun.objects.exists()


def test_odbl_attribution_on_page_and_map(client, taxonomy_for_import, map_page):
    importers.run(OSM.encode(), "osm", importers.Options())
    business = BusinessPage.objects.get(title="Bühne Nord")
    business.save_revision().publish()
    content = client.get(business.url).content.decode()
    assert "OpenStreetMap contributors" in content and "ODbL-1.0" in content
    map_html = client.get(map_page.url).content.decode()
    assert "Business data: © OpenStreetMap contributors (ODbL-1.0)" in map_html or "ODbL-1.0" in map_html


def test_open_data_exports_carry_the_odbl_attribution(client, taxonomy_for_import):
    importers.run(OSM.encode(), "osm", importers.Options())
    BusinessPage.objects.get(title="Bühne Nord").save_revision().publish()
    geojson = client.get(reverse("directory_api:businesses_geojson")).json()
    assert geojson["attribution"][0]["licence"] == "ODbL-1.0"
    csv_response = client.get(reverse("directory_api:businesses_csv"))
    assert "OpenStreetMap contributors (ODbL-1.0)" in csv_response["X-Data-Attribution"]
