"""Settings for static/owners/location-picker.js (passed with json_script, never inline code): the owners' business
form and the public suggestion form both place a business on the map."""

from django.conf import settings
from django.templatetags.static import static


def map_config():
    """Settings for static/owners/location-picker.js (passed with json_script, never inline code)."""
    return {
        "lat": settings.MAP_CENTER[0],
        "lng": settings.MAP_CENTER[1],
        "zoom": settings.MAP_ZOOM,
        "tileUrl": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "iconPath": static("vendor/leaflet/images/"),
        "geocoderUrl": getattr(settings, "OWNERS_GEOCODER_URL", "https://nominatim.openstreetmap.org/search"),
    }
