from .crisis import CrisisSettings, Severity
from .home_page import HomePage
from .news import NewsIndexPage, NewsPage, NewsPageTag
from .site_settings import SiteSettings
from .standard_page import StandardPage

__all__ = [
    "CrisisSettings",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "Severity",
    "SiteSettings",
    "StandardPage",
]
