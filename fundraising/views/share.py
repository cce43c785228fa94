"""Open Graph image with the campaign's progress, drawn with Pillow and cached until the progress changes."""

import io

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import ngettext

from commons.lazy_libraries import pillow
from commons.money import format_cents
from fundraising.conf import conf
from fundraising.models import CampaignPage

WIDTH, HEIGHT = 1200, 630
GREEN, DARK, LIGHT = (21, 128, 61), (17, 24, 39), (229, 231, 235)


def _font(size):
    ImageFont = pillow().ImageFont
    for name in ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def _fit(text, limit):
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_og_image(title, business, raised_cents, goal_cents, percent, supporters_text):
    pil = pillow()
    image = pil.Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = pil.ImageDraw.Draw(image)
    draw.rectangle([0, 0, WIDTH, 16], fill=GREEN)
    draw.text((60, 60), _fit(conf.PLATFORM_NAME + " · " + conf.CITY_NAME, 60), font=_font(32), fill=GREEN)
    draw.text((60, 130), _fit(business, 40), font=_font(44), fill=DARK)
    draw.text((60, 200), _fit(title, 44), font=_font(56), fill=DARK)
    bar_top = 380
    draw.rounded_rectangle([60, bar_top, WIDTH - 60, bar_top + 48], radius=24, fill=LIGHT)
    filled = int((WIDTH - 120) * min(percent, 100) / 100)
    if filled > 0:
        draw.rounded_rectangle([60, bar_top, 60 + max(filled, 48), bar_top + 48], radius=24, fill=GREEN)
    draw.text(
        (60, 460),
        f"{format_cents(raised_cents)} / {format_cents(goal_cents)}  ·  {percent} %",
        font=_font(48),
        fill=DARK,
    )
    draw.text((60, 535), supporters_text, font=_font(36), fill=DARK)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def og_image(campaign, request):
    progress = campaign.progress
    key = f"fundraising:og:{campaign.pk}:{progress['raised_cents']}:{progress['supporters']}:{campaign.title}"
    png = cache.get(key)
    if png is None:
        supporters = ngettext("%(count)d supporter", "%(count)d supporters", progress["supporters"]) % {
            "count": progress["supporters"]
        }
        png = render_og_image(
            campaign.title,
            campaign.get_parent().title,
            progress["raised_cents"],
            progress["goal_cents"],
            progress["percent"],
            supporters,
        )
        cache.set(key, png, 60 * 60)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "public, max-age=300"
    return response


def og_image_view(request, pk):
    return og_image(get_object_or_404(CampaignPage.objects.live(), pk=pk), request)
