import pytest

from django.core import mail
from django.http import Http404
from django.urls import reverse

from directory.factories import BusinessPageFactory
from directory.ownership import get_owned_business_or_404, grant_ownership
from directory.testing import make_editor, make_verified_user
from fundraising.collective.models import CampaignProposal, ProposalState
from fundraising.collective.proposals import MAX_PENDING_PER_USER
from fundraising.factories import CampaignPageFactory
from fundraising.models import CampaignPage
from fundraising.owner_links import owner_business_url
from fundraising.testing import owner_panels

VALID = {
    "title": "Wir stehen hinter dem Brauhaus",
    "story": "Das Brauhaus ist unser Wohnzimmer.\nHelft mit!",
    "goal_euros": "3000",
    "duration_days": "30",
}


@pytest.fixture
def parties(db):
    business = BusinessPageFactory(title="Brauhaus")
    owner = make_verified_user("wirt@example.org")
    grant_ownership(business, owner)
    citizen = make_verified_user("fan@example.org")
    return {
        "business": business,
        "owner": owner,
        "citizen": citizen,
        "url": reverse("collective:propose", args=[business.pk]),
    }


def propose(client, parties, data=None, **kwargs):
    client.force_login(parties["citizen"])
    return client.post(parties["url"], VALID if data is None else data, **kwargs)


def test_citizen_proposes_owner_is_emailed(client, parties, django_capture_on_commit_callbacks):
    client.force_login(parties["citizen"])
    response = client.get(parties["url"])
    assert response.status_code == 200 and "Brauhaus" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(parties["url"], VALID)
    assert response.status_code == 302 and response["Location"] == parties["business"].url
    proposal = CampaignProposal.objects.get()
    assert (proposal.initiator, proposal.business, proposal.goal_cents, proposal.duration_days) == (
        parties["citizen"],
        parties["business"],
        300_000,
        30,
    )
    assert proposal.state == ProposalState.PENDING
    assert [m.to for m in mail.outbox] == [["wirt@example.org"]]
    assert (
        owner_business_url(parties["business"]) in mail.outbox[0].body
    )  # the owner's screen (demo city: /mein-unternehmen/<id>/)
    assert not CampaignPage.objects.exists()  # nothing goes live without the owner


def test_duplicate_proposal_for_same_business_is_refused(client, parties):
    propose(client, parties)
    other = make_verified_user("zweite@example.org")
    client.force_login(other)
    response = client.post(parties["url"], VALID)
    assert response.status_code == 409
    assert CampaignProposal.objects.count() == 1


def test_per_user_limit_of_pending_proposals(client, parties):
    client.force_login(parties["citizen"])
    for _ in range(MAX_PENDING_PER_USER):
        business = BusinessPageFactory()
        assert client.post(reverse("collective:propose", args=[business.pk]), VALID).status_code == 302
    assert client.post(parties["url"], VALID).status_code == 429
    assert CampaignProposal.objects.count() == MAX_PENDING_PER_USER


@pytest.mark.parametrize(
    "data",
    [
        {**VALID, "title": ""},
        {**VALID, "title": "x" * 121},
        {**VALID, "story": "x" * 50_000},
        {**VALID, "goal_euros": "-5"},
        {**VALID, "goal_euros": "1e9"},
        {**VALID, "goal_euros": "1; DROP TABLE collective_campaignproposal"},
        {**VALID, "duration_days": "9999"},
        {},
    ],
)
def test_malformed_input_is_rejected(client, parties, data):
    response = propose(client, parties, data)
    assert response.status_code == 400
    assert "field--invalid" in response.text
    assert not CampaignProposal.objects.exists()


def test_hostile_text_is_escaped_for_owner_and_in_campaign(client, parties):
    hostile = {**VALID, "title": "<img src=x onerror=alert(1)>", "story": "<script>alert(1)</script>"}
    assert propose(client, parties, hostile).status_code == 302
    client.force_login(parties["owner"])
    panel = owner_panels(parties["owner"], parties["business"])
    assert "<script>alert(1)</script>" not in panel and "&lt;script&gt;" in panel
    assert "<img src=x" not in panel
    proposal = CampaignProposal.objects.get()
    client.post(reverse("collective:decide", args=[proposal.pk, "annehmen"]))
    campaign = CampaignPage.objects.get()
    assert "<script>" not in campaign.story and "&lt;script&gt;" in campaign.story


def test_requires_login_verified_email_and_live_business(client, parties):
    assert client.post(parties["url"], VALID).status_code == 302  # to the log-in
    client.force_login(make_verified_user("neu@example.org", verified=False))
    assert client.post(parties["url"], VALID).status_code == 403
    client.force_login(parties["citizen"])
    draft = BusinessPageFactory(live=False)
    assert client.post(reverse("collective:propose", args=[draft.pk]), VALID).status_code == 404
    assert client.post("/sammelaktionen/fuer/99999999999999999999/", VALID).status_code == 404
    assert not CampaignProposal.objects.exists()


def test_not_for_a_business_with_a_campaign_or_by_its_owner(client, parties):
    client.force_login(parties["owner"])
    assert client.post(parties["url"], VALID).status_code == 409
    CampaignPageFactory(parent=parties["business"])
    client.force_login(parties["citizen"])
    assert client.post(parties["url"], VALID).status_code == 409
    assert not CampaignProposal.objects.exists()


