"""City-wide temporary hours and closures for a district or category (AreaHours)."""

import datetime as dt

import pytest

from django.urls import reverse
from django.utils import timezone

from directory.area_rules import refresh_all
from directory.models import AreaHours, BusinessPage
from directory.opening_hours_logic import is_open, load_rules
from directory.testing import make_editor


@pytest.fixture
def shops(make_business, taxonomy):
    return {
        "nord_food": make_business(title="Imbiss Nord", district=taxonomy["nord"], hours=True),
        "nord_books": make_business(
            title="Bücher Nord", district=taxonomy["nord"], categories=[taxonomy["books"]], hours=True
        ),
        "sued_food": make_business(title="Imbiss Süd", district=taxonomy["sued"], hours=True),
    }


def open_now(business):
    return is_open(load_rules(BusinessPage.objects.filter(pk=business.pk))[business.pk], timezone.now())


def rule(taxonomy, **kwargs):
    today = timezone.localdate()
    area = AreaHours(
        note="Schließung durch die Stadt",
        valid_from=today - dt.timedelta(days=1),
        valid_until=today + dt.timedelta(days=10),
        **kwargs,
    )
    area.save()
    return area


def test_closure_for_a_district_and_category(shops, taxonomy):
    area = rule(taxonomy)
    area.districts.set([taxonomy["nord"]])
    area.categories.set([taxonomy["food"]])
    area.save()
    refresh_all()
    assert not open_now(shops["nord_food"])
    assert open_now(shops["nord_books"]) and open_now(shops["sued_food"])


def test_temporary_hours_for_the_whole_city_and_page_shows_the_note(client, shops, taxonomy):
    rule(taxonomy, closed=False, opens=dt.time(0), closes=dt.time(0, 1))
    refresh_all()
    html = client.get(shops["sued_food"].url).content.decode()
    assert "Schließung durch die Stadt" in html


def test_a_business_saving_its_page_keeps_the_city_rule(shops, taxonomy):
    area = rule(taxonomy)
    area.districts.set([taxonomy["nord"]])
    refresh_all()
    page = BusinessPage.objects.get(pk=shops["nord_food"].pk)
    page.save_revision().publish()
    assert not open_now(page)


def test_deleting_the_rule_reopens(shops, taxonomy):
    area = rule(taxonomy)
    refresh_all()
    assert not open_now(shops["sued_food"])
    area.delete()
    refresh_all()
    assert open_now(shops["sued_food"])


def test_editor_creates_a_rule_in_the_admin(client, shops, taxonomy):
    client.force_login(make_editor())
    today = timezone.localdate()
    url = reverse("wagtailsnippets_directory_areahours:add")
    bad = client.post(
        url, {"note": "x", "valid_from": today, "valid_until": today - dt.timedelta(days=1), "closed": "on"}
    )
    assert bad.status_code == 200 and not AreaHours.objects.exists()
    client.post(
        url,
        {
            "note": "Lockdown Nord",
            "valid_from": today,
            "valid_until": today + dt.timedelta(days=3),
            "closed": "on",
            "districts": [taxonomy["nord"].pk],
        },
    )
    assert AreaHours.objects.count() == 1
    assert not open_now(shops["nord_books"]) and open_now(shops["sued_food"])


def test_open_hours_need_times(taxonomy):
    from django.core.exceptions import ValidationError

    today = timezone.localdate()
    with pytest.raises(ValidationError):
        AreaHours(note="x", valid_from=today, valid_until=today, closed=False).full_clean()
