"""Fixed cost per page (issue 17, point 3): detail pages within 15 queries on a site with a full menu and footer,
the same number whatever the data, and the navigation and footer cached until a page or the settings change."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

# Wagtail routes through `root_page.localized`, which looks the active Locale up: cached per process and language
# (cms/active_locale.py), so it costs no query per request.
DETAIL_PAGE_BUDGET = 13
# The Site and its root page come from the cache (cms/site_memo.py) and Wagtail's view-restriction check costs
# nothing while no restriction exists (commons/view_restrictions.py). With the page bodies from the fragment cache
# as well (commons/fragment_cache.py, on in production): the page by path, its specific row, and what the
# fragment's key needs (the rewards and their stock; the directory settings for the freshness).
CACHED_BODY_BUDGET = 4


@pytest.fixture
def site_pages(db):
    """Menu pages of every type the demo shows, and the footer's legal pages in the site settings."""
    from wagtail.models import Site

    from directory.factories import DirectoryIndexPageFactory, MapPageFactory
    from fundraising.collective.factories import CollectiveCampaignIndexPageFactory
    from home.factories import NewsIndexPageFactory, StandardPageFactory
    from home.models import SiteSettings

    index = DirectoryIndexPageFactory(show_in_menus=True)
    MapPageFactory(show_in_menus=True)
    NewsIndexPageFactory(show_in_menus=True)
    CollectiveCampaignIndexPageFactory(show_in_menus=True)
    about = StandardPageFactory(title="So funktioniert's", show_in_menus=True)
    imprint = StandardPageFactory(title="Impressum")
    privacy = StandardPageFactory(title="Datenschutz")
    accessibility = StandardPageFactory(title="Barrierefreiheit")
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.imprint_page = imprint
    settings.privacy_page = privacy
    settings.accessibility_page = accessibility
    settings.save()
    return {"index": index, "about": about, "imprint": imprint}


def _business(index, name="Café Lisa"):
    from directory.factories import BusinessPageFactory

    return BusinessPageFactory(parent=index, title=name)


def _campaign(business):
    from fundraising.factories import CampaignPageFactory, RewardFactory

    campaign = CampaignPageFactory(parent=business)
    RewardFactory(page=campaign, title="Gutschein", min_pledge_cents=1000, voucher_value_cents=1200)
    RewardFactory(page=campaign, title="Kaffee", min_pledge_cents=500, quantity_limit=20)
    return campaign


def _pledges(campaign, count):
    from fundraising.factories import PledgeFactory
    from fundraising.models import PledgeState

    for _ in range(count):
        PledgeFactory(campaign=campaign, state=PledgeState.PAID, message="Danke", message_approved=True)


def _count(client, url):
    client.get(url)  # warm: the cached navigation, site root paths, content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    sql = [q["sql"] for q in queries.captured_queries]
    return len(sql), [text[:40] + " …" + text[text.find(" FROM ") :][:120] for text in sql]


def test_business_and_campaign_pages_stay_within_the_budget(client, site_pages):
    business = _business(site_pages["index"])
    campaign = _campaign(business)
    _pledges(campaign, 2)
    small = {page: _count(client, page.url) for page in (business, campaign)}
    _pledges(campaign, 25)
    for _ in range(5):
        _campaign(_business(site_pages["index"], "Noch ein Laden"))
    for page, (count, sql) in small.items():
        assert count <= DETAIL_PAGE_BUDGET, (page.url, count, sql)
        assert _count(client, page.url)[0] == count, page.url  # does not grow with pledges or businesses


def test_with_cached_bodies_detail_pages_cost_fewer_queries(client, site_pages, settings):
    settings.FRAGMENT_CACHE_SECONDS = 60
    business = _business(site_pages["index"])
    campaign = _campaign(business)
    _pledges(campaign, 3)
    for page in (business, campaign):
        count, sql = _count(client, page.url)
        assert count <= CACHED_BODY_BUDGET, (page.url, count, sql)


def test_collective_campaign_page_stays_within_the_budget(client, site_pages):
    from fundraising.collective.factories import CollectiveCampaignPageFactory

    page = CollectiveCampaignPageFactory()
    count, sql = _count(client, page.url)
    assert count <= DETAIL_PAGE_BUDGET, (count, sql)


def test_navigation_and_footer_come_from_the_cache_and_follow_publishing(client, site_pages):
    from home.factories import StandardPageFactory

    business = _business(site_pages["index"])
    html = client.get(business.url).content.decode()
    assert "So funktioniert" in html and "Impressum" in html
    with CaptureQueriesContext(connection) as queries:
        client.get(business.url)
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "home_sitesettings" not in tables and "home_standardpage" not in tables
    # Publishing, renaming, unpublishing and moving pages show at once.
    StandardPageFactory(title="Neu im Menü", show_in_menus=True)
    assert "Neu im Menü" in client.get(business.url).content.decode()
    about = site_pages["about"]
    about.title = "Wie es geht"
    about.save_revision().publish()
    html = client.get(business.url).content.decode()
    assert "Wie es geht" in html and "So funktioniert" not in html
    about.unpublish()
    assert "Wie es geht" not in client.get(business.url).content.decode()
    imprint = site_pages["imprint"]
    imprint.title = "Impressum (neu)"
    imprint.save_revision().publish()
    assert "Impressum (neu)" in client.get(business.url).content.decode()
    # The menu follows the language.
    assert client.get("/en" + business.url).status_code == 200


def test_path_routing_matches_wagtail_for_odd_paths(client, site_pages):
    business = _business(site_pages["index"])
    campaign = _campaign(business)
    assert client.get(campaign.url + "unterstuetzen/").status_code in (200, 302)
    for path in [
        business.url + "gibt-es-nicht/",
        "/gibt-es-nicht/" + business.slug + "/",
        business.url.replace("/unternehmen/", "/UNTERNEHMEN/"),
        "/karte/embed/nichts/",
        "/" + "a/" * 40,
        "/%3Cscript%3E/",
    ]:
        assert client.get(path).status_code == 404, path
    assert client.get("/karte/embed/").status_code == 200  # a routable page's own route
    business.unpublish()
    assert client.get(business.url).status_code == 404
    assert client.get(campaign.url).status_code == 200  # a live page below an unpublished one (as Wagtail)
