"""Consumer law on the pledge form: withdrawal information before payment and with the confirmation, the terms as
the one consent, the privacy policy as information."""

import pytest

from django.core import mail
from django.utils import timezone

from wagtail.models import Page, Site

from fundraising import offline
from fundraising.factories import PledgeFactory
from fundraising.forms import PledgeForm
from fundraising.models import FundraisingSettings, Pledge, PledgeState
from fundraising.notifications import notify_paid
from fundraising.vouchers import issue_vouchers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def operator_settings(settings):
    settings.PLATFORM_OPERATOR_EMAIL = "gutscheine@example.org"


def test_pledge_form_shows_withdrawal_information_and_privacy_as_information(client, campaign, reward):
    html = client.get(campaign.url).content.decode()
    assert "Widerrufsrecht für Gutscheine" in html
    assert "Muster-Widerrufsformular" in html
    assert "gutscheine@example.org" in html
    assert "data-privacy-info" in html
    assert "Ich akzeptiere die Nutzungsbedingungen." in html
    assert "Datenschutzerklärung." not in html.split("data-privacy-info")[0]  # no privacy consent checkbox


def test_privacy_page_is_linked_not_ticked(client, campaign, reward):
    site = Site.objects.get(is_default_site=True)
    settings = FundraisingSettings.for_site(site)
    settings.privacy_page = Page.objects.get(depth=2)
    settings.save()
    html = client.get(campaign.url).content.decode()
    privacy_info = html.split("data-privacy-info")[1].split("</p>")[0]
    assert settings.privacy_page.url in privacy_info
    assert 'type="checkbox"' not in privacy_info
    form = PledgeForm(campaign=campaign, settings=settings)
    assert [name for name, field in form.fields.items() if field.required and "privacy" in name] == []


def test_terms_are_still_required(client, campaign):
    response = client.post(
        f"/unterstuetzen/{campaign.pk}/", {"amount": "2500", "name": "Erika", "email": "e@example.org"}
    )
    assert response.status_code == 400
    assert not Pledge.objects.exists()


def test_withdrawal_page(client):
    response = client.get("/unterstuetzen/widerruf/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "vierzehn Tagen" in html and "Muster-Widerrufsformular" in html


def test_confirmation_email_carries_the_withdrawal_information(campaign, reward, django_capture_on_commit_callbacks):
    pledge = PledgeFactory(campaign=campaign, reward=reward, state=PledgeState.PAID, paid_at=timezone.now())
    vouchers = issue_vouchers(pledge)
    with django_capture_on_commit_callbacks(execute=True):
        notify_paid(pledge, vouchers)
    body = mail.outbox[0].body
    assert "Widerrufsrecht für Gutscheine" in body and "Muster-Widerrufsformular" in body
    assert "/unterstuetzen/widerruf/" in body
    html = mail.outbox[0].alternatives[0][0]
    assert "Muster-Widerrufsformular" in html


def test_support_only_email_has_no_withdrawal_section(campaign, django_capture_on_commit_callbacks):
    pledge = PledgeFactory(campaign=campaign, state=PledgeState.PAID, paid_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        notify_paid(pledge, [])
    assert "Muster-Widerrufsformular" not in mail.outbox[0].body


def test_support_faq_is_linked_beside_the_form_when_set(client, campaign, reward):
    assert "data-support-info" not in client.get(campaign.url).content.decode()
    config = FundraisingSettings.for_site(Site.objects.get(is_default_site=True))
    config.support_info_page = Page.objects.get(depth=2)
    config.save()
    html = client.get(campaign.url).content.decode()
    info = html.split("data-support-info")[1].split("</p>")[0]
    assert "keine Zuwendungsbestätigung" in info and config.support_info_page.url in info


def test_offline_voucher_purchase_has_no_withdrawal_section(campaign, django_capture_on_commit_callbacks):
    """Cash in the shop or a bank transfer recorded by the business is no online purchase (§ 312g BGB)."""
    with django_capture_on_commit_callbacks(execute=True):
        offline.record(campaign, amount_cents=2000, method="cash", user=None, email="k@example.org", issue_voucher=True)
    body = mail.outbox[0].body
    assert "Gutschein" in body and "Muster-Widerrufsformular" not in body
    assert "Muster-Widerrufsformular" not in mail.outbox[0].alternatives[0][0]
