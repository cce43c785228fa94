"""The council report as a PDF (A4, fpdf2): key figures, bars drawn as rectangles, tables, and the definitions."""

from fpdf import FPDF

from django.utils import timezone
from django.utils.translation import gettext as _

from commons.money import format_cents
from fundraising.conf import conf

from .posters import clean, font_files, supported_by, to_charset

GREEN = (21, 128, 61)
BLUE = (31, 78, 140)
DARK = (17, 24, 39)
MUTED = (75, 85, 99)
LIGHT = (229, 231, 235)


class ReportPDF(FPDF):
    def __init__(self):
        super().__init__(format="A4", unit="mm")
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, 18)
        fonts = font_files()
        self.font_path = fonts[0] if fonts else None
        if fonts:
            self.add_font("Report", "", fonts[0])
            self.add_font("Report", "B", fonts[1])
            self.family = "Report"
        else:
            self.core_fonts_encoding = "windows-1252"
            self.family = "Helvetica"

    def t(self, text, limit=300):
        text = clean(str(text).replace("\u00a0", " "), limit)
        return supported_by(text, self.font_path) if self.font_path else to_charset(text, "cp1252")

    def heading(self, text):
        self.ln(3)
        self.set_font(self.family, "B", 13)
        self.set_text_color(*DARK)
        self.cell(0, 8, self.t(text), new_x="LMARGIN", new_y="NEXT")

    def row(self, label, value, bold=False):
        self.set_font(self.family, "B" if bold else "", 10)
        self.cell(110, 6, self.t(label), border="B")
        self.cell(0, 6, self.t(value), border="B", align="R", new_x="LMARGIN", new_y="NEXT")

    def bars(self, items, colour, fmt):
        """Horizontal bars: label, bar, value (largest first as given)."""
        peak = max([value for _label, value in items] + [1])
        for label, value in items:
            if self.get_y() > 270:
                self.add_page()
            y = self.get_y()
            self.set_font(self.family, "", 9)
            self.set_text_color(*DARK)
            self.cell(50, 6, self.t(label, 40))
            self.set_fill_color(*colour)
            width = 90 * max(value, 0) / peak
            if width > 0:
                self.rect(self.l_margin + 50, y + 1, width, 4, style="F")
            self.set_xy(self.l_margin + 144, y)
            self.cell(0, 6, self.t(fmt(value)), align="R", new_x="LMARGIN", new_y="NEXT")


def _cents(value):
    return "–" if value is None else format_cents(value)


def render_report_pdf(numbers):
    period, t, v, c = numbers["period"], numbers["totals"], numbers["vouchers"], numbers["collective"]
    pdf = ReportPDF()
    pdf.set_title(to_charset(_("Council report"), "latin-1"))
    pdf.add_page()
    pdf.set_font(pdf.family, "B", 18)
    pdf.set_text_color(*DARK)
    pdf.multi_cell(
        0,
        9,
        pdf.t(f"{_('Council report')} – {conf.PLATFORM_NAME} {conf.CITY_NAME}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font(pdf.family, "", 11)
    pdf.set_text_color(*MUTED)
    pdf.cell(
        0,
        7,
        pdf.t(
            _("Period: %(start)s to %(end)s (created %(today)s)")
            % {
                "start": period.start.strftime("%d.%m.%Y"),
                "end": period.end.strftime("%d.%m.%Y"),
                "today": timezone.localdate().strftime("%d.%m.%Y"),
            }
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(*DARK)
    if numbers["empty"]:
        pdf.ln(4)
        pdf.set_font(pdf.family, "B", 11)
        pdf.multi_cell(
            0, 6, pdf.t(_("Nothing happened in this period: no pledges, no vouchers.")), new_x="LMARGIN", new_y="NEXT"
        )
    pdf.heading(_("Money"))
    pdf.row(_("Citizens' money (net)"), _cents(t["net"]), bold=True)
    pdf.row(_("Pledged (before refunds)"), _cents(t["pledged"]))
    pdf.row(_("Refunded and lost disputes"), _cents(t["refunded"] + t["lost"]))
    pdf.row(_("City match money"), _cents(t["matched"]) if numbers["has_matching"] else _("no match funds"))
    pdf.row(
        _("Leverage (citizens' euros per city euro)"),
        "–" if t["leverage"] is None else f"{t['leverage']:.2f}",
        bold=True,
    )
    pdf.row(_("Pledges / supporters"), f"{t['pledges']} / {t['supporters']}")
    pdf.row(_("Of which offline (cash, transfer, grant; net)"), f"{_cents(t['offline_net'])} ({t['offline_pledges']})")
    if numbers["kinds"]:
        pdf.heading(_("Citizens' money by kind of pledge"))
        for row in numbers["kinds"]:
            pdf.row(str(row["label"]), f"{_cents(row['net'])} ({row['pledges']})")
    pdf.heading(_("Reach"))
    pdf.row(_("Businesses reached"), str(numbers["businesses_reached"]), bold=True)
    pdf.row(_("Districts reached"), str(numbers["districts_reached"]))
    if numbers["districts"]:
        pdf.ln(2)
        pdf.bars([(row["label"], row["net"]) for row in numbers["districts"][:12]], GREEN, format_cents)
    pdf.heading(_("Vouchers"))
    pdf.row(_("Issued in the period"), f"{v['issued']} ({_cents(v['issued_cents'])})")
    pdf.row(_("Redeemed in the period"), f"{v['redemptions']} ({_cents(v['redeemed_cents'])})")
    pdf.row(_("Outstanding at the end of the period"), _cents(v["outstanding_cents"]), bold=True)
    pdf.row(_("of which expired"), _cents(v["expired_cents"]))
    pdf.heading(_("Collective campaigns"))
    pdf.row(_("Collective campaigns with pledges"), str(c["campaigns"]))
    pdf.row(_("Money raised by them (net)"), _cents(c["cents"]))
    pdf.row(_("Businesses they support"), str(c["beneficiaries"]))
    pdf.heading(_("Survival of supported businesses"))
    for row in numbers["survival"]:
        value = (
            _("%(active)d of %(eligible)d still active (%(percent)s %%)") % row
            if row["eligible"]
            else _("not measurable yet")
        )
        pdf.row(_("after %(months)d months") % {"months": row["months"]}, value)
    eligible = [row for row in numbers["survival"] if row["eligible"]]
    if eligible:
        pdf.ln(2)
        pdf.bars([(_("after %(months)d months") % row, row["percent"]) for row in eligible], BLUE, lambda p: f"{p} %")
    pdf.heading(_("Over time"))
    pdf.bars([(row["label"], row["net"]) for row in numbers["over_time"]][-40:], GREEN, format_cents)
    pdf.heading(_("Definitions"))
    pdf.set_font(pdf.family, "", 8)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 4, pdf.t(DEFINITIONS(), 3000))
    return bytes(pdf.output())


def DEFINITIONS():  # noqa: N802 (a translated constant)
    return _(
        "Citizens' money: pledges paid in the period, minus their refunds and lost disputes. City match money: "
        "match-fund allocations made in the period and not released. Leverage: citizens' net euros per city euro. "
        "Businesses reached: with a paid pledge in the period, or beneficiaries of a collective campaign with a "
        "paid pledge in the period. Vouchers outstanding: value of vouchers issued until the end of the period and "
        "not void, minus everything redeemed until then. Survival: supported businesses whose first support in the "
        "period lies at least 3, 6 or 12 months back; still active unless recorded as closed for good or "
        "unpublished by then."
    )
