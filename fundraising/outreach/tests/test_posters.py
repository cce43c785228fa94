"""Posters: PDF and PNG generated with the right content, hostile names, languages, permissions."""

import io
import re
import zlib

import pytest
import segno
from PIL import Image

from django.test import override_settings
from django.urls import reverse

from fundraising.outreach import posters
from fundraising.outreach.models import OutreachSettings

from .conftest import paid

HOSTILE = 'Bäckerei Größe & Söhne <script>alert(1)</script> 🍞 Łódź 北京 "\x00\x1b ‮evil'


def pdf_text(data):
    """The text of a PDF written with fpdf2's core fonts: inflate the content streams."""
    chunks = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            chunks.append(match.group(1))
    strings = []
    for chunk in chunks:
        if b"BT" not in chunk:
            continue  # images
        strings += re.findall(rb"\(((?:[^()\\]|\\.)*)\)\s*Tj", chunk)
    return "\n".join(s.decode("cp1252", errors="replace").replace("\\(", "(").replace("\\)", ")") for s in strings)


@pytest.fixture
def core_fonts(settings):
    settings.OUTREACH_POSTER_FONTS = {}


def login(client, user):
    client.force_login(user)


# Rendering -------------------------------------------------------------------------------------------------------


def test_text_cleaning_drops_controls_and_emoji_and_caps_length():
    assert posters.clean("A\x00B\x1bC\u202eD 🍞 E\n\tF") == "ABCD E F"
    assert len(posters.clean("x" * 500, limit=80)) == 80
    assert posters.to_charset("Łódź € ß 北", "cp1252") == "Lódz € ß ?"
    assert posters.to_ascii("Größe € ä") == "Groesse EUR ae"


def test_pdf_with_core_font_has_umlauts_euro_and_transliterates(core_fonts):
    data = posters.PosterData(
        headline="Wir stehen hinter dir",
        name=HOSTILE,
        url="https://example.org/k/1/",
        short_url="https://example.org/k/1/",
        campaign_title="Öfen für den Winter",
        goal_cents=500_000,
        raised_cents=123_456,
        percent=24,
        supporters=17,
    )
    pdf = posters.render_pdf(data)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Wir stehen hinter dir" in text
    assert "Bäckerei Größe & Söhne" in text
    assert "Lódz" in text  # Ł -> L, ź -> z, ó kept
    assert "€" in text and "1.234,56" in text
    assert "\x00" not in text and "\x1b" not in text


def test_pdf_with_unicode_font_when_available():
    if posters.font_files() is None:
        pytest.skip("DejaVu fonts not installed")
    data = posters.PosterData(headline="Wir stehen hinter dir", name=HOSTILE, url="https://x/", short_url="https://x/")
    pdf = posters.render_pdf(data)
    assert pdf.startswith(b"%PDF") and b"/FontFile2" in pdf


@pytest.mark.parametrize("fonts", [None, {}])
def test_png_is_square_for_any_font(settings, fonts):
    if fonts is not None:
        settings.OUTREACH_POSTER_FONTS = fonts
    data = posters.PosterData(
        headline="W" * 60,
        name=HOSTILE * 3,
        url="https://example.org/k/1/",
        short_url="https://example.org/k/1/",
        campaign_title="x" * 300,
        goal_cents=1000,
        raised_cents=5000,
        percent=100,
        supporters=1,
    )
    image = Image.open(io.BytesIO(posters.render_png(data)))
    assert image.size == (1080, 1080) and image.format == "PNG"


def test_qr_encodes_the_campaign_url():
    url = "https://example.org/k/42/"
    assert segno.make(url, error="m").designator  # encodable
    qr = Image.open(io.BytesIO(posters.qr_png(url)))
    assert qr.size[0] == qr.size[1] > 100


def test_poster_data_uses_site_setting_headline_and_short_url(campaign_a):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    settings_obj = OutreachSettings.for_site(site)
    settings_obj.poster_headline = "Dortmund hält zusammen"
    settings_obj.poster_headline_en = "Together"
    settings_obj.save()
    paid(campaign_a, 30_000)
    de = posters.poster_data(campaign_a.get_parent().specific, campaign_a, "de", site)
    en = posters.poster_data(campaign_a.get_parent().specific, campaign_a, "en", site)
    assert de.headline == "Dortmund hält zusammen" and en.headline == "Together"
    assert de.raised_cents == 30_000 and de.percent == 30 and de.supporters == 1
    assert de.url.endswith(f"/k/{campaign_a.pk}/")
    assert en.url.endswith(f"/en/k/{campaign_a.pk}/")
    assert segno.make(de.url, error="m")  # what the poster encodes is the short URL


# Public posters --------------------------------------------------------------------------------------------------


