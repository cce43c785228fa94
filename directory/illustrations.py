"""Category illustrations from the Tabler icon set (npm package `@tabler/icons`, MIT), never copied into the repo.

`IllustrationFinder` (in STATICFILES_FINDERS) offers only the few icons listed here from node_modules, under
`directory/illustrations/<name>.svg`, so `collectstatic` copies them (not the package's 5,000 files) and production
serves them from STATIC_ROOT without node_modules. `svg(name)` returns an icon's markup for inline use (it takes the
text colour: `stroke="currentColor"`), `picture_png()` draws the demo city's pictures from the same icons.
"""

import re
from functools import lru_cache
from pathlib import Path

from django.contrib.staticfiles.finders import BaseFinder
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import FileSystemStorage
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from directory.conf import conf

PREFIX = "directory/illustrations"
# Category.icon -> Tabler icons: the first is the category's picture, the others decorate the demo pictures. Each
# companion must read as that category at 40 px (checked on a contact sheet of all of them): no laundry symbol for
# hairdressers, no car for office services, no needle that looks like a carrot.
ILLUSTRATIONS = {
    "store": ("building-store", "shopping-bag", "heart-handshake", "gift"),
    "utensils": ("tools-kitchen-2", "pizza", "salad", "glass-full"),
    "cup": ("coffee", "bread", "cake", "cup"),
    "basket": ("basket", "apple", "cheese", "baguette"),
    "shirt": ("shirt", "hanger", "shoe", "tag"),
    "book": ("book", "books", "vinyl", "headphones"),
    "hammer": ("hammer", "tool", "ruler-2", "armchair"),
    "scissors": ("scissors", "brush", "sparkles", "droplet"),
    "heart": ("heartbeat", "yoga", "barbell", "stethoscope"),
    "music": ("masks-theater", "music", "palette", "ticket"),
    "briefcase": ("briefcase", "device-laptop", "camera", "language"),
    "smile": ("mood-kid", "horse-toy", "balloon", "lego"),
    "flower": ("flower", "plant-2", "leaf", "tree"),
    # Not categories: pictures of the demo city's news and collective campaigns.
    "voucher": ("gift", "ticket", "heart-handshake", "shopping-bag"),
    "help": ("heart-handshake", "briefcase", "device-laptop", "coffee"),
    "fans": ("heart-handshake", "ball-football", "tools-kitchen-2", "beer"),
    "winter": ("heart-handshake", "snowflake", "building-store", "coffee"),
}
DEFAULT = "store"
ICON_NAMES = sorted({name for names in ILLUSTRATIONS.values() for name in names})


def source_dir():
    return Path(conf.get("DIRECTORY_ILLUSTRATION_DIR"))


def names_for(key):
    return ILLUSTRATIONS.get(key or "", ILLUSTRATIONS[DEFAULT])


class IllustrationFinder(BaseFinder):
    """A static files finder for the listed icons of the installed @tabler/icons package (outline style)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=str(source_dir() / "outline"))
        self.storage.prefix = PREFIX

    def check(self, **kwargs):
        return []  # missing icons are not an error: the site then shows the category's colour without a picture

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        match = re.fullmatch(re.escape(PREFIX) + r"/([a-z0-9-]+)\.svg", path)
        found = []
        if match and match.group(1) in ICON_NAMES:
            candidate = source_dir() / "outline" / f"{match.group(1)}.svg"
            if candidate.is_file():
                found.append(str(candidate))
        if find_all:
            return found
        return found[0] if found else []

    def list(self, ignore_patterns):
        for name in ICON_NAMES:
            if (source_dir() / "outline" / f"{name}.svg").is_file():
                yield f"{name}.svg", self.storage


def _clean(markup):
    """The icon's drawing for inline use: no fixed size, no class names, no invisible bounding box."""
    markup = re.sub(r"\s+", " ", markup).strip()
    markup = re.sub(r'<path stroke="none" d="M0 0h24v24H0z" fill="none" ?/>', "", markup)
    markup = re.sub(r' (width|height|class)="[^"]*"', "", markup)
    return markup


@lru_cache(maxsize=128)
def svg(name):
    """The cleaned SVG markup of one listed icon, from node_modules or (after collectstatic) from STATIC_ROOT."""
    if name not in ICON_NAMES:
        return ""
    try:
        return _clean((source_dir() / "outline" / f"{name}.svg").read_text())
    except OSError:
        pass
    try:
        with staticfiles_storage.open(f"{PREFIX}/{name}.svg") as handle:
            return _clean(handle.read().decode())
    except (OSError, ValueError):
        return ""


