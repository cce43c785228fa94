"""A business closed for good: pledges refused (form and webhook), holders choose refund or exchange before a
deadline, once, by a secret link; owners close only their own business; liability stays visible."""

import datetime

import pytest

from django.core import mail
from django.utils import timezone

from directory.models import BusinessPage
from fundraising.closure import ClosureError, close_for_good, decide, outstanding_liability
from fundraising.collective.factories import CollectiveCampaignPageFactory
from fundraising.factories import PledgeFactory
from fundraising.models import ClosureOffer, FundraisingSettings, Pledge, PledgeState, Voucher, VoucherState
from fundraising.vouchers import issue_vouchers

from .fakes import event, signed

pytestmark = pytest.mark.django_db


def voucher_for(campaign, reward, **kwargs):
    pledge = PledgeFactory(
        campaign=campaign, reward=reward, state=PledgeState.PAID, paid_at=timezone.now(), language="de", **kwargs
    )
    return issue_vouchers(pledge)[0]


@pytest.fixture
def exchange_campaign():
    from wagtail.models import Site

    page = CollectiveCampaignPageFactory()
    config = FundraisingSettings.for_site(Site.objects.get(is_default_site=True))
    config.closure_exchange_campaign = page
    config.closure_deadline_days = 30
    config.save()
    return page


def test_closing_offers_every_open_voucher_once_and_emails_the_holder(
    campaign, reward, exchange_campaign, django_capture_on_commit_callbacks
):
    open_voucher = voucher_for(campaign, reward)
    used = voucher_for(campaign, reward)
    Voucher.objects.filter(pk=used.pk).update(balance_cents=0, state=VoucherState.REDEEMED)
    business = campaign.get_parent().specific
    with django_capture_on_commit_callbacks(execute=True):
        assert close_for_good(business) == 1
    offer = ClosureOffer.objects.get()
    assert offer.voucher_id == open_voucher.pk and offer.remaining_cents == 1200 and offer.exchange_offered
    assert offer.deadline == timezone.localdate() + datetime.timedelta(days=30)
    assert len(mail.outbox) == 1 and f"/gutschein/schliessung/{offer.token}/" in mail.outbox[0].body
    assert close_for_good(business) is None  # closing twice does nothing twice
    assert ClosureOffer.objects.count() == 1


def test_pledge_form_refuses_a_closed_business(client, campaign, reward):
    close_for_good(campaign.get_parent().specific)
    campaign.refresh_from_db()
    assert not campaign.accepts_pledges()
    response = client.post(
        f"/unterstuetzen/{campaign.pk}/",
        {"amount": "2500", "name": "Erika", "email": "e@example.org", "accept_terms": "on"},
    )
    assert response.status_code == 400
    assert not Pledge.objects.exists()


def test_webhook_for_a_closed_business_issues_no_voucher_and_refunds(
    client, fake_stripe, campaign, reward, django_capture_on_commit_callbacks
):
    pledge = PledgeFactory(campaign=campaign, reward=reward, amount_cents=2500)
    BusinessPage.objects.filter(pk=campaign.business_page_id).update(closed_for_good_at=timezone.now())
    payload, header = signed(event("checkout.session.completed", fake_stripe.add_session(pledge)))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/stripe/webhook/", payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
        )
    assert response.status_code == 200
    pledge.refresh_from_db()
    assert pledge.state == PledgeState.PAID and pledge.refund_requested_at is not None
    assert not Voucher.objects.filter(pledge=pledge).exists()
    assert len(fake_stripe.refunds) == 1


def test_refund_choice_voids_the_voucher(client, campaign, reward, exchange_campaign):
    voucher = voucher_for(campaign, reward)
    close_for_good(campaign.get_parent().specific)
    offer = ClosureOffer.objects.get()
    response = client.post(f"/gutschein/schliessung/{offer.token}/", {"choice": "refund"})
    assert response.status_code == 200
    voucher.refresh_from_db()
    assert voucher.state == VoucherState.VOID and voucher.needs_review
    offer.refresh_from_db()
    assert offer.choice == "refund"


