"""Coordinates of a business: parse the geo widget's value, check it is plausible, and the point the public may see.

The geo widget stores "SRID=4326;POINT(lng lat)" (longitude first). We keep float columns beside it:
`lat`/`lng` (exact, never published for district-only businesses) and `public_lat`/`public_lng` (what the map,
the API and the page may show).
"""

import hashlib
import math
import re

from django.utils.translation import gettext as _

from directory.conf import conf

PRIVACY_RADIUS_M = 400  # how far from the district centre a "district only" business may appear
EARTH_RADIUS_M = 6_371_000

# Strict format: optional SRID prefix, POINT(lng lat) with plain decimal numbers. Anything else is rejected before
# wagtailgeowidget's lenient parser sees it.
_POINT_RE = re.compile(
    r"^\s*(?:SRID=(?P<srid>\d{1,6});)?\s*POINT\s*\(\s*(?P<x>[-+]?\d{1,3}(?:\.\d{1,15})?)\s+"
    r"(?P<y>[-+]?\d{1,3}(?:\.\d{1,15})?)\s*\)\s*$",
    re.IGNORECASE,
)


def max_distance_km():
    """How far from the map centre a business may be (setting DIRECTORY_MAX_DISTANCE_KM, default 40 km)."""
    return float(conf.get("DIRECTORY_MAX_DISTANCE_KM"))


def distance_m(lat1, lng1, lat2, lng2):
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def parse_location(value):
    """Return (lat, lng) floats from "SRID=4326;POINT(lng lat)", or None for an empty value.

    Raises ValueError (with a translated, user-facing message) for a malformed value, another SRID, or
    coordinates outside the valid range.
    """
    if not value or not str(value).strip():
        return None
    match = _POINT_RE.match(str(value))
    if not match:
        raise ValueError(_("Invalid location. Drag the marker on the map or enter it as “51.5136, 7.4653”."))
    if match["srid"] and match["srid"] != "4326":
        raise ValueError(_("Unsupported coordinate system; only WGS 84 (SRID 4326) is accepted."))
    lng, lat = float(match["x"]), float(match["y"])
    if not (math.isfinite(lat) and math.isfinite(lng)) or not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise ValueError(_("Coordinates are out of range (latitude −90…90, longitude −180…180)."))
    return lat, lng


def check_plausible(lat, lng):
    """Raise ValueError when the point is not near the city (e.g. latitude and longitude swapped, or 0,0)."""
    center_lat, center_lng = conf.get("MAP_CENTER")
    limit = max_distance_km()
    if distance_m(lat, lng, center_lat, center_lng) > limit * 1000:
        raise ValueError(
            _(
                "This location is more than %(km)d km away from %(city)s. Check the marker "
                "(latitude and longitude may be swapped)."
            )
            % {"km": limit, "city": conf.get("CITY_NAME")}
        )


def privacy_point(district, seed):
    """A stable point inside `district`, near its centre, that reveals nothing about the real address.

    It depends only on the district and a stable seed (the page's translation_key), never on the real location,
    so moving the business inside its district does not move its public point.
    """
    digest = hashlib.sha256(f"{district.pk}:{seed}".encode()).digest()
    angle = digest[0] / 255 * 2 * math.pi
    radius = min(PRIVACY_RADIUS_M, max(100, int(getattr(district, "radius_m", 1500) or 1500) // 3))
    distance = 50 + digest[1] / 255 * (radius - 50)
    dlat = distance * math.cos(angle) / 111_320
    dlng = distance * math.sin(angle) / (111_320 * math.cos(math.radians(district.center_lat)))
    return round(district.center_lat + dlat, 6), round(district.center_lng + dlng, 6)


def format_location(lat, lng):
    """The geo widget's storage format for a point."""
    return f"SRID=4326;POINT({lng:.6f} {lat:.6f})"


def derive_coordinates(page):
    """Fill page.lat/lng from page.location, and page.public_lat/lng by the address-visibility choice."""
    point = parse_location(page.location)
    page.lat, page.lng = point if point else (None, None)
    if page.address_visibility == "district" and page.district_id:
        page.public_lat, page.public_lng = privacy_point(page.district, page.translation_key)
    else:
        page.public_lat, page.public_lng = page.lat, page.lng
