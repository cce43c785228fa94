"""Crisis mode: the site-wide banner and the home page that shows who is open, delivers or offers pick-up."""

import datetime as dt

import pytest

from django.utils import timezone

from wagtail.models import Site

from directory.factories import BusinessPageFactory, CategoryFactory, DirectoryIndexPageFactory, DistrictFactory
from directory.models import RegularHours
from home.models import CrisisSettings


@pytest.fixture
def crisis(db):
    settings = CrisisSettings.for_site(Site.objects.get(is_default_site=True))
    settings.banner_active = True
    settings.severity = "critical"
    settings.title = "Allgemeinverfügung"
    settings.title_en = "City order"
    settings.text = "Alle Geschäfte schließen um 20 Uhr.\n<script>alert(1)</script>"
    settings.save()
    return settings


def test_banner_on_every_page_escaped_and_in_the_visitors_language(client, crisis):
    home = client.get("/").content.decode()
    assert "crisis-banner--critical" in home and "Allgemeinverfügung" in home
    assert "<script>alert(1)</script>" not in home and "&lt;script&gt;" in home
    assert "City order" in client.get("/en/").content.decode()
    assert "Allgemeinverfügung" in client.get("/suche/").content.decode()


def test_banner_off_or_expired(client, crisis):
    crisis.ends_at = timezone.now() - dt.timedelta(minutes=1)
    crisis.save()
    assert "crisis-banner" not in client.get("/").content.decode()
    crisis.ends_at = None
    crisis.banner_active = False
    crisis.save()
    assert "crisis-banner" not in client.get("/").content.decode()


def test_crisis_home_shows_open_delivery_and_pickup(client, crisis, django_assert_max_num_queries):
    index = DirectoryIndexPageFactory()
    district, category = DistrictFactory(), CategoryFactory()
    delivering = BusinessPageFactory(
        parent=index, title="Lieferdienst Nord", offers_delivery=True, district=district, categories=[category]
    )
    for weekday in range(7):
        RegularHours.objects.create(page=delivering, weekday=weekday, opens=dt.time(0), closes=dt.time(0))
    BusinessPageFactory(
        parent=index, title="Abholung Süd", offers_pickup=True, district=district, categories=[category]
    )
    BusinessPageFactory(
        parent=index,
        title="Geschlossen",
        offers_pickup=True,
        temporarily_closed=True,
        district=district,
        categories=[category],
    )
    assert "Lieferdienst Nord" not in client.get("/").content.decode()
    crisis.crisis_home = True
    crisis.save()
    with django_assert_max_num_queries(60):
        html = client.get("/").content.decode()
    assert "crisis-home" in html
    assert html.count("Lieferdienst Nord") >= 2  # open now and delivering
    assert "Abholung Süd" in html and "Geschlossen" not in html.split("crisis-home")[1].split("</section>")[0]
    assert "?service=delivery" in html and "?open=1" in html


def test_crisis_home_with_no_businesses(client, crisis):
    DirectoryIndexPageFactory()
    crisis.crisis_home = True
    crisis.save()
    response = client.get("/")
    assert response.status_code == 200 and "crisis-home" in response.content.decode()
