"""Owner A vs owner B, mass assignment, hostile text, uploads, the Wagtail admin."""

import pytest

from django.urls import reverse

from wagtail.models import WorkflowState

from directory.models import BusinessPage

from .conftest import png_upload, profile_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_a(client, owner_a):
    client.force_login(owner_a)
    return client


def test_owner_cannot_reach_other_business_by_id(client_a, business_a, business_b, district, category):
    for name in ("business", "edit", "preview", "leave"):
        assert client_a.get(reverse(f"owners:{name}", args=[business_b.pk])).status_code == 404
        assert client_a.get(reverse(f"owners:{name}", args=[business_a.pk])).status_code == 200
    for name in ("quick_update", "invite", "leave"):
        assert (
            client_a.post(reverse(f"owners:{name}", args=[business_b.pk]), {"email": "x@example.org"}).status_code
            == 404
        )
    data = profile_data(district, category, title="Gekapert")
    assert client_a.post(reverse("owners:edit", args=[business_b.pk]), data).status_code == 404
    business_b.refresh_from_db()
    assert business_b.title == "Bäckerei Bert"
    assert business_b.get_latest_revision_as_object().title == "Bäckerei Bert"
    # Ids that do not exist, or are not businesses, look the same.
    assert client_a.get(reverse("owners:business", args=[999999])).status_code == 404
    assert client_a.get(reverse("owners:business", args=[business_a.get_parent().pk])).status_code == 404


def test_dashboard_lists_only_own_businesses(client_a, business_a, business_b):
    html = client_a.get(reverse("owners:dashboard")).content.decode()
    assert "Café Anna" in html and "Bäckerei Bert" not in html


