"""Owner screens: start a campaign (moderated), see pledges, end early; only for their own business."""

import pytest

from wagtail.models import WorkflowState

from directory.testing import login_url
from fundraising.factories import PledgeFactory
from fundraising.models import CampaignPage, Pledge, PledgeState


@pytest.fixture
def business(campaign):
    return campaign.get_parent().specific


def test_start_campaign_goes_to_moderation_never_live(client, business, owner, campaign):
    CampaignPage.objects.filter(pk=campaign.pk).update(ended_early_at="2020-01-01T00:00:00Z")  # no open campaign
    client.force_login(owner)
    url = f"/mein-unternehmen/{business.pk}/aktion/neu/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Aktion starten" in page.content.decode() or "Start a campaign" in page.content.decode()
    response = client.post(
        url,
        {
            "title": "Hilf <b>uns</b>",
            "story": "Zeile 1\n<script>x</script>",
            "goal_euros": "2500",
            "duration_days": "30",
            "voucher_rewards": "on",
        },
    )
    assert response.status_code == 302
    new = CampaignPage.objects.exclude(pk=campaign.pk).get()
    assert not new.live
    assert new.goal_cents == 250000
    assert (new.end_date - new.start_date).days == 30
    assert [r.min_pledge_cents for r in new.rewards.all()] == [1000, 2500, 5000]
    assert [r.voucher_value_cents for r in new.rewards.all()] == [1200, 3000, 6000]
    assert "<script>" not in new.story and "&lt;script&gt;" in new.story
    assert WorkflowState.objects.for_instance(new).filter(status=WorkflowState.STATUS_IN_PROGRESS).exists()
    assert new.business_page_id == business.pk
    # Not public yet
    assert client.get(new.url).status_code == 404


@pytest.mark.parametrize("goal", ["", "-5", "0", "abc", "99999999999"])
def test_start_campaign_invalid_goal(client, business, owner, campaign, goal):
    CampaignPage.objects.filter(pk=campaign.pk).update(ended_early_at="2020-01-01T00:00:00Z")
    client.force_login(owner)
    response = client.post(
        f"/mein-unternehmen/{business.pk}/aktion/neu/",
        {"title": "T", "story": "S", "goal_euros": goal, "duration_days": "30"},
    )
    assert response.status_code == 200
    assert CampaignPage.objects.count() == 1


def test_one_open_campaign_at_a_time(client, business, owner, campaign):
    client.force_login(owner)
    response = client.get(f"/mein-unternehmen/{business.pk}/aktion/neu/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/aktion/{campaign.pk}/")


