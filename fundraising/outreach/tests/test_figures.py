"""Home page key figures and campaign lists: correct, cached, invalidated by payments and publishing."""

import datetime

from django.utils import timezone

from directory.factories import BusinessPageFactory
from fundraising import signals as fundraising_signals
from fundraising.factories import PledgeFactory
from fundraising.models import Pledge, PledgeState
from fundraising.outreach import figures
from fundraising.outreach.models import FeaturedCampaign

from .conftest import paid


def test_key_figures_count_only_paid_and_live(campaign_a, campaign_b):
    paid(campaign_a, 2500)
    paid(campaign_b, 10_000)
    PledgeFactory(campaign=campaign_a, amount_cents=99_900, state=PledgeState.PENDING)
    PledgeFactory(campaign=campaign_a, amount_cents=77_700, state=PledgeState.REFUNDED)
    BusinessPageFactory(live=False)
    result = figures.compute_key_figures()
    assert result == {"raised_cents": 12_500, "supporters": 2, "businesses": 2, "campaigns": 2}


def test_key_figures_cached_and_invalidated_by_signals(campaign_a):
    first = paid(campaign_a, 1000)
    assert figures.key_figures()["raised_cents"] == 1000
    second = paid(campaign_a, 4000)
    assert figures.key_figures()["raised_cents"] == 1000  # cached
    fundraising_signals.pledge_paid.send(sender=Pledge, pledge=second)
    assert figures.key_figures()["raised_cents"] == 5000
    Pledge.objects.filter(pk=first.pk).update(state=PledgeState.REFUNDED)
    assert figures.key_figures()["raised_cents"] == 5000
    fundraising_signals.pledge_refunded.send(sender=Pledge, pledge=first)
    assert figures.key_figures()["raised_cents"] == 4000


def test_key_figures_invalidated_by_publish_and_unpublish(campaign_a, business_b):
    assert figures.key_figures()["campaigns"] == 1
    campaign_a.unpublish()
    assert figures.key_figures()["campaigns"] == 0
    from fundraising.factories import CampaignPageFactory

    CampaignPageFactory(parent=business_b).save_revision().publish()
    assert figures.key_figures()["campaigns"] == 1


def test_home_page_shows_key_figures_and_campaigns(client, campaign_a, campaign_b):
    paid(campaign_a, 123_400)
    html = client.get("/").content.decode()
    assert "Gemeinsam bisher" in html
    assert "1.234\xa0€" in html or "1.234 €" in html
    assert "Hilf Anna" in html and "Hilf Bert" in html


def test_featured_are_the_editors_choice_in_order(make_campaign, campaign_a, campaign_b):
    c = make_campaign(title="Dritte")
    FeaturedCampaign.objects.create(campaign=c, sort_order=1)
    FeaturedCampaign.objects.create(campaign=campaign_a, sort_order=2)
    lists = figures.compute_campaign_lists()
    assert lists["editors_choice"] is True
    assert [s["title"] for s in lists["featured"]] == ["Dritte", "Hilf Anna"]


def test_featured_fallback_closest_to_goal_and_excludes_ended(campaign_a, campaign_b, make_campaign):
    paid(campaign_b, 40_000)  # 80 % of 500 €
    paid(campaign_a, 10_000)  # 10 %
    ended = make_campaign(title="Vorbei")
    type(ended).objects.filter(pk=ended.pk).update(ended_early_at=timezone.now())
    FeaturedCampaign.objects.create(campaign=ended, sort_order=0)  # an ended pick is skipped
    lists = figures.compute_campaign_lists()
    assert lists["editors_choice"] is False
    assert [s["title"] for s in lists["featured"]] == ["Hilf Bert", "Hilf Anna"]


def test_ending_soon_lists_active_campaigns_by_end_date_without_featured(make_campaign, campaign_a):
    soon = make_campaign(title="Endet morgen", days_left=1)
    later = make_campaign(title="Endet bald", days_left=7)
    make_campaign(title="Noch lange", days_left=60)
    make_campaign(
        title="Startet erst",
        start_date=timezone.localdate() + datetime.timedelta(days=2),
        end_date=timezone.localdate() + datetime.timedelta(days=3),
    )
    FeaturedCampaign.objects.create(campaign=later, sort_order=0)
    lists = figures.compute_campaign_lists()
    assert [s["title"] for s in lists["ending_soon"]] == ["Endet morgen"]
    assert soon.pk not in [s["pk"] for s in lists["featured"]]


def test_featured_change_invalidates_cached_lists(campaign_a, campaign_b):
    assert figures.campaign_lists()["editors_choice"] is False
    FeaturedCampaign.objects.create(campaign=campaign_b, sort_order=0)
    lists = figures.campaign_lists()
    assert lists["editors_choice"] is True and [s["title"] for s in lists["featured"]] == ["Hilf Bert"]


def test_home_lists_constant_queries(make_campaign, django_assert_max_num_queries):
    for n in range(2):
        paid(make_campaign(title=f"A{n}"), 1000)
    with django_assert_max_num_queries(8) as small:
        figures.compute_campaign_lists()
        figures.compute_key_figures()
    for n in range(6):
        paid(make_campaign(title=f"B{n}"), 1000)
    with django_assert_max_num_queries(len(small.captured_queries)):
        figures.compute_campaign_lists()
        figures.compute_key_figures()


def test_updates_and_featured_changes_invalidate_public_page_cache(campaign_a):
    from cms.caching import current_generation  # the host's public cache
    from fundraising.outreach.models import CampaignUpdate

    before = current_generation()
    CampaignUpdate.objects.create(campaign=campaign_a, text="Neu")
    after_update = current_generation()
    assert after_update != before
    FeaturedCampaign.objects.create(campaign=campaign_a, sort_order=0)
    assert current_generation() != after_update


def test_supporters_are_distinct_addresses(campaign_a, campaign_b):
    paid(campaign_a, 1000, email="Erika@example.org")
    paid(campaign_b, 1000, email="erika@example.org")
    paid(campaign_b, 1000, email="max@example.org")
    assert figures.compute_key_figures()["supporters"] == 2