def test_owner_cannot_use_wagtail_admin(client_a, business_a):
    for url in (
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=[business_a.pk]),
        reverse("wagtailadmin_explore", args=[business_a.get_parent().pk]),
        reverse("wagtailadmin_pages:add_subpage", args=[business_a.pk]),
        "/admin/images/",
        "/admin/users/",
    ):
        response = client_a.get(url)
        assert response.status_code == 302, url
        assert "/admin" not in response["Location"].split("next=")[0] or "konto" in response["Location"]
    # Following the redirect ends in the owner dashboard, not in a loop back to the admin.
    response = client_a.get(reverse("wagtailadmin_home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("owners:dashboard")
    assert response.status_code == 200


def test_owner_cannot_publish_or_approve(client_a, owner_a, business_a, district, category):
    # Move the page into moderation, then try the editor's actions.
    client_a.post(reverse("owners:edit", args=[business_a.pk]), profile_data(district, category, title="Neu"))
    state = WorkflowState.objects.for_instance(business_a).get(status="in_progress")
    url = reverse("wagtailadmin_pages:workflow_action", args=[business_a.pk, "approve", state.current_task_state.pk])
    client_a.post(url, {"comment": ""})
    client_a.post(reverse("wagtailadmin_pages:edit", args=[business_a.pk]), {"action-publish": "1", "title": "X"})
    business_a.refresh_from_db()
    assert business_a.title == "Café Anna"
    state.refresh_from_db()
    assert state.status == "in_progress"
    assert not business_a.permissions_for_user(owner_a).can_publish()


def test_mass_assignment_is_ignored(client_a, owner_a, business_a, business_b, district, category):
    data = profile_data(
        district,
        category,
        live="false",
        owner=str(business_b.pk),
        path="0001",
        url_path="/evil/",
        slug="evil",
        locked="on",
        depth="1",
        first_published_at="2000-01-01",
        ownerships="1",
        temporarily_closed="on",
        public_lat="0",
        lat="51.52",
        lng="7.47",
    )
    assert client_a.post(reverse("owners:edit", args=[business_a.pk]), data).status_code == 302
    page = BusinessPage.objects.get(pk=business_a.pk)
    assert page.live and not page.locked
    assert page.slug == "cafe-anna" and page.url_path.endswith("/cafe-anna/")
    draft = page.get_latest_revision_as_object()
    assert draft.slug == "cafe-anna" and not draft.locked and not draft.temporarily_closed
    assert draft.owner_id != business_b.pk or draft.owner_id is None
    assert draft.title == "Kiosk Kurt"


def test_hostile_text_is_escaped(client_a, business_a, district, category):
    hostile = '<script>alert(1)</script><a href="javascript:alert(2)">klick</a> <img src=x onerror=alert(3)>'
    data = profile_data(district, category, description=hostile, short_description="<b>fett</b>", title="<i>X</i>")
    assert client_a.post(reverse("owners:edit", args=[business_a.pk]), data).status_code == 302
    draft = BusinessPage.objects.get(pk=business_a.pk).get_latest_revision_as_object()
    assert "<script" not in draft.description and "<a " not in draft.description and "<img" not in draft.description
    assert "&lt;script&gt;" in draft.description
    html = client_a.get(reverse("owners:preview", args=[business_a.pk])).content.decode()
    assert "<script>alert(1)" not in html
    assert 'href="javascript:' not in html
    assert "onerror=alert(3)>" not in html
    # The edit form shows the text back, escaped, for editing.
    form_html = client_a.get(reverse("owners:edit", args=[business_a.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in form_html


def test_javascript_urls_rejected(client_a, business_a, district, category):
    data = profile_data(district, category, website="javascript:alert(1)", shop_url="data:text/html,x")
    response = client_a.post(reverse("owners:edit", args=[business_a.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"website", "shop_url"}


def test_oversized_and_malformed_input(client_a, business_a, district, category):
    data = profile_data(district, category)
    data.update(
        {
            "title": "x" * 500,
            "short_description": "y" * 1000,
            "lat": "NaN",
            "lng": "inf",
            "postcode": "<script>",
            "phone": "' OR 1=1 --",
            "categories": ["999999", "abc"],
            "district": "1 OR 1=1",
            "regular-0-weekday": "9",
            "regular-0-opens": "25:00",
            "regular-TOTAL_FORMS": "5000",
        }
    )
    response = client_a.post(reverse("owners:edit", args=[business_a.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"title", "short_description", "postcode", "phone", "categories", "district"} <= errors.keys()
    assert not response.context["regular"].is_valid()
    assert WorkflowState.objects.for_instance(business_a).count() == 0


def test_point_far_away_rejected(client_a, business_a, district, category):
    response = client_a.post(
        reverse("owners:edit", args=[business_a.pk]), profile_data(district, category, lat="48.1", lng="11.5")
    )
    assert response.status_code == 200 and "lat" in response.context["form"].errors


def test_upload_not_an_image(client_a, business_a, district, category):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = profile_data(district, category)
    data["logo"] = SimpleUploadedFile("logo.png", b"#!/bin/sh\nrm -rf /\n", content_type="image/png")
    response = client_a.post(reverse("owners:edit", args=[business_a.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["logo"]


def test_upload_wrong_extension(client_a, business_a, district, category):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = profile_data(district, category)
    data["logo"] = SimpleUploadedFile("logo.svg", b"<svg onload=alert(1)></svg>", content_type="image/svg+xml")
    response = client_a.post(reverse("owners:edit", args=[business_a.pk]), data)
    assert response.status_code == 200 and response.context["form"].errors["logo"]


def test_upload_too_large(client_a, business_a, district, category):
    import io
    import os

    from PIL import Image as PILImage

    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()  # random noise does not compress: > 5 MB (WAGTAILIMAGES_MAX_UPLOAD_SIZE)
    PILImage.frombytes("RGB", (1400, 1400), os.urandom(1400 * 1400 * 3)).save(buffer, format="PNG")
    assert buffer.tell() > 5 * 1024 * 1024
    data = profile_data(district, category)
    data["logo"] = SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")
    response = client_a.post(reverse("owners:edit", args=[business_a.pk]), data)
    assert response.status_code == 200
    assert "logo" in response.context["form"].errors


def test_upload_decompression_bomb(client_a, business_a, district, category):
    # A small file that claims 49 million pixels (over WAGTAILIMAGES_MAX_IMAGE_PIXELS): rejected by its header.
    import io

    from PIL import Image as PILImage

    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    PILImage.new("1", (7000, 7000)).save(buffer, format="PNG")
    assert buffer.tell() < 200_000
    data = profile_data(district, category)
    data["logo"] = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")
    response = client_a.post(reverse("owners:edit", args=[business_a.pk]), data)
    assert response.status_code == 200
    assert "logo" in response.context["form"].errors


def test_photo_needs_alt_text_and_valid_upload_is_stored(client_a, business_a, district, category):
    from wagtail.images import get_image_model

    data = profile_data(district, category)
    data["photo"] = png_upload("laden.png")
    response = client_a.post(reverse("owners:edit", args=[business_a.pk]), data)
    assert response.status_code == 200 and "photo_alt" in response.context["form"].errors
    data = profile_data(district, category, photo_alt="Unser Tresen")
    data["photo"] = png_upload("laden.png")
    data["logo"] = png_upload("logo.png")
    assert client_a.post(reverse("owners:edit", args=[business_a.pk]), data).status_code == 302
    draft = BusinessPage.objects.get(pk=business_a.pk).get_latest_revision_as_object()
    assert draft.logo is not None and draft.gallery_images.all()[0].caption == "Unser Tresen"
    assert get_image_model().objects.filter(description="Unser Tresen").exists()


def test_unverified_user_has_no_owner_rights(client, business_a):
    from owners.groups import grant_ownership
    from owners.testing import make_verified_user

    user = make_verified_user("unbestaetigt@example.org", verified=False)
    grant_ownership(business_a, user)
    client.force_login(user)
    assert client.get(reverse("owners:dashboard")).status_code == 403
    assert client.get(reverse("owners:edit", args=[business_a.pk])).status_code == 403
    assert client.get(reverse("owners:preview", args=[business_a.pk])).status_code == 403


def test_anonymous_redirected_to_login(client, business_a):
    for name in ("edit", "preview", "business"):
        response = client.get(reverse(f"owners:{name}", args=[business_a.pk]))
        assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_preview_is_private(client_a, business_a):
    response = client_a.get(reverse("owners:preview", args=[business_a.pk]))
    assert response.status_code == 200
    assert "noindex" in response["X-Robots-Tag"] and "no-store" in response["Cache-Control"]
