"""The public face of campaigns and vouchers: what a visitor may see (issue 19)."""

import pytest

from django.utils import timezone

from directory.models import AddressVisibility
from fundraising.factories import CampaignPageFactory, PledgeFactory
from fundraising.models import PledgeState
from fundraising.vouchers import issue_vouchers


def _voucher(campaign):
    pledge = PledgeFactory(
        campaign=campaign,
        state=PledgeState.PAID,
        paid_at=timezone.now(),
        reward_title="Gutschein",
        reward_kind="voucher",
        voucher_value_cents=1200,
    )
    (voucher,) = issue_vouchers(pledge)
    return voucher


@pytest.mark.django_db
def test_voucher_page_shows_the_street_only_when_the_business_publishes_it(client):
    campaign = CampaignPageFactory()
    business = campaign.get_parent().specific
    business.street, business.postcode, business.city = "Geheimweg 7", "44137", "Dortmund"
    business.address_visibility = AddressVisibility.DISTRICT
    business.save()
    voucher = _voucher(campaign)

    html = client.get(f"/gutschein/{voucher.token}/").content.decode()
    assert "Geheimweg" not in html and "44137" not in html
    assert business.district.name in html and business.title in html

    business.address_visibility = AddressVisibility.EXACT
    business.save()
    html = client.get(f"/gutschein/{voucher.token}/").content.decode()
    assert "Geheimweg 7, 44137 Dortmund" in html


@pytest.mark.django_db
def test_campaign_page_is_phone_first_with_one_total_and_a_support_bar(client):
    from fundraising.factories import RewardFactory

    campaign = CampaignPageFactory(title="Hilfe für die Sonne")
    RewardFactory(page=campaign, title="Gutschein über 12 €", min_pledge_cents=1000)
    html = client.get(campaign.url).content.decode()
    order = [html.index(marker) for marker in ("<h1", "campaign-picture", "campaign-status", 'id="unterstuetzen"')]
    assert order == sorted(order)  # title, picture, progress, then the form
    assert 'class="category-tile"' in html  # no own picture, no business photo: the category's illustration
    assert '<nav class="support-bar"' in html and 'href="#unterstuetzen"' in html
    assert "ab 10\u00a0€" in html and 'class="reward-choice"' in html
    assert html.count("<progress") == 1


@pytest.mark.django_db
def test_ended_campaign_never_invites_support(client):
    import datetime

    today = timezone.localdate()
    campaign = CampaignPageFactory(
        start_date=today - datetime.timedelta(days=30), end_date=today - datetime.timedelta(days=1)
    )
    html = client.get(campaign.url).content.decode()
    assert "support-bar" not in html and "Jetzt unterstützen</a>" not in html and "Noch 0 Tage" not in html
    assert "Beendet" in html
    business_html = client.get(campaign.get_parent().url).content.decode()
    assert "Jetzt unterstützen" not in business_html and "0 Tage" not in business_html


@pytest.mark.django_db
def test_voucher_email_is_html_with_the_qr_inline_the_pdf_attached_and_a_text_part(django_capture_on_commit_callbacks):
    from email.mime.image import MIMEImage

    from django.core import mail

    from fundraising.notifications import notify_paid

    campaign = CampaignPageFactory()
    pledge = PledgeFactory(
        campaign=campaign,
        state=PledgeState.PAID,
        paid_at=timezone.now(),
        reward_title="Gutschein",
        reward_kind="voucher",
        voucher_value_cents=1200,
        name="Erika <b>M</b>",
    )
    vouchers = issue_vouchers(pledge)
    with django_capture_on_commit_callbacks(execute=True):
        notify_paid(pledge, vouchers)
    (message,) = mail.outbox
    assert vouchers[0].display_code in message.body  # the text alternative
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="de">' in html and "<title>" in html and "Erika &lt;b&gt;M&lt;/b&gt;" in html
    images = [a for a in message.attachments if isinstance(a, MIMEImage)]
    pdfs = [a for a in message.attachments if isinstance(a, tuple) and a[2] == "application/pdf"]
    assert len(images) == 1 and len(pdfs) == 1
    cid = images[0]["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html and 'alt="QR-Code des Gutscheins' in html
    assert images[0].get_payload(decode=True).startswith(b"\x89PNG")


@pytest.mark.django_db
def test_every_email_gets_the_branded_html_part(django_capture_on_commit_callbacks):
    from django.core import mail

    from commons.emails import queue_email

    with django_capture_on_commit_callbacks(execute=True):
        queue_email("fundraising/email/pledge_refunded", "a@example.org", {"name": "A", "vouchers": []}, "de")
    (message,) = mail.outbox
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html" and "<main>" in html and 'lang="de"' in html
    assert message.body.strip()[:20] in html