def test_other_owner_gets_404_everywhere(client, business, other_owner, campaign):
    client.force_login(other_owner)
    base = f"/mein-unternehmen/{business.pk}"
    for url in [
        f"{base}/aktion/neu/",
        f"{base}/aktion/{campaign.pk}/",
        f"{base}/aktion/{campaign.pk}/unterstuetzungen.csv",
        f"{base}/gutscheine/",
        f"{base}/gutscheine.csv",
        f"{base}/gutscheine/einloesen/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"{base}/aktion/{campaign.pk}/beenden/", {"confirm": "yes"}).status_code == 404
    assert CampaignPage.objects.get(pk=campaign.pk).ended_early_at is None


def test_anonymous_redirected_to_login(client, business, campaign):
    response = client.get(f"/mein-unternehmen/{business.pk}/aktion/{campaign.pk}/")
    assert response.status_code == 302 and response["Location"].startswith(login_url())


def test_owner_sees_paid_pledges_and_csv(client, business, owner, campaign):
    PledgeFactory(
        campaign=campaign, name="Paula Paid", amount_cents=4200, state=PledgeState.PAID, paid_at="2026-01-01T10:00:00Z"
    )
    PledgeFactory(campaign=campaign, name="Penny Pending", amount_cents=999)
    PledgeFactory(
        campaign=campaign,
        name='=HYPERLINK("evil")',
        amount_cents=500,
        state=PledgeState.PAID,
        paid_at="2026-01-02T10:00:00Z",
    )
    client.force_login(owner)
    html = client.get(f"/mein-unternehmen/{business.pk}/aktion/{campaign.pk}/").content.decode()
    assert "Paula Paid" in html and "Penny Pending" not in html
    csv = client.get(f"/mein-unternehmen/{business.pk}/aktion/{campaign.pk}/unterstuetzungen.csv")
    text = csv.content.decode("utf-8-sig")
    assert "Paula Paid" in text and "42,00" in text and "Penny" not in text
    assert "'=HYPERLINK" in text  # formula neutralised


def test_end_early_requires_confirmation_and_is_kept_on_republish(client, business, owner, campaign, fake_stripe):
    old_revision = campaign.save_revision()  # content without "ended early"
    client.force_login(owner)
    url = f"/mein-unternehmen/{business.pk}/aktion/{campaign.pk}/beenden/"
    client.post(url, {})
    assert CampaignPage.objects.get(pk=campaign.pk).ended_early_at is None
    client.post(url, {"confirm": "yes"})
    campaign.refresh_from_db()
    assert campaign.ended_early_at is not None
    assert not campaign.accepts_pledges()
    # An editor publishing an older revision does not revive the campaign
    assert old_revision.content["ended_early_at"] is None
    old_revision.publish()
    assert CampaignPage.objects.get(pk=campaign.pk).ended_early_at is not None
    response = client.post(
        campaign.url + "unterstuetzen/", {"amount": "2500", "name": "x", "email": "x@example.org", "accept_terms": "on"}
    )
    assert response.status_code == 400
    assert not Pledge.objects.exists()


def test_dashboard_hooks(rf, business, owner, campaign):
    from wagtail import hooks

    request = rf.get("/")
    request.user = owner
    panels = [fn(request, business) for fn in hooks.get_hooks("owner_dashboard_business_panels")]
    assert any(campaign.title in (p or "") for p in panels)
    items = [item for fn in hooks.get_hooks("owner_dashboard_business_menu_items") for item in fn(request, business)]
    assert any(url.endswith(f"/{business.pk}/gutscheine/einloesen/") for _, url in items)


def test_directory_hooks_one_query(campaign, django_assert_num_queries):
    from wagtail import hooks

    from fundraising.factories import CampaignPageFactory

    PledgeFactory(campaign=campaign, amount_cents=30000, state=PledgeState.PAID)
    PledgeFactory(campaign=campaign, amount_cents=99999, state=PledgeState.PENDING)
    others = [CampaignPageFactory() for _ in range(3)]
    ids = [campaign.business_page_id] + [c.business_page_id for c in others]
    (summaries_fn,) = hooks.get_hooks("directory_campaign_summaries")
    summaries_fn(ids[:1])  # warms Wagtail's cached site root paths (used for URLs)
    with django_assert_num_queries(1):
        summaries = summaries_fn(ids)
    summary = summaries[campaign.business_page_id]
    assert summary["raised_cents"] == 30000 and summary["supporters"] == 1
    assert summary["percent"] == 30 and summary["state"] == "active" and summary["url"] == campaign.url
    assert set(summary) == {"title", "url", "state", "raised_cents", "goal_cents", "percent", "supporters", "days_left"}
    (active_fn,) = hooks.get_hooks("directory_active_campaign_business_ids")
    CampaignPage.objects.filter(pk=others[0].pk).update(ended_early_at="2020-01-01T00:00:00Z")
    assert set(active_fn().values_list("pk", flat=True)) == set(ids) - {others[0].business_page_id}


def test_owner_campaign_detail_shows_the_state_once(client, business, owner, campaign):
    client.force_login(owner)
    html = client.get(f"/mein-unternehmen/{business.pk}/aktion/{campaign.pk}/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert main.count('class="badge ') == 1, "the state badge appears once"
