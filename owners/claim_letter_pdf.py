"""The printable claim letters: A4, one page per business, the address in a DIN 5008 window position, a personal
QR code and short link. Uses the poster fonts (fundraising.outreach.posters) and fpdf2 + segno."""

import io

import segno
from fpdf import FPDF

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fundraising.outreach.posters import clean, font_files, supported_by, to_charset
from home.models import SiteSettings

from .claim_letters import claim_url, display

DARK = (17, 24, 39)
MUTED = (75, 85, 99)


class LetterPDF(FPDF):
    def __init__(self):
        super().__init__(format="A4", unit="mm")
        self.set_auto_page_break(False)
        self.set_margins(25, 20, 20)
        self.set_title(to_charset(_("Claim letters"), "latin-1"))
        fonts = font_files()
        self.unicode_font = fonts is not None
        if fonts:
            self.add_font("Letter", "", fonts[0])
            self.add_font("Letter", "B", fonts[1])
            self.family, self.font_path = "Letter", fonts[0]
        else:
            self.core_fonts_encoding = "windows-1252"
            self.family, self.font_path = "Helvetica", None

    def text_for(self, text, limit=400):
        text = clean(text, limit)
        return supported_by(text, self.font_path) if self.unicode_font else to_charset(text, "cp1252")

    def write_lines(self, text, size=11, style="", height=5.4, width=0):
        self.set_font(self.family, style, size)
        self.multi_cell(width, height, self.text_for(text, 2000), new_x="LMARGIN", new_y="NEXT")


def _qr_png(url):
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return buffer


def build_pdf(entries, site=None):
    """PDF bytes for [(business, code, letter)], in the platform's default language (letters go by post)."""
    site_settings = SiteSettings.for_site(site) if site else SiteSettings.objects.first() or SiteSettings()
    agency = site_settings.agency_name or f"{settings.PLATFORM_NAME} {settings.CITY_NAME}"
    with translation.override(settings.LANGUAGE_CODE):
        pdf = LetterPDF()
        for business, code, letter in entries:
            _page(pdf, business, code, letter, agency, site_settings)
        if not entries:
            pdf.add_page()
            pdf.write_lines(_("No letters: every selected business already has an owner."))
        return bytes(pdf.output())


def _page(pdf, business, code, letter, agency, site_settings):
    url = claim_url(code)
    short = url.replace("https://", "").replace("http://", "")
    pdf.add_page()
    pdf.set_text_color(*DARK)
    # Sender line and letterhead
    pdf.set_xy(25, 15)
    pdf.write_lines(agency, size=13, style="B")
    pdf.set_text_color(*MUTED)
    head = " · ".join(
        part
        for part in [
            site_settings.address.replace("\n", ", "),
            site_settings.contact_email,
            site_settings.contact_phone,
        ]
        if part
    )
    if head:
        pdf.write_lines(head, size=9, height=4.4)
    # Window (DIN 5008 form B: 20 mm from the left, 45 mm from the top)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(20, 45)
    pdf.set_font(pdf.family, "", 7)
    pdf.cell(85, 4, pdf.text_for(f"{agency}, {site_settings.address.replace(chr(10), ', ')}".strip(", "), 90))
    pdf.set_text_color(*DARK)
    pdf.set_xy(20, 52)
    for line in (business.title, business.street, f"{business.postcode} {business.city}"):
        pdf.set_x(20)
        pdf.set_font(pdf.family, "", 11)
        pdf.cell(85, 5.2, pdf.text_for(line, 60), new_x="LMARGIN", new_y="NEXT")
    # Date
    pdf.set_xy(140, 52)
    pdf.set_font(pdf.family, "", 10)
    pdf.cell(45, 5, timezone.localdate().strftime("%d.%m.%Y"), align="R")
    # QR code and code box on the right
    pdf.image(_qr_png(url), x=150, y=100, w=40, h=40)
    pdf.set_xy(140, 141)
    pdf.set_font(pdf.family, "", 8)
    pdf.multi_cell(55, 4, pdf.text_for(_("Scan with your phone's camera"), 60), align="C")
    # Subject and body
    pdf.set_xy(25, 100)
    pdf.set_font(pdf.family, "B", 12)
    subject = _("Your listing on %(platform)s %(city)s: manage it yourself, free of charge") % {
        "platform": settings.PLATFORM_NAME,
        "city": settings.CITY_NAME,
    }
    pdf.multi_cell(115, 6, pdf.text_for(subject, 200), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    body = [
        _("Dear Sir or Madam,"),
        "",
        _(
            "%(agency)s runs %(platform)s, the city's platform that shows citizens which local businesses are open, "
            "deliver or offer pick-up, and lets them support those businesses with vouchers. “%(name)s” has been "
            "added to the directory from public data."
        )
        % {"agency": agency, "platform": settings.PLATFORM_NAME, "name": business.title},
        "",
        _(
            "Take over your listing: keep your opening hours and your current situation up to date, and start a "
            "campaign if you need support. It is free of charge."
        ),
    ]
    pdf.set_font(pdf.family, "", 11)
    for paragraph in body:
        if paragraph:
            pdf.multi_cell(115, 5.4, pdf.text_for(paragraph, 800), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(3)
    pdf.ln(4)
    pdf.set_x(25)
    pdf.set_font(pdf.family, "B", 11)
    pdf.cell(0, 6, pdf.text_for(_("How it works"), 60), new_x="LMARGIN", new_y="NEXT")
    steps = [
        _("1. Scan the QR code or open %(link)s") % {"link": short},
        _("2. Sign up with your email address (or log in)."),
        _("3. Send the short form. The editors check it and give you access, usually within a day."),
    ]
    pdf.set_font(pdf.family, "", 11)
    for step in steps:
        pdf.multi_cell(165, 5.6, pdf.text_for(step, 300), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)
    pdf.set_fill_color(243, 244, 246)
    pdf.set_font(pdf.family, "", 10)
    pdf.cell(0, 7, pdf.text_for(_("Your personal code"), 60), fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.family, "B", 18)
    pdf.cell(0, 11, display(code), fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.family, "", 9)
    note = _("Valid until %(date)s and only once. Please do not pass it on: it gives access to your listing.") % {
        "date": timezone.localtime(letter.expires_at).strftime("%d.%m.%Y")
    }
    pdf.multi_cell(0, 4.8, pdf.text_for(note, 300), fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font(pdf.family, "", 11)
    pdf.multi_cell(0, 5.4, pdf.text_for(_("Kind regards"), 60), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5.4, pdf.text_for(agency, 150), new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(280)
    pdf.set_text_color(*MUTED)
    pdf.set_font(pdf.family, "", 8)
    footer = _("Not interested? Simply ignore this letter; the listing stays as it is. Questions: %(contact)s") % {
        "contact": site_settings.contact_email or site_settings.contact_phone or settings.BASE_URL
    }
    pdf.multi_cell(0, 4, pdf.text_for(footer, 300))
