"""Gift vouchers: the pledge form's gift part (hostile and malformed input), delivery on the date exactly once (also
run twice and concurrently), the buyer's copy and resend link, the voucher page and PDF saying who gave it."""

import datetime
import threading

import pytest

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from fundraising import gifts
from fundraising.factories import CampaignPageFactory, PledgeFactory, RewardFactory
from fundraising.models import Pledge, PledgeGift, PledgeState, Voucher
from fundraising.voucher_pdf import render_pdf

from .fakes import event, signed

TODAY = timezone.localdate


def gift_data(voucher_reward, **changes):
    data = {
        "amount": "2500",
        "custom_amount": "",
        "reward": str(voucher_reward.pk),
        "name": "Bea Käuferin",
        "email": "bea@example.org",
        "display_name": "",
        "accept_terms": "on",
        "website": "",
        "gift": "on",
        "gift_recipient_name": "Rudi Empfänger",
        "gift_recipient_email": "rudi@example.org",
        "gift_sender_name": "",
        "gift_message": "Alles Gute zum Geburtstag!",
        "gift_deliver_on": TODAY().isoformat(),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def submit(client, campaign, data):
    return client.post(campaign.url + "unterstuetzen/", data)


def pay(client, fake, pledge, capture):
    session = fake.add_session(pledge)
    payload, header = signed(event("checkout.session.completed", session))
    with capture(execute=True):
        response = client.post(
            "/stripe/webhook/", payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
        )
    assert response.status_code == 200
    pledge.refresh_from_db()
    return pledge


def to(address):
    return [m for m in mail.outbox if m.to == [address]]


# The form -------------------------------------------------------------------------------------------------------


def test_gift_details_disclosure_on_the_pledge_form(client, campaign, reward):
    html = client.get(campaign.url).content.decode()
    assert "data-gift-details" in html and "Als Geschenk verschicken" in html
    assert f'min="{TODAY().isoformat()}"' in html
    assert 'type="date"' in html


def test_gift_date_in_the_past_is_refused(client, fake_stripe, campaign, reward):
    yesterday = (TODAY() - datetime.timedelta(days=1)).isoformat()
    response = submit(client, campaign, gift_data(reward, gift_deliver_on=yesterday))
    assert response.status_code == 400
    assert "nicht in der Vergangenheit" in response.content.decode()
    assert not Pledge.objects.exists() and not PledgeGift.objects.exists()
    assert not fake_stripe.requests


def test_gift_date_more_than_a_year_ahead_is_refused(client, fake_stripe, campaign, reward):
    far = (TODAY() + datetime.timedelta(days=400)).isoformat()
    assert submit(client, campaign, gift_data(reward, gift_deliver_on=far)).status_code == 400
    assert not Pledge.objects.exists()


@pytest.mark.parametrize(
    "email", ["rudi", "rudi@", "@example.org", "rudi@example..org", "a b@example.org", "x" * 250 + "@e.de"]
)
def test_malformed_recipient_email_is_refused(client, fake_stripe, campaign, reward, email):
    response = submit(client, campaign, gift_data(reward, gift_recipient_email=email))
    assert response.status_code == 400
    assert not Pledge.objects.exists()


@pytest.mark.parametrize("field", ["gift_recipient_name", "gift_recipient_email", "gift_deliver_on"])
def test_gift_needs_recipient_and_date(client, fake_stripe, campaign, reward, field):
    assert submit(client, campaign, gift_data(reward, **{field: ""})).status_code == 400
    assert not Pledge.objects.exists()


@pytest.mark.parametrize("day", ["morgen", "2026-13-40", "31.02.2027", "0000-00-00"])
def test_malformed_gift_date_is_refused(client, fake_stripe, campaign, reward, day):
    assert submit(client, campaign, gift_data(reward, gift_deliver_on=day)).status_code == 400


def test_gift_message_too_long_is_refused(client, fake_stripe, campaign, reward):
    assert submit(client, campaign, gift_data(reward, gift_message="x" * 301)).status_code == 400
    assert not Pledge.objects.exists()


def test_gift_needs_a_voucher_reward(client, fake_stripe, campaign, reward):
    assert submit(client, campaign, gift_data(reward, reward="")).status_code == 400
    other = RewardFactory(page=campaign, title="Dankeskarte", kind="other", voucher_value_cents=None)
    assert submit(client, campaign, gift_data(reward, reward=str(other.pk))).status_code == 400
    assert not Pledge.objects.exists()


def test_gift_fields_ignored_without_the_gift_box(client, fake_stripe, campaign, reward):
    data = gift_data(reward, gift="", gift_deliver_on="1999-01-01", gift_recipient_email="kaputt")
    assert submit(client, campaign, data).status_code == 303
    assert Pledge.objects.count() == 1 and not PledgeGift.objects.exists()


# Paying and delivering ------------------------------------------------------------------------------------------


def test_gift_for_today_goes_out_after_the_payment(
    client, fake_stripe, campaign, reward, django_capture_on_commit_callbacks
):
    assert submit(client, campaign, gift_data(reward)).status_code == 303
    pledge = Pledge.objects.get()
    gift = PledgeGift.objects.get(pledge=pledge)
    assert gift.sender_name == "Bea Käuferin"  # empty "from": the buyer's name
    assert not mail.outbox
    pay(client, fake_stripe, pledge, django_capture_on_commit_callbacks)
    buyer, recipient = to("bea@example.org"), to("rudi@example.org")
    assert len(buyer) == 1 and len(recipient) == 1
    assert "Rudi Empfänger" in buyer[0].body and f"/unterstuetzen/geschenk/{pledge.public_token}/" in buyer[0].body
    assert "Geschenk für Sie von Bea Käuferin" in recipient[0].subject
    assert "Alles Gute zum Geburtstag!" in recipient[0].body
    assert any(
        a[0].startswith("gutschein-") and a[2] == "application/pdf"
        for a in recipient[0].attachments
        if isinstance(a, tuple)
    )
    # The recipient's mail carries nothing of the buyer's payment: no address, no confirmation, no buyer token.
    assert "bea@example.org" not in recipient[0].body and pledge.public_token not in recipient[0].body
    assert not any("zahlungsbestaetigung" in str(a[0]) for a in recipient[0].attachments if isinstance(a, tuple))
    gift.refresh_from_db()
    assert gift.sent_at is not None and gift.sent_to == "rudi@example.org"


def test_future_gift_waits_for_its_day_and_the_task_sends_it_once(
    client, fake_stripe, campaign, reward, django_capture_on_commit_callbacks
):
    day = TODAY() + datetime.timedelta(days=3)
    submit(client, campaign, gift_data(reward, gift_deliver_on=day.isoformat()))
    pledge = pay(client, fake_stripe, Pledge.objects.get(), django_capture_on_commit_callbacks)
    assert len(to("bea@example.org")) == 1 and not to("rudi@example.org")
    assert "am " in to("bea@example.org")[0].body  # "we will send it on …"
    with django_capture_on_commit_callbacks(execute=True):
        assert gifts.deliver_due(today=day - datetime.timedelta(days=1)) == 0
    assert not to("rudi@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert gifts.deliver_due(today=day) == 1
        assert gifts.deliver_due(today=day) == 0  # the task run twice
        assert gifts.deliver_due(today=day + datetime.timedelta(days=5)) == 0
    assert len(to("rudi@example.org")) == 1
    assert PledgeGift.objects.get(pledge=pledge).sent_at is not None


def test_delivery_command_runs_twice_and_sends_once(django_capture_on_commit_callbacks, campaign, reward):
    pledge = _paid_gift(campaign, reward, deliver_on=TODAY())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("deliver_gifts", stdout=open("/dev/null", "w"))
        call_command("deliver_gifts", stdout=open("/dev/null", "w"))
    assert len(to("rudi@example.org")) == 1
    assert PledgeGift.objects.get(pledge=pledge).sent_to == "rudi@example.org"


def _paid_gift(campaign, reward, deliver_on, state=PledgeState.PAID):
    from fundraising.vouchers import issue_vouchers

    pledge = PledgeFactory(campaign=campaign, reward=reward, amount_cents=2500, state=state, paid_at=timezone.now())
    issue_vouchers(pledge)
    PledgeGift.objects.create(
        pledge=pledge,
        sender_name="Bea",
        recipient_name="Rudi",
        recipient_email="rudi@example.org",
        message="<b>Hallo</b>",
        deliver_on=deliver_on,
    )
    return pledge


def test_unpaid_or_refunded_gifts_are_never_delivered(campaign, reward, django_capture_on_commit_callbacks):
    _paid_gift(campaign, reward, TODAY(), state=PledgeState.PENDING)
    refunded = _paid_gift(campaign, reward, TODAY(), state=PledgeState.REFUNDED)
    Voucher.objects.filter(pledge=refunded).update(state="void")
    with django_capture_on_commit_callbacks(execute=True):
        assert gifts.deliver_due() == 0
    assert not mail.outbox


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_delivery_runs_send_each_gift_once():
    campaign = CampaignPageFactory()
    reward = RewardFactory(page=campaign)
    for _ in range(3):
        _paid_gift(campaign, reward, TODAY())
    barrier = threading.Barrier(4)
    counts, errors = [], []

    def worker():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            counts.append(gifts.deliver_due())
        except Exception as error:  # pragma: no cover - shown on failure
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sum(counts) == 3
    assert len(to("rudi@example.org")) == 3
    assert PledgeGift.objects.filter(sent_at__isnull=True).count() == 0


# Message with HTML ----------------------------------------------------------------------------------------------


def test_gift_message_with_html_stays_text_everywhere(
    client, fake_stripe, campaign, reward, django_capture_on_commit_callbacks
):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>\r\nZeile 2\x07'
    assert submit(client, campaign, gift_data(reward, gift_message="a\x00b")).status_code == 400  # NUL refused
    submit(client, campaign, gift_data(reward, gift_message=hostile, gift_sender_name="<b>Bea</b>"))
    gift = PledgeGift.objects.get()
    assert gift.message == '<script>alert("x")</script><img src=x onerror=alert(1)>\nZeile 2'  # stored as text
    pledge = pay(client, fake_stripe, gift.pledge, django_capture_on_commit_callbacks)
    recipient = to("rudi@example.org")[0]
    html = recipient.alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>Bea</b>" not in html
    voucher = Voucher.objects.get(pledge=pledge)
    page = client.get(f"/gutschein/{voucher.token}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "Geschenk von &lt;b&gt;Bea&lt;/b&gt;" in page
    # The recipient's voucher page does not link the buyer's payment confirmation (the buyer's secret).
    assert pledge.public_token not in page and "data-confirmation-link" not in page


def test_voucher_pdf_names_the_giver_and_message(campaign, reward):
    pledge = _paid_gift(campaign, reward, TODAY())
    pdf = render_pdf(Voucher.objects.get(pledge=pledge))
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


# Resend ---------------------------------------------------------------------------------------------------------


def test_resend_with_bad_token_is_404(client, campaign, reward):
    pledge = _paid_gift(campaign, reward, TODAY())
    for token in ["nope", "x" * 65, pledge.public_token[:-1] + "A"]:
        response = client.post(
            f"/unterstuetzen/geschenk/{token}/", {"recipient_name": "M", "recipient_email": "m@example.org"}
        )
        assert response.status_code == 404
    # A pledge without gift has no gift page either.
    plain = PledgeFactory(campaign=campaign)
    assert client.get(f"/unterstuetzen/geschenk/{plain.public_token}/").status_code == 404
    assert PledgeGift.objects.get().recipient_email == "rudi@example.org"


def test_resend_to_corrected_address(client, campaign, reward, django_capture_on_commit_callbacks):
    pledge = _paid_gift(campaign, reward, TODAY())
    with django_capture_on_commit_callbacks(execute=True):
        gifts.deliver_due()
    url = f"/unterstuetzen/geschenk/{pledge.public_token}/"
    page = client.get(url)
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    assert 'data-gift-status="sent"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"recipient_name": "Rudi", "recipient_email": "rudi.richtig@example.org"})
    assert response.status_code == 302
    assert len(to("rudi.richtig@example.org")) == 1
    gift = PledgeGift.objects.get()
    assert gift.sent_to == "rudi.richtig@example.org" and gift.resent_count == 1
    # Malformed input changes nothing.
    assert client.post(url, {"recipient_name": "Rudi", "recipient_email": "kaputt"}).status_code == 400
    assert client.post(url, {"recipient_name": "   ", "recipient_email": "a@example.org"}).status_code == 400
    assert PledgeGift.objects.get().recipient_email == "rudi.richtig@example.org"


def test_correction_before_the_date_changes_only_the_address(
    client, campaign, reward, django_capture_on_commit_callbacks
):
    pledge = _paid_gift(campaign, reward, TODAY() + datetime.timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/unterstuetzen/geschenk/{pledge.public_token}/",
            {"recipient_name": "R", "recipient_email": "neu@example.org"},
        )
    assert not mail.outbox
    assert PledgeGift.objects.get().recipient_email == "neu@example.org"


def test_resend_is_rate_limited(client, campaign, reward, django_capture_on_commit_callbacks):
    pledge = _paid_gift(campaign, reward, TODAY())
    with django_capture_on_commit_callbacks(execute=True):
        gifts.deliver_due()
    url = f"/unterstuetzen/geschenk/{pledge.public_token}/"
    statuses = []
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(5):
            statuses.append(
                client.post(url, {"recipient_name": "R", "recipient_email": f"r{i}@example.org"}).status_code
            )
    assert statuses[:3] == [302, 302, 302] and statuses[3:] == [429, 429]
    assert PledgeGift.objects.get().resent_count == 3