def test_owner_accepts_once_campaign_goes_to_moderation(client, parties, django_capture_on_commit_callbacks):
    propose(client, parties)
    proposal = CampaignProposal.objects.get()
    client.force_login(parties["owner"])
    panel = owner_panels(parties["owner"], parties["business"])
    accept_url = reverse("collective:decide", args=[proposal.pk, "annehmen"])
    assert accept_url in panel
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(accept_url)
        client.post(accept_url)  # a double click
    assert response.status_code == 302
    campaign = CampaignPage.objects.get()
    assert campaign.get_parent().pk == parties["business"].pk
    assert not campaign.live and campaign.owner == parties["owner"]
    assert campaign.goal_cents == 300_000 and campaign.rewards.count() == 3
    assert campaign.current_workflow_state is not None  # waiting for the editors
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED and proposal.campaign_id == campaign.pk
    assert proposal.decided_by == parties["owner"]
    assert any(m.to == ["fan@example.org"] for m in mail.outbox)


def test_owner_declines(client, parties):
    propose(client, parties)
    proposal = CampaignProposal.objects.get()
    client.force_login(parties["owner"])
    client.post(reverse("collective:decide", args=[proposal.pk, "ablehnen"]))
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DECLINED
    assert client.post(reverse("collective:decide", args=[proposal.pk, "annehmen"])).status_code == 302
    assert not CampaignPage.objects.exists()  # declined stays declined


def test_initiator_and_strangers_cannot_decide_or_see_business_data(client, parties):
    propose(client, parties)
    proposal = CampaignProposal.objects.get()
    for user in (parties["citizen"], make_verified_user("fremd@example.org")):
        client.force_login(user)
        assert client.post(reverse("collective:decide", args=[proposal.pk, "annehmen"])).status_code == 404
        with pytest.raises(Http404):
            get_owned_business_or_404(user, parties["business"].pk)
        assert not parties["business"].permissions_for_user(user).can_edit()
    client.force_login(parties["owner"])
    assert client.post(reverse("collective:decide", args=[proposal.pk, "loeschen"])).status_code == 404
    assert client.get(reverse("collective:decide", args=[proposal.pk, "annehmen"])).status_code == 405
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING and not CampaignPage.objects.exists()


def test_business_page_offers_the_proposal_link_only_without_campaign(client, parties):
    assert parties["url"] in client.get(parties["business"].url).text
    propose(client, parties)
    client.logout()
    assert parties["url"] not in client.get(parties["business"].url).text


@pytest.mark.parametrize(
    "path", ["/sammelaktionen/vorschlag/99999999999999999999/annehmen/", "/sammelaktionen/vorschlag/7/annehmen/"]
)
def test_decide_unknown_or_huge_ids_are_404(client, parties, path):
    client.force_login(parties["owner"])
    assert client.post(path).status_code == 404


@pytest.fixture
def editor(db):
    return make_editor("redaktion@example.org")  # in the editors' group, with access to the admin


def test_editors_decide_for_businesses_without_owner(client, parties, editor):
    ownerless = BusinessPageFactory(title="Kiosk ohne Inhaber")
    client.force_login(parties["citizen"])
    client.post(reverse("collective:propose", args=[ownerless.pk]), VALID)
    propose(client, parties)  # a business with an owner: not the editors' decision
    orphan = CampaignProposal.objects.get(business=ownerless)
    owned = CampaignProposal.objects.get(business=parties["business"])
    # Not for citizens or owners.
    for user in (parties["citizen"], parties["owner"]):
        client.force_login(user)
        response = client.post(reverse("collective_admin_decide", args=[orphan.pk, "accept"]))
        assert response.status_code in (302, 403) and not CampaignPage.objects.exists()
        assert response.get("Location", "") != reverse("collective_admin_proposals")
        assert client.get(reverse("collective_admin_proposals")).status_code in (302, 403)
    client.force_login(editor)
    response = client.get(reverse("collective_admin_proposals"))
    assert response.status_code == 200
    assert "Kiosk ohne Inhaber" in response.text
    assert reverse("collective_admin_decide", args=[orphan.pk, "accept"]) in response.text
    assert reverse("collective_admin_decide", args=[owned.pk, "accept"]) not in response.text
    assert client.post(reverse("collective_admin_decide", args=[owned.pk, "accept"])).status_code == 404
    response = client.post(reverse("collective_admin_decide", args=[orphan.pk, "delete"]))
    assert response.status_code in (302, 403) and response.get("Location", "") != reverse("collective_admin_proposals")
    assert CampaignProposal.objects.get(pk=orphan.pk).state == ProposalState.PENDING
    client.post(reverse("collective_admin_decide", args=[orphan.pk, "accept"]))
    client.post(reverse("collective_admin_decide", args=[orphan.pk, "accept"]))  # a double click: 404, nothing new
    campaign = CampaignPage.objects.get()
    assert campaign.get_parent().pk == ownerless.pk and not campaign.live
    orphan.refresh_from_db()
    assert orphan.state == ProposalState.ACCEPTED and orphan.decided_by == editor
