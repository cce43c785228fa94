"""The "pledge paid" email carries one PDF per voucher, built inside the email task from the voucher's id."""

import datetime
import re
import zlib
from types import SimpleNamespace

import pytest

from django.core import mail
from django.utils import timezone

from commons.emails import build_attachments, queue_email
from fundraising import voucher_pdf
from fundraising.factories import PledgeFactory
from fundraising.models import PledgeState, VoucherState
from fundraising.notifications import muted, notify_paid
from fundraising.vouchers import issue_vouchers


def paid_pledge(campaign, **kwargs):
    fields = {
        "campaign": campaign,
        "state": PledgeState.PAID,
        "paid_at": timezone.now(),
        "reward_title": "Gutschein",
        "reward_kind": "voucher",
        "voucher_value_cents": 1200,
        "email": "erika@example.org",
        "name": "Erika Mustermann",
    }
    fields.update(kwargs)
    return PledgeFactory(**fields)


def pdf_text(content):
    """The uncompressed content streams (fpdf2 deflates them); core-font text (the Courier code) is literal."""
    chunks = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            chunks.append(match.group(1))
    return b"\n".join(chunks)


def send_paid(pledge, vouchers, capture):
    with capture(execute=True):
        notify_paid(pledge, vouchers)


def test_paid_email_has_one_pdf_per_voucher(campaign, django_capture_on_commit_callbacks):
    pledge = paid_pledge(campaign)
    vouchers = issue_vouchers(pledge)
    send_paid(pledge, vouchers, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["erika@example.org"]
    files = [a for a in message.attachments if isinstance(a, tuple)]  # the QR image is an inline MIME part
    assert len(files) == 1
    filename, content, mimetype = files[0]
    assert mimetype == "application/pdf"
    assert filename == f"gutschein-{vouchers[0].code[-4:]}.pdf"  # German: the pledge's language
    assert content.startswith(b"%PDF")
    assert vouchers[0].display_code.encode() in pdf_text(content)
    assert "PDF" in message.body  # the body says the voucher is attached
    # the HTML alternative (if any) and the body are still there
    assert vouchers[0].display_code in message.body


def test_the_attachment_is_the_same_pdf_as_the_download(client, campaign, django_capture_on_commit_callbacks):
    pledge = paid_pledge(campaign)
    (voucher,) = issue_vouchers(pledge)
    send_paid(pledge, [voucher], django_capture_on_commit_callbacks)
    download = client.get(f"/gutschein/{voucher.token}/gutschein.pdf")
    attached = mail.outbox[0].attachments[0][1]
    # Same builder: the same pages and code (fpdf2 stamps a creation date, so compare the content streams).
    assert pdf_text(download.content) == pdf_text(attached)


def test_english_pledge_gets_english_filename(campaign, django_capture_on_commit_callbacks):
    pledge = paid_pledge(campaign, language="en")
    (voucher,) = issue_vouchers(pledge)
    send_paid(pledge, [voucher], django_capture_on_commit_callbacks)
    assert mail.outbox[0].attachments[0][0] == f"voucher-{voucher.code[-4:]}.pdf"


def test_no_attachment_without_voucher(campaign, django_capture_on_commit_callbacks):
    pledge = paid_pledge(campaign, reward_kind="thanks", reward_title="Dankeschön", voucher_value_cents=None)
    vouchers = issue_vouchers(pledge)
    assert vouchers == []
    send_paid(pledge, vouchers, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments == []
    assert "PDF" not in mail.outbox[0].body


def test_muted_demo_flow_builds_nothing(campaign, django_capture_on_commit_callbacks, monkeypatch):
    pledge = paid_pledge(campaign)
    vouchers = issue_vouchers(pledge)
    monkeypatch.setattr(voucher_pdf, "render_pdf", lambda voucher: pytest.fail("no PDF while muted"))
    with muted():
        send_paid(pledge, vouchers, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_task_arguments_carry_ids_not_bytes(campaign, django_capture_on_commit_callbacks, monkeypatch):
    from commons import emails

    pledge = paid_pledge(campaign)
    (voucher,) = issue_vouchers(pledge)
    queued = []
    fake_task = SimpleNamespace(enqueue=lambda *args, **kwargs: queued.append((args, kwargs)))
    monkeypatch.setattr(emails, "send_templated_email", fake_task)
    send_paid(pledge, [voucher], django_capture_on_commit_callbacks)
    (args, kwargs) = queued[0]
    assert kwargs["attachments"] == [["fundraising.voucher_pdf.voucher_attachment", {"voucher_id": voucher.pk}]]
    import json

    json.dumps([args, kwargs])  # crosses the database task queue as JSON


def test_a_failed_attempt_sends_nothing_and_the_retry_sends_once(
    campaign, django_capture_on_commit_callbacks, monkeypatch
):
    pledge = paid_pledge(campaign)
    (voucher,) = issue_vouchers(pledge)
    real = voucher_pdf.render_pdf
    calls = []

    def flaky(v):
        calls.append(v.pk)
        if len(calls) == 1:
            raise OSError("font file briefly unavailable")
        return real(v)

    monkeypatch.setattr(voucher_pdf, "render_pdf", flaky)
    send_paid(pledge, [voucher], django_capture_on_commit_callbacks)
    assert calls == [voucher.pk, voucher.pk]  # the immediate backend retried at once
    assert len(mail.outbox) == 1
    assert len([a for a in mail.outbox[0].attachments if isinstance(a, tuple)]) == 1  # the PDF (+ the inline QR)


def test_voucher_voided_before_sending_is_not_attached(campaign, django_capture_on_commit_callbacks):
    pledge = paid_pledge(campaign)
    (voucher,) = issue_vouchers(pledge)
    with django_capture_on_commit_callbacks(execute=True):
        notify_paid(pledge, [voucher])
        type(voucher).objects.filter(pk=voucher.pk).update(state=VoucherState.VOID)  # refunded in the same breath
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments == []


def test_only_marked_builders_are_imported(db):
    with pytest.raises(ValueError):
        build_attachments([["os.getcwd", {}]])
    with pytest.raises(ImportError):
        build_attachments([["fundraising.voucher_pdf.no_such_builder", {}]])
    assert build_attachments([["fundraising.voucher_pdf.voucher_attachment", {"voucher_id": 999999}]]) == []


def test_queue_email_without_attachments_is_unchanged(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email("fundraising/email/pledge_refunded", "a@example.org", {"name": "A", "vouchers": []}, "de")
    assert len(mail.outbox) == 1 and mail.outbox[0].attachments == []


def fake_voucher(**kwargs):
    fields = {
        "business": None,
        "collective": SimpleNamespace(title="Ganz Südstadt hält zusammen"),
        "title": "Stadtgutschein",
        "face_value_cents": 2500,
        "balance_cents": 2500,
        "valid_until": datetime.date(2029, 12, 31),
        "code": "ABCDEFGHJKLM",
        "display_code": "ABCD-EFGH-JKLM",
    }
    fields.update(kwargs)
    return SimpleNamespace(**fields)


def test_city_wide_voucher_names_the_collective_campaign():
    heading, note = voucher_pdf._scope(fake_voucher())
    assert heading == "Ganz Südstadt hält zusammen"
    assert note  # "valid in all participating businesses"
    content = voucher_pdf.render_pdf(fake_voucher())
    assert content.startswith(b"%PDF") and b"ABCD-EFGH-JKLM" in pdf_text(content)


def test_voucher_without_business_or_collective_still_renders():
    """Before the collective migration a voucher has no `collective` attribute at all."""
    voucher = fake_voucher()
    del voucher.collective
    assert voucher_pdf._scope(voucher)[0] == ""
    assert voucher_pdf.render_pdf(voucher).startswith(b"%PDF")


def test_business_voucher_has_no_scope_note():
    voucher = fake_voucher(business=SimpleNamespace(title="Café Anna"))
    assert voucher_pdf._scope(voucher) == ("Café Anna", None)


def test_supporter_emails_link_to_my_data(campaign, django_capture_on_commit_callbacks):
    from fundraising.notifications import notify_refunded

    pledge = paid_pledge(campaign)
    vouchers = issue_vouchers(pledge)
    send_paid(pledge, vouchers, django_capture_on_commit_callbacks)
    body = mail.outbox[0].body
    assert "Ihre bei uns gespeicherten Daten ansehen oder löschen: http://testserver/meine-daten/" in body
    english = paid_pledge(campaign, language="en", email="jane@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notify_refunded(english)
    assert "See or delete the data we store about you: http://testserver/en/meine-daten/" in mail.outbox[1].body


def test_city_wide_voucher_of_a_collective_campaign_is_attached(db, django_capture_on_commit_callbacks):
    from fundraising.collective.factories import CollectiveCampaignPageFactory
    from fundraising.models import Pledge

    today = timezone.localdate()
    page = CollectiveCampaignPageFactory(
        title="Ganz Nord hält zusammen", start_date=today, end_date=today + datetime.timedelta(days=30)
    )
    pledge = Pledge.objects.create(
        collective=page,
        amount_cents=2000,
        name="Erika",
        email="erika@example.org",
        state=PledgeState.PAID,
        paid_at=timezone.now(),
        reward_kind="voucher",
        reward_title="Stadtgutschein",
        voucher_value_cents=2000,
    )
    (voucher,) = issue_vouchers(pledge)
    assert voucher.business_id is None and voucher.collective_id == page.pk
    assert voucher_pdf._scope(voucher) == ("Ganz Nord hält zusammen", "Gültig in allen teilnehmenden Unternehmen.")
    send_paid(pledge, [voucher], django_capture_on_commit_callbacks)
    (attachment,) = [a for a in mail.outbox[0].attachments if isinstance(a, tuple)]  # the PDF (+ the inline QR)
    assert attachment[2] == "application/pdf" and attachment[1].startswith(b"%PDF")
    assert voucher.display_code.encode() in pdf_text(attachment[1])