def inline(key, css_class="illustration"):
    """An icon as inline SVG, decorative (the text next to it names the category)."""
    markup = svg(names_for(key)[0])
    if not markup:
        return ""
    return markup.replace("<svg ", f'<svg class="{css_class}" aria-hidden="true" focusable="false" ', 1)


def tile(key, colour, width=16, height=9, css_class="category-tile"):
    """The category's icon in white on its colour, as an inline SVG filling its box (CSP-safe: attributes only).
    Decorative: the text beside it names the business or category."""
    paths = _paths(names_for(key)[0])
    colour = colour if re.fullmatch(r"#[0-9a-fA-F]{6}", colour or "") else "#374151"
    icon = min(width, height) * 0.56
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'preserveAspectRatio="xMidYMid slice"><rect width="{}" height="{}" fill="{}"/>'
        '<circle cx="{}" cy="{}" r="{}" fill="#ffffff" fill-opacity="0.14"/>'
        '<g transform="translate({} {}) scale({})" fill="none" stroke="#ffffff" stroke-width="1.6" '
        'stroke-linecap="round" stroke-linejoin="round">{}</g></svg>',
        css_class,
        width,
        height,
        width,
        height,
        colour,
        width / 2,
        height / 2,
        icon * 0.72,
        f"{(width - icon) / 2:.2f}",
        f"{(height - icon) / 2:.2f}",
        f"{icon / 24:.3f}",
        mark_safe(paths),  # noqa: S308 (markup of an installed icon package, not user input)
    )


def _paths(name):
    """The drawing elements of an icon, for composing a bigger picture."""
    markup = svg(name)
    match = re.search(r"<svg[^>]*>(.*)</svg>", markup)
    return match.group(1) if match else ""


def picture_svg(key, colour, rng, width=1600, height=900):
    """A picture for the demo city: the category's icon large on its colour, its companions scattered around."""
    names = names_for(key)
    big = min(width, height) * 0.42
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">',
        f'<stop offset="0" stop-color="{colour}"/><stop offset="1" stop-color="{colour}" stop-opacity="0.72"/>',
        "</linearGradient></defs>",
        f'<rect width="{width}" height="{height}" fill="#1f1c1a"/>',
        f'<rect width="{width}" height="{height}" fill="url(#g)"/>',
    ]
    cx, cy = width * rng.uniform(0.42, 0.58), height * 0.5
    placed = 0
    for _attempt in range(200):
        if placed == 14:
            break
        name = rng.choice(names)
        size = rng.uniform(0.08, 0.16) * height
        x, y = rng.uniform(-0.05, 0.98) * width, rng.uniform(-0.05, 0.95) * height
        if ((x + size / 2 - cx) ** 2 + (y + size / 2 - cy) ** 2) ** 0.5 < big * 0.78 + size:
            continue  # keep the middle free for the big icon
        placed += 1
        angle = rng.uniform(-25, 25)
        parts.append(
            f'<g transform="translate({x:.0f} {y:.0f}) rotate({angle:.0f}) scale({size / 24:.2f})" fill="none" '
            f'stroke="#ffffff" stroke-opacity="0.22" stroke-width="1.5" stroke-linecap="round" '
            f'stroke-linejoin="round">{_paths(name)}</g>'
        )
    parts.append(f'<circle cx="{cx:.0f}" cy="{cy:.0f}" r="{big * 0.78:.0f}" fill="#ffffff" fill-opacity="0.16"/>')
    parts.append(
        f'<g transform="translate({cx - big / 2:.0f} {cy - big / 2:.0f}) scale({big / 24:.2f})" fill="none" '
        f'stroke="#ffffff" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">{_paths(names[0])}</g>'
    )
    parts.append("</svg>")
    return "".join(parts)


def picture_png(key, colour, rng, width=1600, height=900):
    """PNG bytes of picture_svg(), or None when the rasteriser (resvg-py, a development dependency) or the icons
    are missing."""
    try:
        import resvg_py  # noqa: PLC0415  reason: optional, only the demo generators draw pictures
    except ImportError:
        return None
    if not _paths(names_for(key)[0]):
        return None
    return bytes(resvg_py.svg_to_bytes(svg_string=picture_svg(key, colour, rng, width, height)))
