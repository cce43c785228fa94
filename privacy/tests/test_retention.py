"""Retention: anonymisation after the configured periods, idempotent, keeping the bookkeeping numbers."""

import datetime
from io import StringIO

import pytest

from django.core.management import call_command
from django.utils import timezone

from fundraising.factories import CampaignPageFactory, PledgeFactory, RewardFactory
from fundraising.models import Pledge, PledgeState, StripeEvent, Voucher
from fundraising.vouchers import issue_vouchers
from privacy.retention import apply
from privacy.services import ANONYMISED_EMAIL, ANONYMISED_NAME

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=4 * 365)


def old_paid(campaign, **kwargs):
    pledge = PledgeFactory(campaign=campaign, state=PledgeState.PAID, paid_at=LONG_AGO, message="Alles Gute!", **kwargs)
    Pledge.objects.filter(pk=pledge.pk).update(created_at=LONG_AGO)
    return Pledge.objects.get(pk=pledge.pk)


def test_old_paid_pledge_is_anonymised_keeping_the_numbers():
    campaign = CampaignPageFactory()
    pledge = old_paid(campaign, amount_cents=2500, name="Erika Mustermann", email="erika@example.org")
    kept = ("amount_cents", "paid_at", "state", "payment_class", "public_token")
    before = Pledge.objects.values(*kept).get(pk=pledge.pk)
    counts = apply()
    assert counts["contacts"] == 1
    pledge.refresh_from_db()
    assert (pledge.name, pledge.email, pledge.message) == (ANONYMISED_NAME, ANONYMISED_EMAIL, "")
    after = Pledge.objects.values(*kept).get(pk=pledge.pk)
    assert after == before  # the bookkeeping record stays as it was


def test_anonymisation_is_idempotent():
    campaign = CampaignPageFactory()
    old_paid(campaign)
    first = apply()
    second = apply()
    assert first["contacts"] == 1 and second == {"contacts": 0, "messages": 0, "logs": 0}


def test_recent_pledges_and_open_vouchers_are_kept():
    campaign = CampaignPageFactory()
    reward = RewardFactory(page=campaign)
    recent = PledgeFactory(campaign=campaign, state=PledgeState.PAID, paid_at=timezone.now(), email="new@example.org")
    holder = old_paid(campaign, reward=reward, email="holder@example.org")
    voucher = issue_vouchers(holder)[0]
    Voucher.objects.filter(pk=voucher.pk).update(valid_until=timezone.localdate() + datetime.timedelta(days=30))
    apply()
    assert Pledge.objects.get(pk=recent.pk).email == "new@example.org"
    assert Pledge.objects.get(pk=holder.pk).email == "holder@example.org"  # still needs to be reachable
    Voucher.objects.filter(pk=voucher.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    apply()
    assert Pledge.objects.get(pk=holder.pk).email == ANONYMISED_EMAIL


def test_unpaid_pledges_messages_and_logs_follow_their_own_periods(settings):
    settings.RETENTION_UNPAID_DAYS = 10
    settings.RETENTION_MESSAGE_DAYS = 100
    settings.RETENTION_LOG_DAYS = 5  # below the minimum of 30: 30 counts
    campaign = CampaignPageFactory()
    unpaid = PledgeFactory(campaign=campaign, state=PledgeState.EXPIRED, email="gone@example.org")
    Pledge.objects.filter(pk=unpaid.pk).update(created_at=timezone.now() - datetime.timedelta(days=11))
    chatty = PledgeFactory(campaign=campaign, state=PledgeState.PAID, paid_at=timezone.now(), message="Hallo")
    Pledge.objects.filter(pk=chatty.pk).update(created_at=timezone.now() - datetime.timedelta(days=101))
    old_event = StripeEvent.objects.create(event_id="evt_old", type="checkout.session.completed")
    StripeEvent.objects.filter(pk=old_event.pk).update(received_at=timezone.now() - datetime.timedelta(days=31))
    StripeEvent.objects.create(event_id="evt_new", type="checkout.session.completed")
    StripeEvent.objects.create(event_id="evt_mid", type="checkout.session.completed")
    StripeEvent.objects.filter(event_id="evt_mid").update(received_at=timezone.now() - datetime.timedelta(days=10))
    counts = apply()
    assert Pledge.objects.get(pk=unpaid.pk).email == ANONYMISED_EMAIL
    chatty.refresh_from_db()
    assert chatty.message == "" and chatty.email != ANONYMISED_EMAIL
    assert sorted(StripeEvent.objects.values_list("event_id", flat=True)) == ["evt_mid", "evt_new"]
    assert counts["logs"] == 1


def test_command_reports_counts():
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "0 pledge(s) anonymised" in out.getvalue()


def test_privacy_page_states_the_periods_from_the_settings(client, settings):
    from wagtail.models import Site

    from home.models import SiteSettings, StandardPage

    settings.RETENTION_CONTACT_DAYS = 777
    home = Site.objects.get(is_default_site=True).root_page
    privacy = StandardPage(title="Datenschutz", slug="datenschutz")
    home.add_child(instance=privacy)
    other = StandardPage(title="Impressum", slug="impressum")
    home.add_child(instance=other)
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.privacy_page = privacy
    site_settings.save()
    html = client.get(privacy.url).content.decode()
    assert "777 Tage" in html and "§ 147 AO" in html
    assert "data-retention" not in client.get(other.url).content.decode()
