"""The supporter's voucher: a page reached only by its secret token, a QR code and a PDF."""

import io

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from commons.lazy_libraries import qr_code
from fundraising.issuer import issuer_lines
from fundraising.models import PledgeGift, Voucher
from fundraising.voucher_pdf import render_pdf, voucher_class_text


def _voucher(token):
    if not token or len(token) > 64:
        raise Http404
    return get_object_or_404(Voucher.objects.select_related("business", "scope", "pledge"), token=token)


def _private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def qr_svg(voucher):
    return qr_code(voucher.display_code).svg_inline(scale=6, border=2, omitsize=True, title=_("Voucher code"))


def voucher_page(request, token):
    voucher = _voucher(token)
    return _private(
        TemplateResponse(
            request,
            "fundraising/voucher.html",
            {
                "voucher": voucher,
                "business": voucher.business,
                "qr": qr_svg(voucher),
                "robots": "noindex, nofollow",
                "voucher_class": voucher_class_text(voucher),
                "issuer_lines": issuer_lines(voucher),
                # A gift: "Gift from …" and the message; the buyer's payment confirmation is not linked for the
                # recipient (its link is the buyer's own secret).
                "gift": PledgeGift.objects.filter(pledge_id=voucher.pledge_id).first(),
            },
        )
    )


def voucher_qr(request, token):
    voucher = _voucher(token)
    buffer = io.BytesIO()
    qr_code(voucher.display_code).save(buffer, kind="svg", scale=8, border=2)
    return _private(HttpResponse(buffer.getvalue(), content_type="image/svg+xml"))


def voucher_pdf(request, token):
    voucher = _voucher(token)
    response = HttpResponse(render_pdf(voucher), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="voucher-{voucher.code[-4:]}.pdf"'
    return _private(response)
