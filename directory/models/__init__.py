from .area_hours import AreaHours
from .business_page import (
    AddressVisibility,
    BusinessGalleryImage,
    BusinessOffer,
    BusinessOwner,
    BusinessPage,
)
from .freshness import DirectorySettings, Freshness
from .index_pages import DirectoryIndexPage, MapPage
from .opening_hours import ClosingDay, RegularHours, TemporaryHours, Weekday
from .provenance import ImportRun, ImportStatus, ListingSource
from .taxonomy import Category, District

__all__ = [
    "AreaHours",
    "AddressVisibility",
    "BusinessGalleryImage",
    "BusinessOffer",
    "BusinessOwner",
    "BusinessPage",
    "Category",
    "ClosingDay",
    "DirectoryIndexPage",
    "DirectorySettings",
    "District",
    "Freshness",
    "ImportRun",
    "ImportStatus",
    "ListingSource",
    "MapPage",
    "RegularHours",
    "TemporaryHours",
    "Weekday",
]
