"""The directory's settings and their defaults (documented in directory/README.md). Read them here, at the point of
use: `conf.get("DIRECTORY_PARENT_PAGE_TYPES")`."""

from pathlib import Path

from django.conf import settings

from commons.conf import AppSettings


def _illustration_dir():
    return Path(settings.BASE_DIR) / "node_modules/@tabler/icons/icons"


conf = AppSettings(
    {
        # Where the directory index and the map may be created (the host sets its home page type).
        "DIRECTORY_PARENT_PAGE_TYPES": ["wagtailcore.Page"],
        # Child page types a business page may have (e.g. the host's own pages).
        "DIRECTORY_BUSINESS_SUBPAGE_TYPES": [],
        # The template every public directory page extends.
        "DIRECTORY_BASE_TEMPLATE": "base.html",
        # The city and its map.
        "CITY_NAME": "Dortmund",
        "CITY_COUNTRY_CODE": "DE",
        "PLATFORM_NAME": "Wir stehen hinter dir",
        "BASE_URL": "http://127.0.0.1:8000",
        "MAP_CENTER": (51.5136, 7.4653),
        "MAP_ZOOM": 12,
        "MAP_TILE_URL": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "MAP_TILE_ATTRIBUTION": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
        "DIRECTORY_MAX_DISTANCE_KM": 40,
        "DIRECTORY_API_CACHE_SECONDS": 120,
        # The API's cached bodies (1–11), compressed once per coding and cache generation. 8: the full-city GeoJSON
        # of 20,000 businesses (9.6 MB) is 398 KB instead of 418 KB at 6, for ~30–120 ms more per rebuild.
        "DIRECTORY_BROTLI_QUALITY": 8,
        "DIRECTORY_FONT_FILES": None,  # None: the DejaVu/Liberation fonts the share images look for
        "DIRECTORY_ILLUSTRATION_DIR": _illustration_dir,
        "DIRECTORY_IMPORT_CATEGORY_MAP": "",
        "DEMO_CITY": "dortmund",
        "DEMO_SEED": 0,
        # Groups that may import businesses and set area hours (also used by the data migrations).
        "EDITOR_GROUPS": ["Redaktion"],
    }
)
get = conf.get