def test_public_poster_of_live_campaign(client, campaign_a, core_fonts):
    response = client.get(reverse("outreach:poster", args=[campaign_a.pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "public" in response["Cache-Control"]
    assert "Café Anna" in pdf_text(response.content)
    assert "Hilf Anna" in pdf_text(response.content)
    png = client.get(reverse("outreach:poster", args=[campaign_a.pk, "png"]) + "?lang=en")
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(png.content)).size == (1080, 1080)
    assert "-en.png" in png["Content-Disposition"]


def test_public_poster_language_switch_and_hostile_lang(client, campaign_a, core_fonts):
    de = pdf_text(client.get(reverse("outreach:poster", args=[campaign_a.pk, "pdf"]) + "?lang=de").content)
    en = pdf_text(client.get(reverse("outreach:poster", args=[campaign_a.pk, "pdf"]) + "?lang=en").content)
    assert "Wir stehen hinter dir" in de and "We stand behind you" in en
    assert "Scannen" in de or "scannen" in de
    assert "Scan the code" in en
    hostile = client.get(reverse("outreach:poster", args=[campaign_a.pk, "pdf"]) + "?lang=<script>")
    assert hostile.status_code == 200 and b"<script>" not in hostile.content


def test_public_poster_unknown_format_or_draft_is_404(client, campaign_a):
    assert client.get(reverse("outreach:poster", args=[campaign_a.pk, "exe"])).status_code == 404
    assert client.get(reverse("outreach:poster", args=[999999, "pdf"])).status_code == 404
    campaign_a.unpublish()
    assert client.get(reverse("outreach:poster", args=[campaign_a.pk, "pdf"])).status_code == 404


def test_public_poster_with_hostile_business_name(client, make_campaign, core_fonts):
    stored = HOSTILE.replace("\x00", "")  # PostgreSQL refuses NUL in text; forms reject it before
    campaign = make_campaign(title=stored)
    business = campaign.get_parent().specific
    business.title = stored
    business.save_revision().publish()
    response = client.get(reverse("outreach:poster", args=[campaign.pk, "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    png = client.get(reverse("outreach:poster", args=[campaign.pk, "png"]))
    assert Image.open(io.BytesIO(png.content)).size == (1080, 1080)
    assert '"' not in response["Content-Disposition"].split("filename=")[1].strip('"')


# Owner posters ---------------------------------------------------------------------------------------------------


def test_owner_gets_poster_of_own_draft_campaign(client, owner_a, campaign_a, core_fonts):
    campaign_a.unpublish()
    login(client, owner_a)
    url = reverse("outreach:owner_poster", args=[campaign_a.get_parent().pk, "pdf"]) + f"?campaign={campaign_a.pk}"
    response = client.get(url)
    assert response.status_code == 200
    assert "Hilf Anna" in pdf_text(response.content)
    assert "no-store" in response["Cache-Control"]


def test_owner_business_only_poster(client, owner_a, business_a, core_fonts):
    login(client, owner_a)
    response = client.get(reverse("outreach:owner_poster", args=[business_a.pk, "pdf"]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Café Anna" in text and "find us online" not in text  # German by default
    assert "raised" not in text and "gesammelt" not in text


def test_owner_cannot_get_poster_of_another_business(client, owner_a, campaign_b, business_b):
    login(client, owner_a)
    assert client.get(reverse("outreach:owner_poster", args=[business_b.pk, "pdf"])).status_code == 404
    own = owner_a.email and reverse("outreach:owner_poster", args=[campaign_b.get_parent().pk, "png"])
    assert client.get(own).status_code == 404


def test_owner_cannot_smuggle_foreign_campaign_into_own_poster(client, owner_a, business_a, campaign_b):
    login(client, owner_a)
    url = reverse("outreach:owner_poster", args=[business_a.pk, "pdf"]) + f"?campaign={campaign_b.pk}"
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("outreach:owner_poster", args=[business_a.pk, "pdf"]) + "?campaign=1'--").status_code == 404
    )


def test_anonymous_and_unverified_get_no_owner_poster(client, business_a):
    from directory.ownership import grant_ownership
    from directory.testing import make_verified_user

    url = reverse("outreach:owner_poster", args=[business_a.pk, "pdf"])
    assert client.get(url).status_code == 302
    unverified = make_verified_user("unverified@example.org", verified=False)
    grant_ownership(business_a, unverified)
    login(client, unverified)
    assert client.get(url).status_code == 404


# Editors ---------------------------------------------------------------------------------------------------------


@override_settings(OUTREACH_POSTER_FONTS={})
def test_editor_gets_poster_of_any_business_and_campaign_from_admin(client, editor, campaign_a, business_b):
    login(client, editor)
    for page, fmt in ((campaign_a, "pdf"), (business_b, "pdf"), (campaign_a, "png")):
        response = client.get(reverse("outreach_page_poster", args=[page.pk, fmt]))
        assert response.status_code == 200, page
    home = campaign_a.get_parent().get_parent().get_parent()
    assert client.get(reverse("outreach_page_poster", args=[home.pk, "pdf"])).status_code == 404


def test_admin_page_shows_poster_buttons(client, editor, campaign_a):
    login(client, editor)
    response = client.get(reverse("wagtailadmin_explore", args=[campaign_a.get_parent().pk]))
    assert response.status_code == 200
    assert reverse("outreach_page_poster", args=[campaign_a.pk, "pdf"]) in response.content.decode()


def test_owner_and_citizen_cannot_use_admin_poster(client, owner_a, citizen, campaign_a):
    for user in (owner_a, citizen):
        client.force_login(user)
        response = client.get(reverse("outreach_page_poster", args=[campaign_a.pk, "pdf"]))
        assert response.status_code in (302, 403)
        assert not response.content.startswith(b"%PDF")
