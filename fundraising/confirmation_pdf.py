"""The payment confirmation (Zahlungsbestätigung) of a paid pledge as an A4 PDF (fpdf2).

Every paid pledge gets one: attached to the "pledge paid" email and downloadable by the secret link of the pledge
(its thank-you page) and from its voucher's page. It names the date, the amount, what the payment was (support, or a
voucher of its class for its price plus support), the business (or collective campaign) and the platform operator,
and says plainly that it is no donation receipt ("keine Zuwendungsbestätigung"): support of a business is not a
donation to a charity.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from commons.emails import attachment_builder
from commons.lazy_libraries import new_pdf
from commons.money import format_cents
from commons.pdf_fonts import text_align, use_unicode_font
from fundraising.conf import conf
from fundraising.issuer import business_party, merchant_of_record, operator
from fundraising.models import Pledge

CONFIRMABLE = ("paid", "disputed", "refunded", "dispute_lost")


def reference(pledge):
    """The payment's reference for bookkeeping: stable, and no secret."""
    return f"WSH-{pledge.pk:07d}"


def _recipient(pledge):
    business = getattr(pledge, "business", None)
    if business is not None:
        return business_party(business)
    target = pledge.target
    return None if target is None else type("Named", (), {"lines": lambda self: [target.title]})()


def rows(pledge):
    """(label, value) pairs of the confirmation, in the active language."""
    parts = pledge.breakdown
    paid_at = timezone.localtime(pledge.paid_at) if pledge.paid_at else None
    result = [
        (_("Reference"), reference(pledge)),
        (_("Date of payment"), paid_at.strftime("%d.%m.%Y %H:%M") if paid_at else "–"),
        (_("Paid by"), pledge.name),
        (_("Amount"), format_cents(pledge.amount_cents, decimals=2)),
        (_("Payment method"), str(pledge.get_payment_method_display())),
        (_("What the payment is"), str(parts.class_label)),
    ]
    if parts.is_voucher:
        result.append((_("of which voucher (price)"), format_cents(parts.voucher_cents, decimals=2)))
        if parts.vat_rate_percent is not None:
            result.append(
                (
                    _("VAT included in the voucher price (%(rate)s %%)") % {"rate": parts.vat_rate_percent},
                    format_cents(parts.vat_cents, decimals=2),
                )
            )
        result.append((_("of which support without anything in return"), format_cents(parts.support_cents, decimals=2)))
    if pledge.refunded_cents:
        result.append((_("Refunded"), format_cents(pledge.refunded_cents, decimals=2)))
    return result


def render_confirmation(pledge):
    pdf = new_pdf(format="A4", orientation="portrait")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    family = use_unicode_font(pdf)  # shipped font, shaped text: Arabic joined and right to left
    align = text_align()

    def text(value):
        return str(value)

    width = pdf.w - 40
    pdf.set_margins(20, 20, 20)
    pdf.set_xy(20, 20)
    pdf.set_font(family, "B", 11)
    pdf.set_text_color(21, 128, 61)
    pdf.cell(width, 7, text(conf.PLATFORM_NAME), align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(17, 24, 39)
    pdf.set_font(family, "B", 20)
    pdf.multi_cell(width, 10, text(_("Payment confirmation")), align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "B", 12)
    pdf.set_text_color(179, 38, 30)
    pdf.multi_cell(
        width,
        7,
        text(_("No donation receipt (keine Zuwendungsbestätigung): this payment is not a tax-deductible donation.")),
        align=align,
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(17, 24, 39)
    pdf.ln(4)
    pdf.set_font(family, "", 11)
    campaign = pledge.target
    pdf.multi_cell(
        width,
        6,
        text(_("For: %(campaign)s") % {"campaign": campaign.title if campaign else "–"}),
        align=align,
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    for label, value in rows(pledge):
        # Label first in reading order: on the left, or on the right in a right-to-left language.
        top = pdf.get_y()
        pdf.set_font(family, "B", 10)
        pdf.set_xy(20 + width - 80 if align == "R" else 20, top)
        pdf.cell(80, 7, text(label), align=align)
        pdf.set_font(family, "", 10)
        pdf.set_xy(20 if align == "R" else 100, top)
        pdf.multi_cell(width - 80, 7, text(value), align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    recipient = _recipient(pledge)
    platform = operator()
    if recipient is not None:
        pdf.set_font(family, "B", 10)
        label = _("Received for") if merchant_of_record() == "business" else _("Business supported")
        pdf.cell(width, 6, text(label), align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 10)
        for line in recipient.lines():
            pdf.multi_cell(width, 5, text(line), align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.set_font(family, "B", 10)
    heading = _("Platform operator (intermediary)") if merchant_of_record() == "business" else _("Seller")
    pdf.cell(width, 6, text(heading), align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    for line in platform.lines():
        pdf.multi_cell(width, 5, text(line), align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(family, "", 8)
    pdf.set_text_color(75, 85, 99)
    pdf.multi_cell(
        width,
        4,
        text(
            _(
                "This confirmation was created automatically and is valid without a signature. It is not an invoice "
                "of the business and not a donation receipt."
            )
        ),
        align=align,
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())


def filename(pledge):
    return f"zahlungsbestaetigung-{reference(pledge)}.pdf"


@attachment_builder
def confirmation_attachment(pledge_id):
    """The confirmation for the "pledge paid" email (built inside the email task, in the recipient's language)."""
    pledge = (
        Pledge.objects.select_related("business", "campaign", "target")
        .filter(pk=pledge_id, state__in=CONFIRMABLE)
        .first()
    )
    if pledge is None:
        return []
    return [(filename(pledge), render_confirmation(pledge), "application/pdf")]


def attachment_for(pledge):
    return ("fundraising.confirmation_pdf.confirmation_attachment", {"pledge_id": pledge.pk})
