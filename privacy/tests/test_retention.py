"""Retention: anonymisation after the configured periods, idempotent, keeping the bookkeeping numbers."""

import datetime
from io import StringIO

import pytest

from django.core.management import call_command
from django.utils import timezone

from fundraising.factories import CampaignPageFactory, PledgeFactory, RewardFactory
from fundraising.models import (
    Pledge,
    PledgeGift,
    PledgeState,
    StripeEvent,
    Subscription,
    SubscriptionState,
    Voucher,
)
from fundraising.subscription_links import manage_url
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
    assert first["contacts"] == 1 and second == {
        "contacts": 0,
        "subscriptions": 0,
        "gifts": 0,
        "messages": 0,
        "logs": 0,
    }


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
    assert "Monatliche Unterstützung: Name und E-Mail-Adresse werden 777 Tage nach ihrem Ende" in html
    assert "Beschenkte: Name und E-Mail-Adresse werden 777 Tage nach der Zustellung" in html
    assert "data-retention" not in client.get(other.url).content.decode()


# Monthly support -------------------------------------------------------------------------------------------------


def subscription(campaign, state, ended_days_ago=None, created_days_ago=0, **kwargs):
    now = timezone.now()
    sub = Subscription.objects.create(
        target=campaign,
        amount_cents=1000,
        name=kwargs.pop("name", "Paula Pate"),
        email=kwargs.pop("email", "paula@example.org"),
        display_name="Paula",
        state=state,
        stripe_subscription_id=kwargs.pop("stripe_subscription_id", None),
        ended_at=now - datetime.timedelta(days=ended_days_ago) if ended_days_ago is not None else None,
        **kwargs,
    )
    Subscription.objects.filter(pk=sub.pk).update(created_at=now - datetime.timedelta(days=created_days_ago))
    return Subscription.objects.get(pk=sub.pk)


def test_subscriptions_over_for_longer_than_the_period_are_anonymised_keeping_the_numbers(settings):
    settings.RETENTION_CONTACT_DAYS = 100
    settings.RETENTION_UNPAID_DAYS = 10
    campaign = CampaignPageFactory()
    cancelled = subscription(campaign, SubscriptionState.CANCELLED, 101, 400, stripe_subscription_id="sub_a")
    ended = subscription(campaign, SubscriptionState.ENDED, 101, 400, email="e@example.org")
    expired = subscription(campaign, SubscriptionState.EXPIRED, 11, 11, email="x@example.org")
    link_before = manage_url(cancelled)
    kept = ("amount_cents", "state", "ended_at", "created_at", "stripe_subscription_id")
    before = Subscription.objects.values(*kept).get(pk=cancelled.pk)
    counts = apply()
    assert counts["subscriptions"] == 3
    for sub in (cancelled, ended, expired):
        sub.refresh_from_db()
        assert (sub.name, sub.email, sub.display_name, sub.anonymous) == (ANONYMISED_NAME, ANONYMISED_EMAIL, "", True)
    assert Subscription.objects.values(*kept).get(pk=cancelled.pk) == before
    assert manage_url(cancelled) != link_before  # every manage link sent so far is dead
    assert apply()["subscriptions"] == 0  # idempotent


def test_running_recent_and_pending_subscriptions_are_kept(settings):
    settings.RETENTION_CONTACT_DAYS = 100
    settings.RETENTION_UNPAID_DAYS = 10
    campaign = CampaignPageFactory()
    keep = [
        subscription(campaign, SubscriptionState.ACTIVE, None, 900, email="active@example.org"),
        subscription(campaign, SubscriptionState.PAST_DUE, None, 900, email="due@example.org"),
        subscription(campaign, SubscriptionState.PENDING, None, 900, email="pending@example.org"),
        subscription(campaign, SubscriptionState.CANCELLED, 99, 900, email="recent@example.org"),
        # expired recently although created long ago: counted from the end
        subscription(campaign, SubscriptionState.EXPIRED, 9, 900, email="expired@example.org"),
    ]
    assert apply()["subscriptions"] == 0
    assert {s.email for s in Subscription.objects.all()} == {s.email for s in keep}


def test_months_of_a_recent_subscription_are_not_touched_by_its_neighbour(settings):
    settings.RETENTION_CONTACT_DAYS = 100
    campaign = CampaignPageFactory()
    old = subscription(campaign, SubscriptionState.CANCELLED, 200, 500, email="same@example.org")
    new = subscription(campaign, SubscriptionState.ACTIVE, None, 5, email="same@example.org")
    apply()
    assert Subscription.objects.get(pk=old.pk).email == ANONYMISED_EMAIL
    assert Subscription.objects.get(pk=new.pk).email == "same@example.org"  # selected by row, never by address


# Gifts -----------------------------------------------------------------------------------------------------------


