"""Images drawn locally with Pillow: share images (Open Graph/Twitter) and demo logos (coloured initials)."""

import hashlib
import io
import textwrap

from PIL import Image, ImageDraw, ImageFont

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from directory.conf import conf

SHARE_SIZE = (1200, 630)
FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
]


def _font(size):
    for path in conf.DIRECTORY_FONT_FILES or FONT_CANDIDATES:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _hex_to_rgb(value, default=(29, 78, 216)):
    value = (value or "").lstrip("#")
    if len(value) != 6:
        return default
    try:
        return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return default


def initials(name):
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    capitalised = [w for w in words if w[:1].isupper()]
    words = capitalised if len(capitalised) >= 2 else words
    letters = "".join(w[0] for w in words[:2]).upper()
    return letters or "?"


def logo_png(name, colour, size=256):
    """A square logo with the business's initials on its category colour."""
    image = Image.new("RGB", (size, size), _hex_to_rgb(colour))
    draw = ImageDraw.Draw(image)
    text = initials(name)
    font = _font(int(size * 0.42))
    box = draw.textbbox((0, 0), text, font=font)
    x = (size - (box[2] - box[0])) / 2 - box[0]
    y = (size - (box[3] - box[1])) / 2 - box[1]
    draw.text((x, y), text, font=font, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def share_image_key(page, category_name):
    raw = (
        f"{page.pk}|{page.title}|{category_name}|{page.district_id}|{conf.get('PLATFORM_NAME')}|{conf.get('CITY_NAME')}"
    )
    return f"directory/share/{page.pk}-{hashlib.sha256(raw.encode()).hexdigest()[:16]}.png"


def draw_share_image(title, subtitle, footer, colour):
    image = Image.new("RGB", SHARE_SIZE, (250, 250, 247))
    draw = ImageDraw.Draw(image)
    accent = _hex_to_rgb(colour)
    draw.rectangle([0, 0, 28, SHARE_SIZE[1]], fill=accent)
    title_font = _font(76)
    lines = textwrap.wrap(title, width=24)[:3] or [title[:24]]
    y = 120
    for line in lines:
        draw.text((90, y), line, font=title_font, fill=(17, 24, 39))
        y += 92
    draw.text((90, y + 24), subtitle[:70], font=_font(40), fill=(55, 65, 81))
    draw.rectangle([90, SHARE_SIZE[1] - 120, SHARE_SIZE[0] - 90, SHARE_SIZE[1] - 116], fill=accent)
    draw.text((90, SHARE_SIZE[1] - 96), footer[:80], font=_font(34), fill=(55, 65, 81))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def share_image(page):
    """PNG bytes of the page's share image, generated on first request and kept in the default storage."""
    category = page.categories.first()
    category_name = category.display_name if category else ""
    key = share_image_key(page, category_name)
    if default_storage.exists(key):
        with default_storage.open(key, "rb") as handle:
            return handle.read()
    subtitle = " · ".join(part for part in (category_name, page.district.name if page.district_id else "") if part)
    data = draw_share_image(
        page.title,
        subtitle,
        f"{conf.get('PLATFORM_NAME')} {conf.get('CITY_NAME')}",
        category.colour if category else "",
    )
    default_storage.save(key, ContentFile(data))
    return data
