"""Campaign summaries link campaigns like page.url, without a cache read per campaign (issue 17, point 2)."""

import pytest

from django.utils import translation

from wagtail.models import Locale, Site

from fundraising.factories import CampaignPageFactory
from fundraising.models import CampaignPage
from fundraising.progress import LARGE_ID_LIST, PageUrls, campaign_summaries

pytestmark = pytest.mark.django_db


def test_summary_urls_are_the_page_urls():
    campaigns = [CampaignPageFactory() for _ in range(3)]
    summaries = campaign_summaries([c.business_page_id for c in campaigns])
    assert sorted(s["url"] for s in summaries.values()) == sorted(c.url for c in campaigns)
    urls = PageUrls()
    for campaign in campaigns:
        assert urls(campaign) == campaign.url


def test_english_urls_follow_the_active_language():
    campaign = CampaignPageFactory()
    with translation.override("en"):
        assert PageUrls()(campaign) == campaign.url
        assert PageUrls()(campaign).startswith("/en/")


def test_unicode_slugs_are_quoted_like_page_url():
    campaign = CampaignPageFactory(slug="bäckerei-aktion", title="Bäckerei")
    assert PageUrls()(campaign) == campaign.url
    assert "%C3%A4" in PageUrls()(campaign)


def test_a_translated_tree_does_not_make_every_url_a_page_url_call(monkeypatch):
    """The site has a root per language (one tree per language): still one root lookup, no page.url per campaign."""
    campaigns = [CampaignPageFactory(), CampaignPageFactory(slug="straße")]
    root = Site.objects.get(is_default_site=True).root_page.specific
    root.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0])
    Site.clear_site_root_paths_cache()
    assert len(Site.get_site_root_paths()) == 2 and len({r.site_id for r in Site.get_site_root_paths()}) == 1
    expected = {}
    for language in ("de", "en"):
        with translation.override(language):
            expected[language] = sorted(c.url for c in campaigns)
    monkeypatch.setattr(CampaignPage, "url", property(lambda page: pytest.fail("page.url read per campaign")))
    for language in ("de", "en"):
        with translation.override(language):
            urls = PageUrls()
            assert sorted(urls(c) for c in campaigns) == expected[language]
            summaries = campaign_summaries([c.business_page_id for c in campaigns])
            assert sorted(s["url"] for s in summaries.values()) == expected[language]
    assert expected["en"][0].startswith("/en/") and not expected["de"][0].startswith("/en/")


def test_a_city_wide_list_of_businesses_gives_the_same_summaries():
    campaigns = [CampaignPageFactory() for _ in range(3)]
    few = [c.business_page_id for c in campaigns]
    many = few + list(range(10_000_000, 10_000_000 + LARGE_ID_LIST))  # unknown ids do no harm
    assert campaign_summaries(many) == campaign_summaries(few)
    assert set(campaign_summaries(many[:1] + many[3:])) == {few[0]}
