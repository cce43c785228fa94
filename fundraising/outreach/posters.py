"""Shop-window posters: a printable A4 PDF (fpdf2) and a square 1080x1080 PNG (Pillow), both with a QR code (segno).

Fonts: a Unicode TrueType font is used when the files in ``OUTREACH_POSTER_FONTS`` exist (by default DejaVu Sans,
shipped in ``commons/fonts/``; Arabic is shaped and right to left). Without it the PDF falls back to fpdf2's built-in
Helvetica in windows-1252 (umlauts, ß and € work) and the PNG to Pillow's bundled font; text is then transliterated
to what those fonts can show ("Łódź" -> "Lodz"), and anything else becomes "?". Names are never trusted: control
characters are removed and lengths capped before drawing.
"""

import functools
import io
import os
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commons import pdf_fonts
from commons.lazy_libraries import new_pdf, pillow, qr_code
from commons.money import format_cents
from fundraising.conf import conf

from .models import OutreachSettings

GREEN = (21, 128, 61)
DARK = (17, 24, 39)
MUTED = (75, 85, 99)
LIGHT = (229, 231, 235)
SQUARE = 1080

DEFAULT_FONTS = {  # shipped with the kernel (commons/fonts/): Latin, Turkish, Cyrillic and Arabic
    "regular": str(pdf_fonts.FONT_DIR / "DejaVuSans.ttf"),
    "bold": str(pdf_fonts.FONT_DIR / "DejaVuSans-Bold.ttf"),
}


@dataclass
class PosterData:
    headline: str
    name: str
    url: str
    short_url: str
    campaign_title: str = ""
    goal_cents: int | None = None
    raised_cents: int = 0
    percent: int = 0
    supporters: int = 0
    language: str = "de"


def font_files():
    fonts = getattr(settings, "OUTREACH_POSTER_FONTS", DEFAULT_FONTS) or {}
    regular, bold = fonts.get("regular"), fonts.get("bold")
    if regular and bold and os.path.isfile(regular) and os.path.isfile(bold):
        return regular, bold
    return None


# Text safety -----------------------------------------------------------------------------------------------------


def clean(text, limit=120):
    """Drop control/format characters and symbols no poster font has (emoji), collapse whitespace, cap length."""
    text = unicodedata.normalize("NFC", str(text or ""))
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char in "\t\n\r":
            kept.append(" ")
        elif category in ("Cc", "Cf", "Cs", "Co", "Cn") or ord(char) > 0xFFFF or category == "So":
            continue
        else:
            kept.append(char)
    text = " ".join("".join(kept).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


SPECIAL = {
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ı": "i",
    "ø": "o",
    "Ø": "O",
    "–": "-",
    "—": "-",
    "…": "...",
    "·": "-",
}


GERMAN_ASCII = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "€": "EUR"}


@functools.lru_cache(maxsize=4)
def _cmap(path):
    from fontTools.ttLib import TTFont  # reason: heavy (~16 MB with fpdf2), tests/test_lazy_imports.py

    return frozenset(TTFont(path, lazy=True)["cmap"].getBestCmap())


def supported_by(text, path):
    """Replace characters the TrueType font has no glyph for with '?' (never an empty box or a silent gap)."""
    cmap = _cmap(path)
    return "".join(c if ord(c) in cmap or c == " " else "?" for c in text)


def to_ascii(text):
    """For Pillow's bundled font, which has ASCII only: German transliteration first (ä -> ae, € -> EUR)."""
    return to_charset("".join(GERMAN_ASCII.get(c, c) for c in text), "ascii")


def to_charset(text, encoding):
    """Transliterate to what a legacy 8-bit font can show; characters without a Latin form become '?'."""
    out = []
    for char in text:
        try:
            char.encode(encoding)
            out.append(char)
            continue
        except UnicodeEncodeError:
            pass
        candidate = SPECIAL.get(char)
        if candidate is None:
            decomposed = unicodedata.normalize("NFKD", char)
            candidate = "".join(c for c in decomposed if not unicodedata.combining(c))
        try:
            candidate.encode(encoding)
            out.append(candidate or "?")
        except UnicodeEncodeError:
            out.append("?")
    return "".join(out)


# Data ------------------------------------------------------------------------------------------------------------


