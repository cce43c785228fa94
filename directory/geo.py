"""Coordinates of a business: parse the geo widget's value, and the point the public may see."""

import hashlib
import math

from wagtailgeowidget.helpers import geosgeometry_str_to_struct

PRIVACY_RADIUS_M = 400  # how far from the district centre a "district only" business may appear


def parse_location(value):
    """Return (lat, lng) floats from "SRID=4326;POINT(lng lat)", or None for an empty value.

    Raises ValueError for a malformed value or coordinates outside the valid range.
    """
    if not value:
        return None
    struct = geosgeometry_str_to_struct(value)
    if not struct:
        raise ValueError("Invalid location; expected a point such as SRID=4326;POINT(7.46 51.51).")
    lat, lng = float(struct["y"]), float(struct["x"])
    if not (-90 <= lat <= 90 and -180 <= lng <= 180) or math.isnan(lat) or math.isnan(lng):
        raise ValueError("Coordinates are out of range.")
    return lat, lng


def privacy_point(district, seed):
    """A stable point inside `district`, near its centre, that reveals nothing about the real address."""
    digest = hashlib.sha256(f"{district.pk}:{seed}".encode()).digest()
    angle = digest[0] / 255 * 2 * math.pi
    distance = 80 + digest[1] / 255 * (PRIVACY_RADIUS_M - 80)
    dlat = distance * math.cos(angle) / 111_320
    dlng = distance * math.sin(angle) / (111_320 * math.cos(math.radians(district.center_lat)))
    return round(district.center_lat + dlat, 6), round(district.center_lng + dlng, 6)


def derive_coordinates(page):
    """Fill page.lat/lng from page.location, and page.public_lat/lng by the address-visibility choice."""
    point = parse_location(page.location)
    page.lat, page.lng = point if point else (None, None)
    if page.address_visibility == "district" and page.district_id:
        page.public_lat, page.public_lng = privacy_point(page.district, page.translation_key)
    else:
        page.public_lat, page.public_lng = page.lat, page.lng