def test_refund_after_the_deadline_is_refused(client, campaign, reward, exchange_campaign):
    voucher = voucher_for(campaign, reward)
    close_for_good(campaign.get_parent().specific)
    offer = ClosureOffer.objects.get()
    ClosureOffer.objects.filter(pk=offer.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    response = client.post(f"/gutschein/schliessung/{offer.token}/", {"choice": "refund"})
    assert response.status_code == 400
    assert "Frist" in response.content.decode()
    voucher.refresh_from_db()
    assert voucher.state == VoucherState.ACTIVE
    assert ClosureOffer.objects.get().choice == ""


def test_exchange_makes_the_same_voucher_city_wide_and_only_once(client, campaign, reward, exchange_campaign):
    voucher = voucher_for(campaign, reward)
    close_for_good(campaign.get_parent().specific)
    offer = ClosureOffer.objects.get()
    decide(offer, "exchange")
    voucher.refresh_from_db()
    assert voucher.business_id is None and voucher.scope_id == exchange_campaign.pk
    page = client.get(f"/gutschein/{voucher.token}/").content.decode()
    assert "data-exchanged" in page and "dauerhaft geschlossen" in page
    assert voucher.balance_cents == 1200 and voucher.state == VoucherState.ACTIVE
    with pytest.raises(ClosureError):
        decide(ClosureOffer.objects.get(), "exchange")  # exchange twice
    stale = ClosureOffer.objects.get()
    stale.choice = ""  # a second tab that still shows the form
    with pytest.raises(ClosureError):
        decide(stale, "refund")
    voucher.refresh_from_db()
    assert voucher.state == VoucherState.ACTIVE  # the refund did not void the exchanged voucher


def test_forged_or_malformed_links_are_not_found(client):
    assert client.get("/gutschein/schliessung/forged-token/").status_code == 404
    assert client.post("/gutschein/schliessung/forged-token/", {"choice": "refund"}).status_code == 404
    assert client.get(f"/gutschein/schliessung/{'a' * 80}/").status_code == 404


def test_unknown_choice_and_exchange_without_campaign_are_refused(client, campaign, reward):
    voucher_for(campaign, reward)
    close_for_good(campaign.get_parent().specific)  # no exchange campaign configured
    offer = ClosureOffer.objects.get()
    assert not offer.exchange_offered
    assert client.post(f"/gutschein/schliessung/{offer.token}/", {"choice": "exchange"}).status_code == 400
    assert client.post(f"/gutschein/schliessung/{offer.token}/", {"choice": "cash!"}).status_code == 400
    assert ClosureOffer.objects.get().choice == ""


def test_owner_closes_own_business_but_not_another(client, campaign, reward, owner, other_owner):
    business_pk = campaign.business_page_id
    client.force_login(other_owner)
    response = client.post(f"/mein-unternehmen/{business_pk}/dauerhaft-geschlossen/", {"confirm": "yes"})
    assert response.status_code in (403, 404)
    assert BusinessPage.objects.get(pk=business_pk).closed_for_good_at is None
    client.force_login(owner)
    client.post(f"/mein-unternehmen/{business_pk}/dauerhaft-geschlossen/", {})  # no confirmation
    assert BusinessPage.objects.get(pk=business_pk).closed_for_good_at is None
    client.post(f"/mein-unternehmen/{business_pk}/dauerhaft-geschlossen/", {"confirm": "yes"})
    assert BusinessPage.objects.get(pk=business_pk).closed_for_good_at is not None


def test_liability_is_visible_to_owner_and_editors(client, campaign, reward, owner, admin_client):
    voucher_for(campaign, reward)
    assert outstanding_liability() == {campaign.business_page_id: (1, 1200)}
    client.force_login(owner)
    html = client.get(f"/mein-unternehmen/{campaign.business_page_id}/gutscheine/").content.decode()
    assert "12,00" in html and "offen" in html.lower()
    admin_html = admin_client.get("/admin/fundraising/voucher-totals/").content.decode()
    assert "12,00" in admin_html and f"/admin/fundraising/businesses/{campaign.business_page_id}/close/" in admin_html
    assert "None" not in admin_html.split("<tbody>")[1]  # city-wide vouchers get a name, not Python's None


def test_city_wide_vouchers_are_named_in_the_liability_report(admin_client, campaign, reward, exchange_campaign):
    voucher_for(campaign, reward)
    close_for_good(campaign.get_parent().specific)
    decide(ClosureOffer.objects.get(), "exchange")
    html = admin_client.get("/admin/fundraising/voucher-totals/").content.decode()
    assert "Stadtweite Gutscheine (ausgestellt von der Betreiberin)" in html and ">None<" not in html


def test_editors_close_from_the_admin(admin_client, campaign, reward):
    response = admin_client.post(
        f"/admin/fundraising/businesses/{campaign.business_page_id}/close/", {"confirm": "yes"}
    )
    assert response.status_code == 302
    assert BusinessPage.objects.get(pk=campaign.business_page_id).closed_for_good_at is not None


def test_publishing_an_old_revision_does_not_reopen(campaign):
    business = campaign.get_parent().specific
    revision = business.save_revision()
    close_for_good(business)
    business.refresh_from_db()
    revision.publish()
    assert BusinessPage.objects.get(pk=business.pk).closed_for_good_at is not None


def test_closed_business_cannot_start_a_campaign(client, owner, campaign):
    business = campaign.get_parent().specific
    close_for_good(business)
    client.force_login(owner)
    from django.urls import reverse

    response = client.post(reverse("fundraising:owner_campaign_start", args=[business.pk]), {"title": "Neu"})
    assert response.status_code == 302
    assert type(campaign).objects.child_of(business).count() == 1


def test_offer_page_says_what_each_choice_means(client, campaign, reward, exchange_campaign):
    voucher_for(campaign, reward)
    close_for_good(campaign.get_parent().specific)
    offer = ClosureOffer.objects.get()
    html = client.get(f"/gutschein/schliessung/{offer.token}/").content.decode()
    assert "Wir zahlen Ihnen 12,00\xa0€ zurück." in html
    assert f"in jedem Unternehmen der Sammelaktion „{exchange_campaign.title}“" in html
    assert exchange_campaign.url in html
