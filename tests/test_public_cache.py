"""The shared public-page cache (cms/caching.py + cms.middleware.PublicPageCacheMiddleware)."""

import pytest

from django.core.cache import cache
from django.db import transaction

from wagtail.models import Page, Site

from cms import caching
from directory.tests.counting import CountingCache
from fundraising import signals as fundraising_signals
from home.models import HomePage
from tests import cache_urls


def _templates():
    from pathlib import Path

    from django.conf import settings

    templates = [dict(t) for t in settings.TEMPLATES]
    templates[0] = {**templates[0], "DIRS": [Path(__file__).parent / "templates", *templates[0]["DIRS"]]}
    return templates


pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PUBLIC_PAGE_CACHE = True
    settings.PAGE_CACHE_SECONDS = 60
    settings.ROOT_URLCONF = "tests.cache_urls"
    settings.TEMPLATES = _templates()
    cache_urls.RENDERS["count"] = 0
    yield


def rendered(response):
    return response.content.decode()


def test_anonymous_get_is_served_from_the_cache(client):
    first = client.get("/plain/")
    second = client.get("/plain/")
    assert first.status_code == second.status_code == 200
    assert first["X-Public-Cache"] == "miss"
    assert second["X-Public-Cache"] == "hit"
    assert rendered(second) == rendered(first) == "render 1 lang=de q="
    assert cache_urls.RENDERS["count"] == 1


def test_a_cached_hit_is_one_cache_round_trip(client, monkeypatch):
    counting = CountingCache(cache)
    monkeypatch.setattr(caching, "_cache", lambda: counting)
    client.get("/plain/")  # miss: renders and stores
    counting.calls.clear()
    response = client.get("/plain/")
    assert response["X-Public-Cache"] == "hit"
    assert counting.calls == ["get_many"]
    counting.calls.clear()
    client.get("/plain/", {"q": "neu"})  # a miss costs the same read plus the store
    assert counting.calls == ["get_many", "set"]


def test_entry_of_an_older_generation_is_not_served(client):
    client.get("/plain/")
    caching._bump()
    assert client.get("/plain/")["X-Public-Cache"] == "miss"
    assert client.get("/plain/")["X-Public-Cache"] == "hit"
    assert cache_urls.RENDERS["count"] == 2


def test_foreign_value_under_the_key_is_ignored(client, rf):
    client.get("/plain/")
    key = caching.request_key(rf.get("/plain/"))
    cache.set(key, "not a (generation, response) pair")
    assert client.get("/plain/")["X-Public-Cache"] == "miss"


def test_cache_off_by_setting(client, settings):
    settings.PUBLIC_PAGE_CACHE = False
    client.get("/plain/")
    response = client.get("/plain/")
    assert "X-Public-Cache" not in response
    assert cache_urls.RENDERS["count"] == 2


def test_zero_seconds_disables_the_cache(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/plain/")
    client.get("/plain/")
    assert cache_urls.RENDERS["count"] == 2


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_requests_with_a_session_or_pending_messages_bypass_the_cache(client, cookie):
    client.get("/plain/")
    client.cookies[cookie] = "something"
    response = client.get("/plain/")
    assert "X-Public-Cache" not in response
    assert rendered(response) == "render 2 lang=de q="


def test_logged_in_users_never_get_or_fill_the_cache(client, django_user_model):
    client.get("/user/")  # anonymous: cached
    user = django_user_model.objects.create_user("a@example.org", "a@example.org", "pw-very-long-123")
    client.force_login(user)
    response = client.get("/user/")
    assert rendered(response).endswith("user=True")
    assert "X-Public-Cache" not in response
    client.logout()
    client.cookies.clear()
    response = client.get("/user/")
    assert response["X-Public-Cache"] == "hit"
    assert rendered(response).endswith("user=False")


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_AUTHORIZATION": "Bearer abc"},
        {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"},
        {"HTTP_HX_REQUEST": "true"},
        {"HTTP_RANGE": "bytes=0-10"},
    ],
)
def test_credentials_partial_and_range_requests_bypass_the_cache(client, header):
    client.get("/plain/")
    response = client.get("/plain/", **header)
    assert "X-Public-Cache" not in response
    assert client.get("/plain/")["X-Public-Cache"] == "hit"  # and they never replaced the shared entry


@pytest.mark.parametrize("path", ["/cookie/", "/csrf/", "/vary/", "/private/", "/missing/", "/other/"])
def test_responses_that_must_not_be_shared_are_never_stored(client, path):
    first = client.get(path)
    second = client.get(path)
    assert "X-Public-Cache" not in first and "X-Public-Cache" not in second
    assert cache_urls.RENDERS["count"] == 2


def test_csrf_token_is_never_shared_between_visitors(client):
    from django.test import Client

    first = client.get("/csrf/")
    other = Client().get("/csrf/")
    assert "csrftoken" in first.cookies and "csrftoken" in other.cookies
    assert first.cookies["csrftoken"].value != other.cookies["csrftoken"].value


def test_post_is_never_served_from_the_cache(client):
    client.get("/plain/")
    response = client.post("/plain/")
    assert "X-Public-Cache" not in response
    assert cache_urls.RENDERS["count"] == 2


def test_api_prefix_is_cached_and_keyed_by_language(client):
    de = client.get("/api/v1/thing", HTTP_ACCEPT_LANGUAGE="de")
    en = client.get("/api/v1/thing", HTTP_ACCEPT_LANGUAGE="en")
    again_en = client.get("/api/v1/thing", HTTP_ACCEPT_LANGUAGE="en")
    # Django picks the language of unprefixed paths itself; the key keeps every language input apart, so a
    # visitor always gets what Django would render for their request.
    assert "lang=de" in rendered(de)
    assert en["X-Public-Cache"] == "miss" and rendered(en) == "render 2 lang=de q="
    assert again_en["X-Public-Cache"] == "hit" and rendered(again_en) == rendered(en)


