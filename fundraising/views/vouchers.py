"""The supporter's voucher: a page reached only by its secret token, a QR code and a PDF."""

import io

import segno
from fpdf import FPDF

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from fundraising.models import Voucher
from fundraising.money import format_cents

FONT_DIR = "/usr/share/fonts/truetype/dejavu"


def _voucher(token):
    if not token or len(token) > 64:
        raise Http404
    return get_object_or_404(Voucher.objects.select_related("business", "pledge"), token=token)


def _private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def qr_svg(voucher):
    return segno.make(voucher.display_code, error="m").svg_inline(
        scale=6, border=2, omitsize=True, title=_("Voucher code")
    )


def voucher_page(request, token):
    voucher = _voucher(token)
    return _private(
        TemplateResponse(
            request,
            "fundraising/voucher.html",
            {"voucher": voucher, "business": voucher.business, "qr": qr_svg(voucher), "robots": "noindex, nofollow"},
        )
    )


def voucher_qr(request, token):
    voucher = _voucher(token)
    buffer = io.BytesIO()
    segno.make(voucher.display_code, error="m").save(buffer, kind="svg", scale=8, border=2)
    return _private(HttpResponse(buffer.getvalue(), content_type="image/svg+xml"))


def render_pdf(voucher):
    pdf = FPDF(format="A5", orientation="portrait")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    try:
        pdf.add_font("DejaVu", "", f"{FONT_DIR}/DejaVuSans.ttf")
        pdf.add_font("DejaVu", "B", f"{FONT_DIR}/DejaVuSans-Bold.ttf")
        family, euro = "DejaVu", None
    except (OSError, RuntimeError, FileNotFoundError):
        family, euro = "Helvetica", "EUR"

    def money(cents):
        text = format_cents(cents, decimals=2)
        return text.replace("€", euro).replace("\u00a0", " ") if euro else text

    width = pdf.w - 30
    pdf.set_font(family, "B", 11)
    pdf.set_text_color(21, 128, 61)
    pdf.set_xy(15, 15)
    pdf.cell(width, 8, f"{settings.PLATFORM_NAME} · {settings.CITY_NAME}" if not euro else settings.PLATFORM_NAME)
    pdf.set_text_color(17, 24, 39)
    pdf.set_font(family, "B", 22)
    pdf.set_xy(15, 28)
    pdf.multi_cell(width, 10, _("Voucher"))
    pdf.set_font(family, "B", 16)
    pdf.set_x(15)
    pdf.multi_cell(width, 8, voucher.business.title)
    pdf.set_font(family, "", 12)
    pdf.set_x(15)
    pdf.multi_cell(width, 7, voucher.title)
    pdf.ln(4)
    pdf.set_font(family, "B", 28)
    pdf.set_x(15)
    pdf.cell(width, 14, money(voucher.face_value_cents), align="C")
    pdf.ln(16)
    buffer = io.BytesIO()
    segno.make(voucher.display_code, error="m").save(buffer, kind="png", scale=10, border=2)
    buffer.seek(0)
    size = 55
    pdf.image(buffer, x=(pdf.w - size) / 2, y=pdf.get_y(), w=size, h=size)
    pdf.set_y(pdf.get_y() + size + 4)
    pdf.set_font("Courier", "B", 18)
    pdf.cell(pdf.w - 30, 10, voucher.display_code, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    pdf.set_x(15)
    lines = [
        _("Valid until %(date)s") % {"date": voucher.valid_until.strftime("%d.%m.%Y")},
        _("Show this voucher (printed or on your phone) when you pay."),
    ]
    if voucher.balance_cents != voucher.face_value_cents:
        lines.insert(0, _("Remaining balance: %(balance)s") % {"balance": money(voucher.balance_cents)})
    for line in lines:
        pdf.set_x(15)
        pdf.multi_cell(width, 6, line, align="C")
    return bytes(pdf.output())


def voucher_pdf(request, token):
    voucher = _voucher(token)
    response = HttpResponse(render_pdf(voucher), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="voucher-{voucher.code[-4:]}.pdf"'
    return _private(response)
