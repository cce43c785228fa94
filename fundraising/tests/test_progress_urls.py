"""Campaign summaries link campaigns like page.url, without a cache read per campaign (issue 17, point 2)."""

import pytest

from fundraising.factories import CampaignPageFactory
from fundraising.progress import PageUrls, campaign_summaries

pytestmark = pytest.mark.django_db


def test_summary_urls_are_the_page_urls():
    campaigns = [CampaignPageFactory() for _ in range(3)]
    summaries = campaign_summaries([c.business_page_id for c in campaigns])
    assert sorted(s["url"] for s in summaries.values()) == sorted(c.url for c in campaigns)
    urls = PageUrls()
    for campaign in campaigns:
        assert urls(campaign) == campaign.url


def test_english_urls_follow_the_active_language():
    from django.utils import translation

    campaign = CampaignPageFactory()
    with translation.override("en"):
        assert PageUrls()(campaign) == campaign.url
        assert PageUrls()(campaign).startswith("/en/")


def test_unicode_slugs_are_quoted_like_page_url():
    campaign = CampaignPageFactory(slug="bäckerei-aktion", title="Bäckerei")
    assert PageUrls()(campaign) == campaign.url
    assert "%C3%A4" in PageUrls()(campaign)
