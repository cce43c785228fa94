import pytest

from directory.factories import BusinessPageFactory
from directory.views_support import PAGE_SIZE

from .conftest import summary

pytestmark = pytest.mark.django_db


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def names(response):
    return [card.title for card in response.context["cards"]]


def test_lists_published_businesses_as_cards_without_drafts(client, index_page, make_business):
    make_business(title="Café Lisa")
    make_business(title="Bäckerei Yilmaz")
    draft = make_business(title="Geheimer Entwurf")
    draft.unpublish()
    response = get(client, index_page.url)
    assert names(response) == ["Bäckerei Yilmaz", "Café Lisa"]
    html = response.content.decode()
    assert "Café Lisa" in html and "Geheimer Entwurf" not in html
    assert response.context["result_count"] == 2


def test_filters_by_category_district_and_service(client, index_page, make_business, taxonomy):
    make_business(title="A", categories=[taxonomy["books"]], offers_delivery=True)
    make_business(title="B", district=taxonomy["sued"], offers_delivery=True, offers_pickup=True)
    make_business(title="C")
    assert names(get(client, index_page.url, category="buecher")) == ["A"]
    assert names(get(client, index_page.url, district="sued")) == ["B"]
    assert names(get(client, index_page.url, service="delivery")) == ["A", "B"]
    assert names(get(client, index_page.url + "?service=delivery&service=pickup")) == ["B"]
    assert names(get(client, index_page.url + "?district=nord&district=sued&category=gastronomie")) == ["B", "C"]


def test_open_now_filter(client, index_page, make_business):
    make_business(title="Always", hours=True)
    make_business(title="Never")
    make_business(title="Closed flag", hours=True, temporarily_closed=True)
    response = get(client, index_page.url, open="1")
    assert names(response) == ["Always"]
    assert "Open now" in response.content.decode() or "Jetzt geöffnet" in response.content.decode()


def test_campaign_filter_and_progress_come_from_hooks(client, index_page, make_business, campaign_hooks):
    with_campaign = make_business(title="Mit Kampagne")
    make_business(title="Ohne")
    # No hook registered: nobody has a campaign.
    assert names(get(client, index_page.url, campaign="1")) == []
    campaign_hooks({with_campaign.pk: summary()})
    response = get(client, index_page.url, campaign="1")
    assert names(response) == ["Mit Kampagne"]
    html = response.content.decode()
    assert '<progress class="progress" max="100" value="25"' in html


def test_search_finds_by_name_and_description_and_escapes_html(client, index_page, make_business):
    make_business(title="Buchhandlung Krüger", short_description="Romane und Krimis")
    make_business(title="Café Lisa")
    assert names(get(client, index_page.url, q="Krimis")) == ["Buchhandlung Krüger"]
    assert names(get(client, index_page.url, q="Lisa")) == ["Café Lisa"]
    hostile = '<script>alert("x")</script>'
    response = get(client, index_page.url, q=hostile)
    html = response.content.decode()
    assert hostile not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "query",
    ["' OR 1=1 --", '"; DROP TABLE wagtailcore_page; --', "%", "_", "*", "AND", "NOT", '"', "(", "\x00abc", "ü" * 200],
)
def test_hostile_search_never_fails(client, index_page, make_business, query):
    make_business(title="Café Lisa")
    response = client.get(index_page.url, {"q": query})
    assert response.status_code == 200
    assert response.context["cards"] == [] or names(response) == ["Café Lisa"]


def test_oversized_search_gives_a_clear_error(client, index_page, make_business):
    make_business(title="Café Lisa")
    response = get(client, index_page.url, q="x" * 500)
    assert response.context["filter_errors"]
    assert response.context["cards"] == []
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"category": "does-not-exist"},
        {"district": "<b>x</b>"},
        {"service": "teleportation"},
        {"open": "yes"},
        {"campaign": "2"},
        {"sort": "price"},
    ],
)
def test_unknown_filter_values_show_a_message_and_no_results(client, index_page, make_business, params):
    make_business(title="Café Lisa")
    response = get(client, index_page.url, **params)
    assert response.context["filter_errors"]
    assert response.context["cards"] == []
    html = response.content.decode()
    assert "<b>x</b>" not in html


@pytest.mark.parametrize("page", ["999999999999999999999", "2", "-1", "0", "abc", "1e9", "NaN"])
def test_page_numbers_out_of_range_or_garbage(client, index_page, make_business, page):
    make_business(title="Café Lisa")
    response = get(client, index_page.url, page=page)
    assert names(response) == ["Café Lisa"]
    assert response.context["page_obj"].number == 1


def test_pagination_and_sorting(client, index_page, make_business):
    for number in range(PAGE_SIZE + 2):
        make_business(title=f"Laden {number:02d}")
    first = get(client, index_page.url)
    assert len(first.context["cards"]) == PAGE_SIZE
    second = get(client, index_page.url, page="2")
    assert names(second) == [f"Laden {PAGE_SIZE:02d}", f"Laden {PAGE_SIZE + 1:02d}"]
    assert 'aria-current="page"' in second.content.decode()
    newest = get(client, index_page.url, sort="newest")
    assert names(newest)[0] == f"Laden {PAGE_SIZE + 1:02d}"
    # Filters survive in the pagination links.
    response = get(client, index_page.url, sort="newest", service="")
    assert "sort=newest" in response.content.decode()


def test_the_directory_is_unfiltered_without_parameters(client, index_page, make_business):
    make_business(title="Café Lisa")
    response = get(client, index_page.url)
    assert response.context["filter_errors"] == []
    assert "noindex" not in response.content.decode()


def _create(index_page, taxonomy, count):
    for _ in range(count):
        BusinessPageFactory(parent=index_page, district=taxonomy["nord"], categories=[taxonomy["food"]])


@pytest.mark.parametrize(
    "params",
    [{}, {"open": "1"}, {"q": "Laden"}, {"category": "gastronomie", "service": "delivery", "campaign": "1"}],
)
def test_query_count_does_not_grow_with_the_data(
    client, index_page, taxonomy, django_assert_max_num_queries, campaign_hooks, params
):
    campaign_hooks({})
    _create(index_page, taxonomy, 3)
    client.get(index_page.url, params)  # warm up (site root paths, renditions)
    with django_assert_max_num_queries(30) as small:
        assert client.get(index_page.url, params).status_code == 200
    _create(index_page, taxonomy, 30)
    client.get(index_page.url, params)
    with django_assert_max_num_queries(30) as large:
        assert client.get(index_page.url, params).status_code == 200
    assert len(large.captured_queries) <= len(small.captured_queries) + 1


def test_selects_left_at_all_send_empty_values_that_mean_no_filter(client, index_page, make_business, taxonomy):
    """A browser submits `category=&district=` when the selects stay at "all": every business is shown."""
    make_business(title="A", categories=[taxonomy["books"]])
    make_business(title="B", district=taxonomy["sued"])
    url = index_page.url + "?q=&category=&district=&sort=name"
    assert names(get(client, url)) == ["A", "B"]
    assert names(get(client, index_page.url + "?category=&category=buecher&district=")) == ["A"]
    # an unknown value is still an error, not silently ignored
    assert names(get(client, index_page.url + "?category=&category=nonsense")) == []


def test_api_treats_empty_filter_values_as_no_filter(client, make_business, taxonomy):
    make_business(title="A", categories=[taxonomy["books"]])
    response = client.get("/api/v1/businesses/?category=&district=")
    assert response.status_code == 200
    assert response.json()["count"] == 1