def headline(site, language):
    if site is None:
        return conf.PLATFORM_NAME
    return OutreachSettings.for_site(site).headline_for(language)


def poster_data(business, campaign, language, site=None):
    """What goes on the poster, for a business with (or without) a campaign, in `language`."""
    with translation.override(language):
        if campaign is not None:
            progress = campaign.progress
            short_url = campaign.short_url()
            return PosterData(
                headline=headline(site, language),
                name=business.title,
                url=short_url,
                short_url=short_url,
                campaign_title=campaign.title,
                goal_cents=campaign.goal_cents,
                raised_cents=progress["raised_cents"],
                percent=progress["percent"],
                supporters=progress["supporters"],
                language=language,
            )
        # Like campaign.short_url(): the canonical BASE_URL, not the Site record's host name.
        url = conf.BASE_URL.rstrip("/") + (business.get_url() or "/")
        return PosterData(
            headline=headline(site, language), name=business.title, url=url, short_url=url, language=language
        )


def _texts(data):
    """The translated lines of a poster, shared by the PDF and the PNG."""
    with translation.override(data.language):
        texts = {
            "platform": f"{conf.PLATFORM_NAME} · {conf.CITY_NAME}",
            "headline": data.headline,
            "name": data.name,
            "campaign": data.campaign_title,
            "cta": _("Scan the code and support us!") if data.goal_cents else _("Scan the code to find us online."),
            "date": _("As of %(date)s") % {"date": date_format(timezone.localdate(), "SHORT_DATE_FORMAT")},
            "progress": "",
            "supporters": "",
            "url": data.short_url.replace("https://", "").replace("http://", ""),
        }
        if data.goal_cents:
            texts["progress"] = _("%(raised)s of %(goal)s raised (%(percent)s %%)") % {
                "raised": format_cents(data.raised_cents).replace("\u00a0", " "),
                "goal": format_cents(data.goal_cents).replace("\u00a0", " "),
                "percent": data.percent,
            }
            texts["supporters"] = ngettext(
                "%(count)s supporter so far", "%(count)s supporters so far", data.supporters
            ) % {"count": data.supporters}
    limits = {"headline": 60, "name": 80, "campaign": 120, "url": 200}
    return {key: clean(value, limits.get(key, 160)) for key, value in texts.items()}


def qr_png(url, scale=10):
    buffer = io.BytesIO()
    qr_code(url).save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


# PDF -------------------------------------------------------------------------------------------------------------