def test_language_prefixed_urls_are_separate_entries(client):
    de = client.get("/plain/")
    en = client.get("/en/plain/")
    assert "lang=de" in rendered(de) and "lang=en" in rendered(en)


def test_query_strings_are_separate_entries_and_hostile_ones_are_harmless(client):
    a = client.get("/plain/", {"q": "a"})
    hostile = client.get("/plain/", {"q": "<script>alert(1)</script>' OR 1=1 --"})
    a_again = client.get("/plain/", {"q": "a"})
    assert rendered(a_again) == rendered(a)
    assert "q=a" in rendered(a)
    assert hostile["X-Public-Cache"] == "miss"
    assert cache_urls.RENDERS["count"] == 2


def test_oversized_query_strings_are_not_cached(client):
    client.get("/plain/", {"q": "x" * 2000})
    response = client.get("/plain/", {"q": "x" * 2000})
    assert "X-Public-Cache" not in response
    assert cache_urls.RENDERS["count"] == 2


def test_disallowed_host_is_not_cached_and_still_rejected(client):
    response = client.get("/plain/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert cache_urls.RENDERS["count"] == 0


def test_invalidation_drops_every_entry(client):
    client.get("/plain/")
    client.get("/api/v1/thing")
    caching.invalidate_public_cache()
    assert client.get("/plain/")["X-Public-Cache"] == "miss"
    assert client.get("/api/v1/thing")["X-Public-Cache"] == "miss"


def test_invalidation_waits_for_the_transaction_to_commit(client, django_capture_on_commit_callbacks):
    client.get("/plain/")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            caching.invalidate_public_cache()
            # A visitor rendering now still reads the committed (old) rows; what they store must not survive.
            assert client.get("/plain/")["X-Public-Cache"] == "miss"
            assert client.get("/plain/")["X-Public-Cache"] == "hit"
    assert client.get("/plain/")["X-Public-Cache"] == "miss"


def test_response_rendered_across_an_invalidation_is_not_served_afterwards(client):
    client.get("/race/")  # stored under the generation it started with, which is already gone
    response = client.get("/race/")
    assert response["X-Public-Cache"] == "miss"
    assert cache_urls.RENDERS["count"] == 2


def test_lost_generation_counter_never_revives_old_entries(client):
    client.get("/plain/")
    cache.delete(caching.GENERATION_KEY)
    assert client.get("/plain/")["X-Public-Cache"] == "miss"


@pytest.mark.parametrize("signal", [fundraising_signals.pledge_paid, fundraising_signals.pledge_refunded])
def test_pledge_signals_invalidate(client, signal):
    from fundraising.factories import PledgeFactory

    pledge = PledgeFactory(state="paid")
    client.get("/plain/")
    signal.send(sender=type(pledge), pledge=pledge)
    assert client.get("/plain/")["X-Public-Cache"] == "miss"


def test_campaign_changed_invalidates(client):
    from fundraising.factories import CampaignPageFactory

    campaign = CampaignPageFactory()
    client.get("/plain/")
    fundraising_signals.campaign_changed.send(sender=type(campaign), campaign=campaign)
    assert client.get("/plain/")["X-Public-Cache"] == "miss"


class BrokenCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("redis is down")

        return fail


def test_cache_outage_serves_uncached_pages(client, monkeypatch):
    monkeypatch.setattr(caching, "_cache", lambda: BrokenCache())
    first = client.get("/plain/")
    second = client.get("/plain/")
    assert first.status_code == second.status_code == 200
    assert cache_urls.RENDERS["count"] == 2
    caching._bump()  # must not raise either


# Wagtail pages ---------------------------------------------------------------------------------------------------


@pytest.fixture
def home():
    page = HomePage.objects.first()
    if page is None:  # without migrations (pytest --nomigrations)
        from wagtail.models import Locale

        Locale.objects.get_or_create(language_code="de")
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        page = root.add_child(instance=HomePage(title="Startseite", slug="start"))
        Site.objects.update_or_create(is_default_site=True, defaults={"root_page": page, "hostname": "localhost"})
    return page


def test_wagtail_pages_are_cached_and_publishing_invalidates(client, home):
    assert client.get("/")["X-Public-Cache"] == "miss"
    assert client.get("/")["X-Public-Cache"] == "hit"
    home.title = "Neuer Titel <b>"
    home.save_revision().publish()
    response = client.get("/")
    assert response["X-Public-Cache"] == "miss"
    assert "Neuer Titel &lt;b&gt;" in rendered(response)


def test_unpublishing_and_deleting_pages_invalidate(client, home):
    child = home.add_child(instance=HomePage(title="Unterseite", slug="unterseite"))
    url = "/unterseite/"
    assert client.get(url).status_code == 200
    assert client.get(url)["X-Public-Cache"] == "hit"
    child.unpublish()
    assert client.get(url).status_code == 404
    child.save_revision().publish()
    assert client.get(url).status_code == 200
    child.delete()
    assert client.get(url).status_code == 404


def test_saving_a_directory_model_invalidates(client):
    from directory.factories import CategoryFactory

    client.get("/plain/")
    CategoryFactory()
    assert client.get("/plain/")["X-Public-Cache"] == "miss"


def test_saving_an_unrelated_model_keeps_the_cache(client, django_user_model):
    client.get("/plain/")
    django_user_model.objects.create_user("b@example.org", "b@example.org", "pw-very-long-123")
    assert client.get("/plain/")["X-Public-Cache"] == "hit"
