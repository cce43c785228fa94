"""Map layers (the `directory_map_layers` hook): the layer control, ?aktion=, the list alternative, the embed."""

import datetime as dt
import json
import re

import pytest

from wagtail import hooks

from directory import hooks as directory_hooks

pytestmark = pytest.mark.django_db


def json_block(html, element_id):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def layer(layer_id, members, title="Fans für Nord", state="active", **extra):
    return {
        "id": layer_id,
        "title": title,
        "url": f"/sammelaktionen/aktion-{layer_id}/",
        "state": state,
        "initiator": "FC Nord",
        "start_date": dt.date(2026, 11, 1),
        "end_date": dt.date(2026, 12, 31),
        "beneficiaries": members,
        **extra,
    }


@pytest.fixture
def layers_hook():
    """Register a fake `directory_map_layers` hook returning the given layers (and count its calls)."""
    from contextlib import ExitStack

    stack = ExitStack()
    calls = []

    def register(layers):
        def fn(request):
            calls.append(request)
            return layers

        stack.enter_context(hooks.register_temporarily("directory_map_layers", fn))
        return calls

    yield register
    stack.close()


@pytest.fixture
def two_layers(make_business, layers_hook):
    lisa = make_business(title="Café Lisa")
    grill = make_business(title="Grill Nord")
    other = make_business(title="Buchladen")
    hidden = make_business(title="Laden ohne Punkt", location="")
    layers = [
        layer(
            501,
            {lisa.pk: {"share_cents": 12_345}, grill.pk: {"share_cents": 0}, hidden.pk: {"share_cents": 500}},
        ),
        layer(502, {other.pk: {"share_cents": None}}, title="Bald: Bücher", state="upcoming"),
    ]
    layers_hook(layers)
    return {"lisa": lisa, "grill": grill, "other": other, "hidden": hidden}


def test_hook_output_is_normalised_and_bad_layers_dropped(layers_hook):
    layers_hook(
        [
            layer("7", {"3": {"share_cents": "250"}, 4: {}}),
            layer(7, {}, title="duplicate id"),
            layer(8, {}, state="secret"),
            layer(9, {}, title=""),
            {"title": "no id", "state": "active"},
            layer(10, {"x": {"share_cents": 1}}),
        ]
    )
    result = directory_hooks.map_layers(None)
    assert [item["id"] for item in result] == [7]
    assert result[0]["beneficiaries"] == {3: 250, 4: None}


def test_map_page_offers_a_layer_control_and_embeds_the_layers(client, map_page, two_layers):
    html = client.get(map_page.url).content.decode()
    assert 'aria-labelledby="map-layers-heading"' in html
    assert '<input type="radio" name="aktion" value="" checked>' in html
    assert '<input type="radio" name="aktion" value="501">' in html
    assert "Fans für Nord" in html and "Bald: Bücher" in html
    data = json_block(html, "map-layers")
    assert data["param"] == "aktion" and data["selected"] is None
    first = data["layers"][0]
    assert first["id"] == 501 and first["shares"] == {
        str(two_layers["lisa"].pk): 12_345,
        str(two_layers["grill"].pk): 0,
        str(two_layers["hidden"].pk): 500,
    }
    assert data["layers"][1]["shares"] == {str(two_layers["other"].pk): None}
    # Without a choice, every layer's section and info box is hidden; each member's list line says "part of".
    assert re.search(r'data-layer-list="501"[^>]* hidden', html)
    assert re.search(r'data-layer-info="501"[^>]* hidden', html)
    item = re.search(rf'<li class="map-list__item" data-business="{two_layers["lisa"].pk}">(.*?)</li>', html, re.S)
    assert "Fans für Nord" in item.group(1) and "123,45 €" in item.group(1)


def test_aktion_selects_a_layer_for_map_list_and_filters(client, map_page, two_layers):
    html = client.get(map_page.url, {"aktion": "501", "district": "nord"}).content.decode()
    assert json_block(html, "map-layers")["selected"] == 501
    assert '<input type="radio" name="aktion" value="501" checked>' in html
    assert not re.search(r'data-layer-list="501"[^>]* hidden', html)
    assert re.search(r'data-layer-list="502"[^>]* hidden', html)
    section = re.search(r'data-layer-list="501"(.*?)</section>', html, re.S).group(1)
    # The list alternative: every member matching the filters (also the one without a point), with its share.
    for name in ("Café Lisa", "Grill Nord", "Laden ohne Punkt"):
        assert name in section
    assert "Buchladen" not in section
    assert "123,45 €" in section and "0 €" in section
    assert "map-list__layer--selected" in html
    # The filters form keeps the layer, the layer form keeps the filters.
    assert '<input type="hidden" name="aktion" value="501" data-layer-field>' in html
    assert '<input type="hidden" name="district" value="nord">' in html
    # Only the mappable members count as "on the map".
    assert "2 businesses taking part are on the map" in html or "2 teilnehmende Unternehmen" in html


