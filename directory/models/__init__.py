from .business_page import (
    AddressVisibility,
    BusinessGalleryImage,
    BusinessOffer,
    BusinessOwner,
    BusinessPage,
)
from .index_pages import DirectoryIndexPage, MapPage
from .opening_hours import ClosingDay, RegularHours, TemporaryHours, Weekday
from .taxonomy import Category, District

__all__ = [
    "AddressVisibility",
    "BusinessGalleryImage",
    "BusinessOffer",
    "BusinessOwner",
    "BusinessPage",
    "Category",
    "ClosingDay",
    "DirectoryIndexPage",
    "District",
    "MapPage",
    "RegularHours",
    "TemporaryHours",
    "Weekday",
]
