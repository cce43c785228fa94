"""Collective campaigns as a map layer (`directory_map_layers`, fundraising/collective/map_layer.py)."""

import datetime
import json
import re

import pytest

from django.utils import timezone

from wagtail import hooks
from wagtail.models import PageViewRestriction

from directory import hooks as directory_hooks
from directory.factories import BusinessPageFactory, MapPageFactory
from fundraising.collective import map_layer
from fundraising.collective.beneficiaries import freeze
from fundraising.collective.factories import CollectiveCampaignPageFactory
from fundraising.collective.models import OptOut

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def campaign(city, start=7, end=37, **kwargs):
    page = CollectiveCampaignPageFactory(start_date=days(start), end_date=days(end), **kwargs)
    page.rule_categories.set([city["gastro"]])
    page.rule_districts.set([city["north"]])
    page.save()
    return page


def by_id(layers):
    return {layer["id"]: layer for layer in layers}


@pytest.fixture
def fake_shares(monkeypatch):
    """live_shares as the lead's contract defines it: {business_id: cents} for frozen campaigns."""
    values = {}

    def live_shares(page):
        return dict(values.get(page.pk, {})) if page.frozen_at else {}

    monkeypatch.setattr(map_layer, "_live_shares", live_shares)
    return values


def test_upcoming_campaign_is_a_preview_without_shares(city):
    page = campaign(city, club_name="FC Nord")
    OptOut.objects.create(campaign=page, business=city["gastro_north_2"])
    layer = by_id(map_layer.map_layers())[page.pk]
    assert layer["state"] == "upcoming" and layer["title"] == page.title and layer["initiator"] == "FC Nord"
    assert layer["url"] == page.url
    # The rule's live businesses minus the opt-out; the unpublished one and other districts never appear.
    assert layer["beneficiaries"] == {city["gastro_north_1"].pk: {"share_cents": None}}


def test_frozen_campaign_lists_the_frozen_businesses_with_live_shares(city, fake_shares):
    page = campaign(city, start=0)
    freeze(page)
    fake_shares[page.pk] = {city["gastro_north_1"].pk: 1234}
    BusinessPageFactory(title="Neu im Viertel", district=city["north"], categories=[city["gastro"]])  # after start
    layer = by_id(map_layer.map_layers())[page.pk]
    assert layer["state"] == "active"
    assert layer["beneficiaries"] == {
        city["gastro_north_1"].pk: {"share_cents": 1234},
        city["gastro_north_2"].pk: {"share_cents": 0},  # no share yet
    }


def test_real_live_shares_are_whole_cents_for_every_beneficiary(city):
    page = campaign(city, start=0)
    freeze(page)
    layer = by_id(map_layer.map_layers())[page.pk]
    assert layer["beneficiaries"] == {
        city["gastro_north_1"].pk: {"share_cents": 0},
        city["gastro_north_2"].pk: {"share_cents": 0},
    }


def test_unpublished_and_private_campaigns_are_not_layers(city):
    draft = campaign(city)
    draft.unpublish()
    private = campaign(city)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    shown = campaign(city)
    assert set(by_id(map_layer.map_layers())) == {shown.pk}


def test_unpublished_businesses_leave_the_frozen_list_on_the_map(city, fake_shares):
    page = campaign(city, start=0)
    freeze(page)
    city["gastro_north_2"].unpublish()
    assert set(by_id(map_layer.map_layers())[page.pk]["beneficiaries"]) == {city["gastro_north_1"].pk}


def test_ended_campaigns_stay_a_fortnight(city, fake_shares):
    recent = campaign(city, start=-40, end=-3)
    freeze(recent)
    old = campaign(city, start=-60, end=-(map_layer.RECENT_DAYS + 1))
    freeze(old)
    layers = by_id(map_layer.map_layers())
    assert layers[recent.pk]["state"] == "ended" and old.pk not in layers


def test_order_running_then_upcoming_then_ended(city, fake_shares):
    ended = campaign(city, start=-40, end=-1)
    upcoming = campaign(city, start=3)
    running = campaign(city, start=-2)
    assert [layer["id"] for layer in map_layer.map_layers()] == [running.pk, upcoming.pk, ended.pk]