def render_pdf(data):
    texts = _texts(data)
    pdf = new_pdf(format="A4", orientation="portrait", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_margins(20, 20, 20)
    pdf.set_title(to_charset(f"{texts['headline']} - {texts['name']}", "latin-1"))
    pdf.set_creator(to_charset(conf.PLATFORM_NAME, "latin-1"))
    fonts = font_files()
    if fonts:
        pdf.add_font("PosterSans", "", fonts[0])
        pdf.add_font("PosterSans", "B", fonts[1])
        pdf.set_text_shaping(True)  # Arabic joined and right to left (uharfbuzz)
        family, prepare = "PosterSans", (lambda t: supported_by(t, fonts[1]))
    else:
        pdf.core_fonts_encoding = "windows-1252"
        family, prepare = "Helvetica", (lambda t: to_charset(t, "cp1252"))
    pdf.add_page()
    width = pdf.w - 40

    def line(text, size, style="", color=DARK, height=None, align="C"):
        if not text:
            return
        pdf.set_font(family, style, size)
        pdf.set_text_color(*color)
        pdf.set_x(20)
        pdf.multi_cell(width, height or size * 0.5, prepare(text), align=align, new_x="LMARGIN", new_y="NEXT")

    pdf.set_fill_color(*GREEN)
    pdf.rect(0, 0, pdf.w, 14, style="F")
    pdf.set_xy(20, 4)
    pdf.set_font(family, "B", 12)
    pdf.set_text_color(255, 255, 255)
    pdf.cell(width, 6, prepare(texts["platform"]), align="C")
    pdf.set_y(28)
    line(texts["headline"], 40, "B", GREEN, height=17)
    pdf.ln(6)
    line(texts["name"], 28, "B", height=13)
    pdf.ln(2)
    line(texts["campaign"], 16, height=8, color=MUTED)
    if data.goal_cents:
        pdf.ln(6)
        top = pdf.get_y()
        pdf.set_fill_color(*LIGHT)
        pdf.rect(20, top, width, 9, style="F", round_corners=True, corner_radius=4.5)
        if data.percent > 0:
            pdf.set_fill_color(*GREEN)
            pdf.rect(
                20,
                top,
                max(9, width * min(data.percent, 100) / 100),
                9,
                style="F",
                round_corners=True,
                corner_radius=4.5,
            )
        pdf.set_y(top + 13)
        line(texts["progress"], 16, "B", height=8)
        line(texts["supporters"], 13, height=7, color=MUTED)
    size = 95 if data.goal_cents else 115
    # Right below the text, but always leaving room for the call to action and the URL under the code.
    qr_top = min(max(pdf.get_y() + 12, 110), pdf.h - 52 - size)
    pdf.image(io.BytesIO(qr_png(data.url)), x=(pdf.w - size) / 2, y=qr_top, w=size, h=size)
    pdf.set_y(qr_top + size + 4)
    line(texts["cta"], 18, "B", height=9)
    line(texts["url"], 13, height=7, color=GREEN)
    pdf.set_y(pdf.h - 16)
    line(texts["date"], 9, height=5, color=MUTED)
    return bytes(pdf.output())


# PNG -------------------------------------------------------------------------------------------------------------


def _pil_font(size, bold=False):
    ImageFont = pillow().ImageFont
    fonts = font_files()
    if fonts:
        return ImageFont.truetype(fonts[1] if bold else fonts[0], size), True
    return ImageFont.load_default(size), False


def _wrap(draw, text, font, width, max_lines):
    words, lines, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while draw.textlength(current, font=font) > width and len(current) > 1:  # one very long word
            cut = len(current)
            while cut > 1 and draw.textlength(current[:cut], font=font) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and draw.textlength(last + "…", font=font) > width:
            last = last[:-1]
        lines[-1] = last + "…"
    return lines


def render_png(data):
    pil = pillow()
    texts = _texts(data)
    image = pil.Image.new("RGB", (SQUARE, SQUARE), "white")
    draw = pil.ImageDraw.Draw(image)
    margin, width = 70, SQUARE - 140

    def block(text, y, size, bold=False, color=DARK, max_lines=2, gap=1.2):
        font, unicode_font = _pil_font(size, bold)
        text = supported_by(text, font_files()[1]) if unicode_font else to_ascii(text)
        for row in _wrap(draw, text, font, width, max_lines):
            draw.text((SQUARE / 2, y), row, font=font, fill=color, anchor="ma")
            y += int(size * gap)
        return y

    draw.rectangle([0, 0, SQUARE, 64], fill=GREEN)
    font, unicode_font = _pil_font(30, True)
    platform = supported_by(texts["platform"], font_files()[1]) if unicode_font else to_ascii(texts["platform"])
    draw.text((SQUARE / 2, 16), platform, font=font, fill="white", anchor="ma")
    y = block(texts["headline"], 100, 72, True, GREEN, max_lines=2)
    y = block(texts["name"], y + 16, 52, True, max_lines=2)
    if texts["campaign"]:
        y = block(texts["campaign"], y + 4, 32, color=MUTED, max_lines=1)
    if data.goal_cents:
        y += 20
        draw.rounded_rectangle([margin, y, SQUARE - margin, y + 36], radius=18, fill=LIGHT)
        if data.percent > 0:
            filled = max(36, int(width * min(data.percent, 100) / 100))
            draw.rounded_rectangle([margin, y, margin + filled, y + 36], radius=18, fill=GREEN)
        y = block(texts["progress"], y + 52, 36, True, max_lines=1)
        y = block(texts["supporters"], y, 28, color=MUTED, max_lines=1)
    qr = pil.Image.open(io.BytesIO(qr_png(data.url, scale=8))).convert("RGB")
    if not data.goal_cents:
        y += 40
    available = SQUARE - y - 150
    side = max(200, min(360 if data.goal_cents else 470, available))
    qr = qr.resize((side, side), pil.Image.NEAREST)
    image.paste(qr, (int((SQUARE - side) / 2), y + 16))
    y = y + 16 + side + 12
    y = block(texts["cta"], y, 32, True, max_lines=1)
    block(texts["url"], y, 26, color=GREEN, max_lines=1)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
