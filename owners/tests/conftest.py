import io

import pytest
from PIL import Image as PILImage

from django.core.files.uploadedfile import SimpleUploadedFile

from directory.factories import (
    BusinessPageFactory,
    CategoryFactory,
    DirectoryIndexPageFactory,
    DistrictFactory,
)
from owners.groups import grant_ownership
from owners.testing import make_editor, make_verified_user


@pytest.fixture
def directory(db):
    return DirectoryIndexPageFactory()


@pytest.fixture
def district(db):
    return DistrictFactory(name="Innenstadt-West", slug="innenstadt-west", center_lat=51.5136, center_lng=7.4553)


@pytest.fixture
def category(db):
    return CategoryFactory(name="Café", name_en="Café", slug="cafe")


@pytest.fixture
def owner_a(db):
    return make_verified_user("anna@example.org")


@pytest.fixture
def owner_b(db):
    return make_verified_user("bert@example.org")


@pytest.fixture
def editor(db):
    return make_editor("redaktion@example.org")


@pytest.fixture
def business_a(directory, owner_a, district, category):
    page = BusinessPageFactory(title="Café Anna", slug="cafe-anna", district=district, categories=[category])
    grant_ownership(page, owner_a)
    return page


@pytest.fixture
def business_b(directory, owner_b, district, category):
    page = BusinessPageFactory(title="Bäckerei Bert", slug="baeckerei-bert", district=district, categories=[category])
    grant_ownership(page, owner_b)
    return page


def png_bytes(width=40, height=30, fmt="PNG"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def png_upload(name="logo.png", **kwargs):
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


def profile_data(district, category, **overrides):
    data = {
        "title": "Kiosk Kurt",
        "categories": [category.pk],
        "short_description": "Zeitungen, Kaffee und Klatsch.",
        "description": "Seit 1982 am Markt.\n\nJetzt auch mit Lieferung.",
        "district": district.pk,
        "street": "Marktstraße 3",
        "postcode": "44137",
        "city": "Dortmund",
        "address_visibility": "exact",
        "lat": "51.5140",
        "lng": "7.4650",
        "phone": "0231 123456",
        "email": "kurt@example.org",
        "website": "https://kiosk-kurt.example.org",
        "offers_pickup": "on",
        "situation_note": "Nur Abholung.",
        "regular-TOTAL_FORMS": "3",
        "regular-INITIAL_FORMS": "0",
        "regular-MIN_NUM_FORMS": "0",
        "regular-MAX_NUM_FORMS": "28",
        "regular-0-weekday": "0",
        "regular-0-opens": "08:00",
        "regular-0-closes": "18:00",
        "temporary-TOTAL_FORMS": "1",
        "temporary-INITIAL_FORMS": "0",
        "temporary-MIN_NUM_FORMS": "0",
        "temporary-MAX_NUM_FORMS": "20",
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def _send_mail_at_once(monkeypatch):
    """Tests run inside a transaction that never commits: run on-commit mail jobs immediately."""
    import commons.emails
    import owners.adapter

    monkeypatch.setattr(commons.emails.transaction, "on_commit", lambda fn, *a, **k: fn())
    monkeypatch.setattr(owners.adapter.transaction, "on_commit", lambda fn, *a, **k: fn())
