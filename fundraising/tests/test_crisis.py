"""Crisis actions on campaigns: pause (no pledges, notice), resume, extend, notices to owners and supporters."""

import datetime as dt

import pytest

from django.core import mail
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from directory.testing import make_editor, make_verified_user
from fundraising import crisis
from fundraising.factories import CampaignPageFactory, PledgeFactory
from fundraising.models import CampaignPage, CampaignPause, PledgeState


def post(client, **data):
    return client.post(reverse("fundraising_admin_crisis"), {"confirm": "on", **data})


def test_pause_stops_pledges_and_shows_the_notice(client, campaign, owner, django_capture_on_commit_callbacks):
    PledgeFactory(campaign=campaign, state=PledgeState.PAID, email="Fan@Example.org", language="en")
    PledgeFactory(campaign=campaign, state=PledgeState.PAID, email="fan@example.org")
    PledgeFactory(campaign=campaign, state=PledgeState.PENDING, email="pending@example.org")
    client.force_login(make_editor())
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client,
            action="pause",
            notice="Lockdown bis 14.4.",
            notice_en="Lockdown until 14 April",
            notify_owners="on",
            notify_supporters="on",
        )
    assert response.status_code == 302
    assert CampaignPause.current() is not None
    campaign.refresh_from_db()
    assert not campaign.accepts_pledges()
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["fan@example.org", "inhaberin@example.org"]
    supporter = next(m for m in mail.outbox if m.to == ["fan@example.org"])
    assert "Lockdown until 14 April" in supporter.body  # the pledge's language
    client.logout()
    page = client.get(campaign.url).content.decode()
    assert (
        "Lockdown bis 14.4." in page
        and 'action="' + reverse("fundraising:pledge_submit", args=[campaign.pk]) not in page
    )
    submit = client.post(reverse("fundraising:pledge_submit", args=[campaign.pk]), {"amount": "2500"})
    assert submit.status_code in (400, 302, 404) or "not accept" in submit.content.decode()


def test_only_one_open_pause(db):
    crisis.pause(None, "eins")
    with pytest.raises(crisis.PauseError):
        crisis.pause(None, "zwei")
    with pytest.raises(IntegrityError):
        CampaignPause.objects.create(notice="drei")


def test_pause_twice_or_resume_unpaused_is_refused(client, campaign):
    client.force_login(make_editor())
    assert "nicht pausiert" in post(client, action="resume").content.decode()
    post(client, action="pause", notice="x")
    assert "bereits pausiert" in post(client, action="pause", notice="y").content.decode()
    crisis.resume(None)
    empty = client.post(reverse("fundraising_admin_crisis"), {"confirm": "on", "action": "pause"})
    assert "Bitte nennen Sie den Grund" in empty.content.decode() and CampaignPause.current() is None


def test_resume_extends_by_the_paused_days(client, campaign):
    end = campaign.end_date
    client.force_login(make_editor())
    post(client, action="pause", notice="x", notify_owners="", notify_supporters="")
    CampaignPause.objects.update(started_at=timezone.now() - dt.timedelta(days=5))
    CampaignPause.forget()
    post(client, action="resume", extend_on_resume="on")
    campaign.refresh_from_db()
    assert campaign.end_date == end + dt.timedelta(days=5)
    assert CampaignPause.current() is None and campaign.accepts_pledges()
    assert campaign.revisions.count() >= 1


def test_extend_skips_drafts_and_ended_campaigns(client, campaign, django_capture_on_commit_callbacks):
    ended = CampaignPageFactory(
        end_date=timezone.localdate() - dt.timedelta(days=2), start_date=timezone.localdate() - dt.timedelta(days=20)
    )
    draft = CampaignPageFactory()
    draft.title = "Entwurf"
    draft.save_revision()
    end, ended_end, draft_end = campaign.end_date, ended.end_date, draft.end_date
    client.force_login(make_editor())
    response = post(client, action="extend", days="7", notify_owners="", notify_supporters="")
    assert response.status_code == 302
    assert CampaignPage.objects.get(pk=campaign.pk).end_date == end + dt.timedelta(days=7)
    assert CampaignPage.objects.get(pk=ended.pk).end_date == ended_end
    assert CampaignPage.objects.get(pk=draft.pk).end_date == draft_end


@pytest.mark.parametrize("days", ["0", "-3", "91", "abc", ""])
def test_extend_needs_a_sane_number_of_days(client, campaign, days):
    end = campaign.end_date
    client.force_login(make_editor())
    response = post(client, action="extend", days=days)
    assert response.status_code == 200
    assert CampaignPage.objects.get(pk=campaign.pk).end_date == end


def test_only_editors(client, campaign):
    client.force_login(make_verified_user("someone@example.org", is_staff=True))
    assert post(client, action="pause", notice="x").status_code in (302, 403)
    assert CampaignPause.current() is None