def gift(pledge, sent_days_ago=None, **kwargs):
    now = timezone.now()
    return PledgeGift.objects.create(
        pledge=pledge,
        sender_name="Oma Inge",
        recipient_name="Enkel Ben",
        recipient_email="ben@example.org",
        message="Für dich!",
        deliver_on=timezone.localdate(),
        sent_at=now - datetime.timedelta(days=sent_days_ago) if sent_days_ago is not None else None,
        sent_to="ben@example.org" if sent_days_ago is not None else "",
        **kwargs,
    )


def test_delivered_gift_recipient_is_anonymised_after_the_period_even_if_the_buyer_is_not_yet(settings):
    settings.RETENTION_CONTACT_DAYS = 100
    campaign = CampaignPageFactory()
    # the buyer's contact stays (counted from the payment, which the test sets to now), the recipient's goes
    pledge = PledgeFactory(campaign=campaign, state=PledgeState.PAID, paid_at=timezone.now(), email="oma@example.org")
    delivered = gift(pledge, sent_days_ago=101)
    counts = apply()
    assert counts["gifts"] == 1 and counts["contacts"] == 0
    delivered.refresh_from_db()
    assert (delivered.recipient_name, delivered.recipient_email, delivered.sent_to) == (ANONYMISED_NAME, "", "")
    assert (delivered.sender_name, delivered.message) == (ANONYMISED_NAME, "")
    assert delivered.sent_at is not None and delivered.deliver_on == timezone.localdate()  # the record stays
    assert Pledge.objects.get(pk=pledge.pk).email == "oma@example.org"
    assert apply()["gifts"] == 0  # idempotent


def test_gift_recipient_kept_while_recent_unsent_or_holding_an_open_voucher(settings):
    settings.RETENTION_CONTACT_DAYS = 100
    campaign = CampaignPageFactory()
    reward = RewardFactory(page=campaign)
    recent = gift(PledgeFactory(campaign=campaign, state=PledgeState.PAID, paid_at=timezone.now()), sent_days_ago=99)
    waiting = gift(PledgeFactory(campaign=campaign, state=PledgeState.PAID, paid_at=timezone.now()))
    holder_pledge = PledgeFactory(campaign=campaign, reward=reward, state=PledgeState.PAID, paid_at=timezone.now())
    voucher = issue_vouchers(holder_pledge)[0]
    Voucher.objects.filter(pk=voucher.pk).update(valid_until=timezone.localdate() + datetime.timedelta(days=30))
    holder = gift(holder_pledge, sent_days_ago=200)
    assert apply()["gifts"] == 0
    for kept in (recent, waiting, holder):
        kept.refresh_from_db()
        assert kept.recipient_email == "ben@example.org"
    Voucher.objects.filter(pk=voucher.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    assert apply()["gifts"] == 1
    holder.refresh_from_db()
    assert holder.recipient_email == ""


def test_unsent_gift_of_a_pledge_never_paid_goes_with_the_pledge(settings):
    settings.RETENTION_UNPAID_DAYS = 10
    campaign = CampaignPageFactory()
    unpaid = PledgeFactory(campaign=campaign, state=PledgeState.EXPIRED, email="oma@example.org")
    Pledge.objects.filter(pk=unpaid.pk).update(created_at=timezone.now() - datetime.timedelta(days=11))
    never = gift(unpaid)
    counts = apply()
    assert counts["contacts"] == 1 and counts["gifts"] == 1
    never.refresh_from_db()
    assert (never.recipient_name, never.recipient_email, never.message) == (ANONYMISED_NAME, "", "")


def test_command_reports_subscriptions_and_gifts(settings):
    settings.RETENTION_CONTACT_DAYS = 100
    subscription(CampaignPageFactory(), SubscriptionState.CANCELLED, 101, 200)
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "1 monthly support(s)" in out.getvalue() and "0 gift recipient(s)" in out.getvalue()


def test_translations_of_the_privacy_page_state_the_periods_too(client, settings):
    from wagtail.models import Locale, Site

    from home.models import SiteSettings, StandardPage

    settings.RETENTION_MESSAGE_DAYS = 123
    home = Site.objects.get(is_default_site=True).root_page
    privacy = StandardPage(title="Datenschutz", slug="datenschutz")
    home.add_child(instance=privacy)
    other = StandardPage(title="Impressum", slug="impressum")
    home.add_child(instance=other)
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.privacy_page = privacy
    site_settings.save()
    english = Locale.objects.get_or_create(language_code="en")[0]
    home.copy_for_translation(english).save_revision().publish()
    privacy_en = privacy.copy_for_translation(english)
    privacy_en.title = "Privacy"
    privacy_en.save_revision().publish()
    other.copy_for_translation(english).save_revision().publish()
    Site.clear_site_root_paths_cache()
    response = client.get("/en/datenschutz/")
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="en"' in html and "Privacy" in html
    assert "data-retention" in html and "after 123 days" in html
    assert "data-retention" not in client.get("/en/impressum/").content.decode()
