"""The directory's filters on django-filter (DirectoryFilterSet): the same parameters, messages and 400s as the
hand-written form before it, and hostile, repeated and odd input handled the same everywhere."""

import pytest

from django import forms
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from directory.filters import DirectoryFilterSet, filter_businesses
from directory.models import BusinessPage

API = "/api/v1/businesses/"


def label(name):
    """A filter's label in the site's default language (German), as the page and the API say it."""
    with translation.override("de"):
        return str(DirectoryFilterSet.base_filters[name].label)


def plain_field_errors(field, value):
    """What a plain Django form field says about `value` (the old hand-written form's messages)."""
    with translation.override("de"), pytest.raises(forms.ValidationError) as caught:
        field.clean(value)
    return caught.value.messages


def page_errors(client, url, query):
    response = client.get(f"{url}?{query}")
    assert response.status_code == 200
    return response.context["filter_errors"], [card.title for card in response.context["cards"]]


@pytest.mark.parametrize(
    "query, name, field, value",
    [
        ("category=nope", "category", forms.MultipleChoiceField(choices=[]), ["nope"]),
        ("district=%3Cb%3Ex%3C%2Fb%3E", "district", forms.MultipleChoiceField(choices=[]), ["<b>x</b>"]),
        ("service=teleport", "service", forms.MultipleChoiceField(choices=[]), ["teleport"]),
        ("open=true", "open", forms.ChoiceField(choices=[("1", "1")]), "true"),
        ("campaign=2", "campaign", forms.ChoiceField(choices=[("1", "1")]), "2"),
        ("sort=price", "sort", forms.ChoiceField(choices=[("name", "n")]), "price"),
        ("q=" + "x" * 201, "q", forms.CharField(max_length=200), "x" * 201),
    ],
)
def test_messages_are_django_field_messages_prefixed_with_the_label(
    client, index_page, make_business, query, name, field, value
):
    make_business(title="Café Lisa")
    expected = [f"{label(name)}: {message}" for message in plain_field_errors(field, value)]
    errors, cards = page_errors(client, index_page.url, query)
    assert errors == expected
    assert cards == []
    response = client.get(f"{API}?{query}")
    assert response.status_code == 400
    if name == "q":  # the API's query schema (django-ninja) checks the length first, in its own words
        assert "200" in response.json()["detail"][0]
    else:
        assert response.json()["detail"] == expected


def test_every_bad_parameter_is_reported_in_the_order_of_the_form(client, index_page, make_business):
    make_business(title="A")
    errors, cards = page_errors(client, index_page.url, "sort=x&open=x&category=x&q=" + "y" * 300)
    labels = [message.split(":")[0] for message in errors]
    assert labels == [label("q"), label("category"), label("open"), label("sort")]
    assert cards == []
    response = client.get(API + "?sort=x&open=x&category=x")
    assert response.status_code == 400
    labels = [message.split(":")[0] for message in response.json()["detail"]]
    assert labels == [label("category"), label("open"), label("sort")]


def test_repeated_parameters(client, index_page, make_business, taxonomy):
    make_business(title="A", categories=[taxonomy["books"]])
    make_business(title="B", district=taxonomy["sued"])
    # repeatable ones mean "any of them"; the same value twice changes nothing
    assert page_errors(client, index_page.url, "category=buecher&category=buecher")[1] == ["A"]
    assert page_errors(client, index_page.url, "district=nord&district=sued&sort=name")[1] == ["A", "B"]
    # a single-valued parameter given twice: the last one counts, as with any Django form
    assert page_errors(client, index_page.url, "sort=price&sort=name")[0] == []
    assert page_errors(client, index_page.url, "sort=name&sort=price")[0] != []
    # many repetitions of a valid value are not an error and not slow
    assert client.get(API + "?" + "&".join(["service=delivery"] * 200)).status_code == 200


def test_unknown_parameters_are_ignored_and_control_characters_dropped(client, index_page, make_business):
    make_business(title="Café Lisa")
    assert page_errors(client, index_page.url, "colour=red&utm_source=x")[1] == ["Café Lisa"]
    # "null" is an unknown slug like any other (not django-filter's "empty" marker)
    assert page_errors(client, index_page.url, "district=null")[0] != []
    assert client.get(API, {"category": "null"}).status_code == 400
    assert page_errors(client, index_page.url, "q=%07Caf%C3%A9%09")[1] == ["Café Lisa"]
    response = client.get(API, {"q": "Café\x1b"})
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_the_map_reports_the_same_errors(client, map_page, make_business):
    make_business(title="Café Lisa")
    response = client.get(map_page.url, {"category": "nope", "sort": "price"})
    assert response.status_code == 200
    labels = [message.split(":")[0] for message in response.context["filter_errors"]]
    assert labels == [label("category"), label("sort")]


def test_the_form_offers_the_taxonomy_and_keeps_the_choices_it_had(index_page, taxonomy):
    form = DirectoryFilterSet(QueryDict("category=buecher"), BusinessPage.objects.all()).form
    assert [value for value, _label in form.fields["category"].choices] == ["buecher", "gastronomie"]
    assert [value for value, _label in form.fields["sort"].choices] == ["relevance", "name", "newest", "updated"]
    assert [value for value, _label in form.fields["open"].choices] == ["", "1"]
    assert form.is_valid() and form.cleaned_data["category"] == ["buecher"]
    assert not DirectoryFilterSet(None, BusinessPage.objects.all()).form.is_bound


def test_filtering_cleaned_data_reads_no_taxonomy(make_business, taxonomy):
    """filter_businesses (the home page's crisis sections, the API on a cache miss) builds no form."""
    make_business(title="A", district=taxonomy["sued"], offers_delivery=True)
    make_business(title="B")
    with CaptureQueriesContext(connection) as queries:
        data = {"district": ["sued"], "service": ["delivery"]}
        queryset, order = filter_businesses(BusinessPage.objects.live(), data)
        titles = list(queryset.values_list("title", flat=True))
    assert titles == ["A"] and order is None
    assert all('FROM "directory_category"' not in query["sql"] for query in queries.captured_queries)
