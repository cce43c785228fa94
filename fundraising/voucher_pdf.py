"""The voucher as a printable A5 PDF (fpdf2) with its QR code (segno).

One builder for the voucher page's "Download PDF" and the attachment of the "pledge paid" email, so both look the
same. A voucher of a collective campaign has no business: its PDF names the campaign and says it is valid in all
participating businesses.
"""

import io

from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.models import Site

from commons.emails import attachment_builder
from commons.lazy_libraries import new_pdf, qr_code
from commons.money import format_cents
from commons.pdf_fonts import text_align, use_unicode_font
from fundraising.conf import conf
from fundraising.issuer import issuer_lines
from fundraising.legal import PaymentClass
from fundraising.models import FundraisingSettings, PledgeGift, Voucher
from fundraising.models.voucher import VoucherState


def _scope(voucher):
    """(heading, note): the business's name, or the title of the voucher's scope page and where it is valid."""
    if voucher.business_id is not None:
        return voucher.business.title, None
    return (voucher.scope.title if voucher.scope_id else ""), _("Valid in all participating businesses.")


def voucher_class_text(voucher):
    """The voucher's class in law (from its pledge; a city-wide voucher is always a multi-purpose voucher)."""
    pledge = getattr(voucher, "pledge", None)
    if getattr(pledge, "payment_class", None) == PaymentClass.SINGLE_PURPOSE:
        return _("Single-purpose voucher (§ 3 Abs. 14 UStG), incl. %(rate)s %% VAT") % {
            "rate": pledge.vat_rate_percent or 0
        }
    return str(PaymentClass.MULTI_PURPOSE.label)


def render_pdf(voucher):
    pdf = new_pdf(format="A5", orientation="portrait")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    family = use_unicode_font(pdf)  # shipped font, shaped text: Arabic joined and right to left
    align = text_align()

    def money(cents):
        return format_cents(cents, decimals=2)

    heading, scope_note = _scope(voucher)
    width = pdf.w - 30
    pdf.set_font(family, "B", 11)
    pdf.set_text_color(21, 128, 61)
    pdf.set_xy(15, 15)
    pdf.cell(width, 8, f"{conf.PLATFORM_NAME} · {conf.CITY_NAME}", align=align)
    pdf.set_text_color(17, 24, 39)
    pdf.set_font(family, "B", 22)
    pdf.set_xy(15, 28)
    pdf.multi_cell(width, 10, _("Voucher"), align=align)
    pdf.set_font(family, "B", 16)
    pdf.set_x(15)
    pdf.multi_cell(width, 8, heading, align=align)
    pdf.set_font(family, "", 12)
    pdf.set_x(15)
    pdf.multi_cell(width, 7, voucher.display_title, align=align)
    pledge_id = getattr(voucher, "pledge_id", None)
    gift = PledgeGift.objects.filter(pledge_id=pledge_id).first() if pledge_id else None
    if gift is not None:
        pdf.ln(1)
        pdf.set_font(family, "B", 10)
        pdf.set_x(15)
        pdf.multi_cell(width, 5, _("Gift from %(name)s") % {"name": gift.sender_name}, align=align)
        if gift.message:
            pdf.set_font(family, "", 9)
            pdf.set_x(15)
            pdf.multi_cell(width, 4.5, gift.message[:300], align=align)
    pdf.ln(4)
    pdf.set_font(family, "B", 28)
    pdf.set_x(15)
    pdf.cell(width, 14, money(voucher.face_value_cents), align="C")
    pdf.ln(16)
    buffer = io.BytesIO()
    qr_code(voucher.display_code).save(buffer, kind="png", scale=10, border=2)
    buffer.seek(0)
    size = 55
    pdf.image(buffer, x=(pdf.w - size) / 2, y=pdf.get_y(), w=size, h=size)
    pdf.set_y(pdf.get_y() + size + 4)
    pdf.set_font("Courier", "B", 18)
    pdf.cell(pdf.w - 30, 10, voucher.display_code, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    pdf.set_x(15)
    lines = [
        voucher_class_text(voucher),
        _("Valid until %(date)s") % {"date": date_format(voucher.valid_until, "SHORT_DATE_FORMAT")},
        _("Show this voucher (printed or on your phone) when you pay."),
    ]
    if scope_note:
        lines.insert(0, scope_note)
    if voucher.balance_cents != voucher.face_value_cents:
        lines.insert(0, _("Remaining balance: %(balance)s") % {"balance": money(voucher.balance_cents)})
    for line in lines:
        pdf.set_x(15)
        pdf.multi_cell(width, 6, line, align="C")
    # Who issues the voucher, and the platform as intermediary (fundraising.issuer).
    pdf.ln(2)
    pdf.set_font(family, "", 7)
    pdf.set_text_color(75, 85, 99)
    for line in issuer_lines(voucher) + [_("Terms: %(url)s") % {"url": terms_url()}]:
        pdf.set_x(15)
        pdf.multi_cell(width, 3.6, line, align="C")
    return bytes(pdf.output())


def terms_url():
    """Where the terms of use are (the fundraising settings' terms page, else the site's root)."""
    site = Site.objects.filter(is_default_site=True).first()
    page = FundraisingSettings.for_site(site).terms_page if site else None
    base = conf.BASE_URL.rstrip("/")
    return base + page.url if page is not None and page.url else base + "/"


def filename(voucher):
    return f"{slugify(_('Voucher')) or 'voucher'}-{voucher.code[-4:]}.pdf"


@attachment_builder
def voucher_attachment(voucher_id):
    """The PDF of one voucher for an email (runs inside the email task, in the recipient's language).

    Returns no attachment for a voucher that is gone or void by the time the email is sent (refunded at once)."""
    voucher = Voucher.objects.filter(pk=voucher_id).exclude(state=VoucherState.VOID).first()
    if voucher is None:
        return []
    qr = io.BytesIO()
    qr_code(voucher.display_code).save(qr, kind="png", scale=8, border=2)
    return [
        (filename(voucher), render_pdf(voucher), "application/pdf"),
        # Shown inline in the HTML email (src="cid:…", see notifications._voucher_context).
        (f"qr-{voucher.pk}.png", qr.getvalue(), "image/png", qr_content_id(voucher.pk)),
    ]


def qr_content_id(voucher_id):
    return f"voucher-qr-{voucher_id}@wir-stehen-hinter-dir"


def attachments_for(vouchers):
    """Attachment specs for commons.emails.queue_email: ids only, the PDFs are built inside the task."""
    return [("fundraising.voucher_pdf.voucher_attachment", {"voucher_id": voucher.pk}) for voucher in vouchers]