def test_upcoming_layer_shows_a_preview_note_instead_of_shares(client, map_page, two_layers):
    html = client.get(map_page.url, {"aktion": "502"}).content.decode()
    section = re.search(r'data-layer-list="502"(.*?)</section>', html, re.S).group(1)
    assert "Buchladen" in section and "€" not in section
    assert "Vorschau" in section or "Preview" in section


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "-1",
        "501.0",
        " 501",
        "99999999999999999999999999",
        "1e3",
        "999",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "501%00",
    ],
)
def test_hostile_or_unknown_aktion_selects_nothing(client, map_page, two_layers, value):
    response = client.get(map_page.url, {"aktion": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert json_block(html, "map-layers")["selected"] is None
    assert "<script>alert" not in html and "<img src=x" not in html
    assert 'role="alert"' in html  # says the campaign cannot be shown
    assert "data-layer-field" not in html
    assert '<input type="radio" name="aktion" value="" checked>' in html


def test_other_page_ids_select_nothing(client, map_page, two_layers):
    for pk in (two_layers["lisa"].pk, map_page.pk):  # a business, the map itself: not layers
        html = client.get(map_page.url, {"aktion": str(pk)}).content.decode()
        assert json_block(html, "map-layers")["selected"] is None


def test_empty_aktion_is_no_layer_and_no_error(client, map_page, two_layers):
    html = client.get(map_page.url, {"aktion": ""}).content.decode()
    assert json_block(html, "map-layers")["selected"] is None
    assert 'role="alert"' not in html


def test_hostile_layer_content_is_escaped(client, map_page, make_business, layers_hook):
    business = make_business(title="Café Lisa")
    evil = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
    layers_hook([layer(601, {business.pk: {"share_cents": 1}}, title=evil, initiator=evil)])
    html = client.get(map_page.url, {"aktion": "601"}).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert json_block(html, "map-layers")["layers"][0]["title"] == evil  # intact as data, escaped in HTML


def test_no_layers_no_control(client, map_page, make_business):
    make_business(title="Café Lisa")
    html = client.get(map_page.url).content.decode()
    assert "map-layers-heading" not in html
    assert json_block(html, "map-layers") == {"param": "aktion", "selected": None, "layers": []}


def test_embed_highlights_the_chosen_layer_with_absolute_links(client, map_page, two_layers):
    html = client.get(map_page.url + "embed/", {"aktion": "501"}).content.decode()
    assert json_block(html, "map-layers")["selected"] == 501
    assert 'href="http://testserver/sammelaktionen/aktion-501/"' in html
    assert 'data-layer-list="501"' in html and 'data-layer-list="502"' not in html
    assert "map-layers-heading" not in html  # no control in the embed


def test_embed_code_keeps_the_layer(client, map_page, two_layers):
    html = client.get(map_page.url, {"aktion": "501"}).content.decode()
    assert "embed/?aktion=501" in html


def test_layer_hook_called_once_and_query_count_constant(
    client, map_page, index_page, taxonomy, layers_hook, django_assert_max_num_queries
):
    from directory.factories import BusinessPageFactory

    members = {}
    calls = layers_hook([layer(701, members)])
    for _ in range(3):
        members[BusinessPageFactory(parent=index_page, district=taxonomy["nord"]).pk] = {"share_cents": 5}
    client.get(map_page.url, {"aktion": "701"})
    with django_assert_max_num_queries(40) as small:
        client.get(map_page.url, {"aktion": "701"})
    for _ in range(20):
        members[BusinessPageFactory(parent=index_page, district=taxonomy["nord"]).pk] = {"share_cents": 5}
    client.get(map_page.url, {"aktion": "701"})  # the counts of the larger city into the cache, as before
    calls.clear()
    with django_assert_max_num_queries(40) as large:
        html = client.get(map_page.url, {"aktion": "701"}).content.decode()
    assert len(calls) == 1
    assert len(large.captured_queries) <= len(small.captured_queries)
    assert len(json_block(html, "map-layers")["layers"][0]["shares"]) == 23