def test_started_but_not_yet_frozen_uses_the_preview(city):
    page = campaign(city, start=0)  # the daily freeze has not run yet
    layer = by_id(map_layer.map_layers())[page.pk]
    assert layer["state"] == "active"
    assert all(info["share_cents"] is None for info in layer["beneficiaries"].values())


def test_registered_as_the_directory_hook(city):
    assert map_layer.collective_map_layers in hooks.get_hooks("directory_map_layers")
    page = campaign(city)
    assert page.pk in {layer["id"] for layer in directory_hooks.map_layers(None)}


def test_query_count_does_not_grow_with_beneficiaries(city, fake_shares, django_assert_max_num_queries):
    frozen = campaign(city, start=0)
    freeze(frozen)
    campaign(city)  # one upcoming preview
    with django_assert_max_num_queries(25) as small:
        map_layer.map_layers()
    for i in range(15):
        BusinessPageFactory(title=f"Wirtschaft {i}", district=city["north"], categories=[city["gastro"]])
    frozen_big = campaign(city, start=0)
    freeze(frozen_big)
    with django_assert_max_num_queries(25) as large:
        layers = by_id(map_layer.map_layers())
    assert len(layers[frozen_big.pk]["beneficiaries"]) == 17
    # One more frozen campaign costs at most what its live shares need, never one query per business.
    assert len(large.captured_queries) <= len(small.captured_queries) + 1


def test_map_page_shows_the_campaign_layer_and_shares(client, city, fake_shares):
    page = campaign(city, start=0, club_name="FC Nord")
    freeze(page)
    fake_shares[page.pk] = {city["gastro_north_1"].pk: 25_050, city["gastro_north_2"].pk: 24_950}
    map_page = MapPageFactory()
    html = client.get(map_page.url, {"aktion": str(page.pk)}).content.decode()
    data = json.loads(re.search(r'<script id="map-layers" type="application/json">(.*?)</script>', html, re.S)[1])
    assert data["selected"] == page.pk
    north_1, north_2 = str(city["gastro_north_1"].pk), str(city["gastro_north_2"].pk)
    assert data["layers"][0]["shares"] == {north_1: 25_050, north_2: 24_950}
    section = re.search(rf'data-layer-list="{page.pk}"(.*?)</section>', html, re.S).group(1)
    assert "Brauhaus Nord" in section and "250,50 €" in section and "249,50 €" in section
    assert "Buchladen Nord" not in section
    assert f'href="{page.url}"' in html


def render_map_link(page):
    from django.template import engines
    from django.test import RequestFactory

    template = engines["django"].from_string("{% load collective_map %}{% collective_map_url page as u %}[{{ u }}]")
    return template.render({"page": page}, RequestFactory().get("/"))


def test_map_link_for_the_campaign_page(city):
    page = campaign(city)
    assert render_map_link(page) == "[]"  # no map page yet
    map_page = MapPageFactory()
    assert render_map_link(page) == f"[{map_page.url}?aktion={page.pk}]"
    old = campaign(city, start=-60, end=-(map_layer.RECENT_DAYS + 1))
    assert render_map_link(old) == "[]"
    page.unpublish()
    assert render_map_link(page) == "[]"


def test_map_page_queries_do_not_grow_with_beneficiaries(client, city, django_assert_max_num_queries):
    """With the real live shares (the campaign's ledger): more beneficiaries, not more queries."""
    map_page = MapPageFactory()
    page = campaign(city, start=0)
    freeze(page)
    client.get(map_page.url, {"aktion": str(page.pk)})
    with django_assert_max_num_queries(60) as small:
        client.get(map_page.url, {"aktion": str(page.pk)})
    for i in range(12):
        BusinessPageFactory(title=f"Wirtschaft {i}", district=city["north"], categories=[city["gastro"]])
    bigger = campaign(city, start=0)
    freeze(bigger)
    page.unpublish()  # one frozen campaign on the map again, now with 14 beneficiaries
    client.get(map_page.url, {"aktion": str(bigger.pk)})  # unpublishing dropped the cached navigation: warm it
    with django_assert_max_num_queries(60) as large:
        html = client.get(map_page.url, {"aktion": str(bigger.pk)}).content.decode()
    assert html.count("map-list__item--layer") == 14
    assert len(large.captured_queries) <= len(small.captured_queries)
