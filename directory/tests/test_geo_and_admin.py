import re

import pytest

from django.core.exceptions import ValidationError

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from directory.geo import parse_location, privacy_point
from directory.models import BusinessPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "value",
    [
        "SRID=4326;POINT(7.46 95)",  # latitude out of range
        "SRID=4326;POINT(190 51.5)",
        "POINT(abc def)",
        "SRID=4326;POINT(7.46)",
        "51.5136, 7.4653",  # the widget converts typed "lat, lng" into a POINT; raw text is not one
        "SRID=3857;POINT(7.46 51.51)",
        "SRID=4326;POINT(nan nan)",
        "SRID=4326;POINT(1e400 51)",
        "<script>alert(1)</script>",
        "SRID=4326;POINT(7.46 51.51) OR 1=1",
        "x" * 250,
    ],
)
def test_invalid_locations_are_rejected(value):
    with pytest.raises(ValueError):
        parse_location(value)


def test_valid_locations_parse_longitude_first():
    assert parse_location("SRID=4326;POINT(7.4653 51.5136)") == (51.5136, 7.4653)
    assert parse_location("POINT(7.4653 51.5136)") == (51.5136, 7.4653)
    assert parse_location("") is None and parse_location(None) is None


def test_model_clean_rejects_implausible_points(make_business):
    business = make_business(title="Laden")
    business.location = "SRID=4326;POINT(51.5136 7.4653)"  # swapped
    with pytest.raises(ValidationError) as error:
        business.full_clean()
    assert "location" in error.value.message_dict
    business.location = "SRID=4326;POINT(0 0)"
    with pytest.raises(ValidationError):
        business.full_clean()
    business.location = "SRID=4326;POINT(7.50 51.49)"
    business.full_clean()


def test_privacy_point_is_stable_near_the_centre_and_independent_of_the_address(make_business, taxonomy):
    business = make_business(title="Freelancer", address_visibility="district")
    business.refresh_from_db()
    first = (business.public_lat, business.public_lng)
    business.location = "SRID=4326;POINT(7.48 51.54)"
    business.save()
    assert (business.public_lat, business.public_lng) == first
    assert (business.lat, business.lng) == (51.54, 7.48)
    district = taxonomy["nord"]
    assert abs(first[0] - district.center_lat) < 0.01 and abs(first[1] - district.center_lng) < 0.01
    assert privacy_point(district, "a") != privacy_point(district, "b")
    business.address_visibility = "exact"
    business.save()
    assert (business.public_lat, business.public_lng) == (51.54, 7.48)


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "pw-editor-123")


def test_admin_edit_view_serves_leaflet_from_our_static_files(client, editor, make_business):
    business = make_business(title="Laden")
    client.force_login(editor)
    response = client.get(f"/admin/pages/{business.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/vendor/leaflet/leaflet.js" in html
    # every script the editor's page loads comes from our own origin
    assert all(src.startswith("/") for src in re.findall(r'<script[^>]+src="([^"]+)"', html))
    assert "geocoding_address" in html


def _form_data(business, taxonomy, location):
    data = nested_form_data(
        {
            "title": business.title,
            "slug": business.slug,
            "short_description": "Kurz",
            "description": rich_text(""),
            "district": taxonomy["nord"].pk,
            "street": "Kampstraße 1",
            "postcode": "44137",
            "city": "Dortmund",
            "address_visibility": "exact",
            "geocoding_address": "",
            "location": location,
            "zoom": 16,
            "gallery_images": inline_formset([]),
            "offers": inline_formset([]),
            "regular_hours": inline_formset([]),
            "temporary_hours": inline_formset([]),
            "closing_days": inline_formset([]),
        }
    )
    data["categories"] = [str(taxonomy["food"].pk)]
    return data


@pytest.mark.parametrize(
    "location, message",
    [
        ("", "Bitte den Standort setzen"),
        ("SRID=4326;POINT(abc def)", "Ungültiger Standort"),
        ("SRID=4326;POINT(0 0)", "km von"),
    ],
)
def test_admin_rejects_missing_invalid_and_far_away_locations(
    client, editor, make_business, taxonomy, location, message
):
    business = make_business(title="Laden")
    client.force_login(editor)
    response = client.post(f"/admin/pages/{business.pk}/edit/", _form_data(business, taxonomy, location))
    assert response.status_code == 200  # the form again, with errors
    assert message in response.content.decode()  # the admin speaks German by default
    business.refresh_from_db()
    assert business.location == "SRID=4326;POINT(7.4653 51.5136)"


def test_admin_saves_a_valid_location(client, editor, make_business, taxonomy):
    business = make_business(title="Laden")
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/{business.pk}/edit/", _form_data(business, taxonomy, "SRID=4326;POINT(7.5 51.49)")
    )
    assert response.status_code == 302, (
        response.context["form"].errors,
        [f.errors for f in response.context["form"].formsets.values()],
    )
    draft = BusinessPage.objects.get(pk=business.pk).get_latest_revision_as_object()
    assert (draft.lat, draft.lng) == (51.49, 7.5)


def test_category_and_district_snippets_in_the_admin(client, editor, taxonomy):
    client.force_login(editor)
    for model in ("category", "district"):
        response = client.get(f"/admin/snippets/directory/{model}/")
        assert response.status_code == 200
    assert "Gastronomie" in client.get("/admin/snippets/directory/category/").content.decode()
    assert client.get("/admin/snippets/directory/district/?q=Nord").status_code == 200
