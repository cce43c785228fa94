import datetime as dt

import pytest

from wagtail import hooks

from directory.factories import (
    BusinessPageFactory,
    CategoryFactory,
    DirectoryIndexPageFactory,
    DistrictFactory,
    MapPageFactory,
)
from directory.models import RegularHours


@pytest.fixture
def index_page(db):
    return DirectoryIndexPageFactory()


@pytest.fixture
def map_page(db):
    return MapPageFactory()


@pytest.fixture
def taxonomy(db):
    return {
        "food": CategoryFactory(slug="gastronomie", name="Gastronomie", name_en="Restaurants", colour="#b91c1c"),
        "books": CategoryFactory(slug="buecher", name="Bücher", name_en="Books"),
        "nord": DistrictFactory(slug="nord", name="Nord", center_lat=51.53, center_lng=7.47),
        "sued": DistrictFactory(slug="sued", name="Süd", center_lat=51.46, center_lng=7.50),
    }


@pytest.fixture
def make_business(index_page, taxonomy):
    """A published business; keyword arguments go to the factory; `hours=True` adds Mon–Sun 00:00–00:00."""

    def make(categories=None, hours=False, **kwargs):
        kwargs.setdefault("district", taxonomy["nord"])
        business = BusinessPageFactory(parent=index_page, categories=categories or [taxonomy["food"]], **kwargs)
        if hours:
            for weekday in range(7):
                RegularHours.objects.create(page=business, weekday=weekday, opens=dt.time(0), closes=dt.time(0))
        return business

    return make


@pytest.fixture
def campaign_hooks():
    """Register fake fundraising hooks: {business_id: summary} for the given businesses."""
    from contextlib import ExitStack

    stack = ExitStack()

    def register(summaries):
        from directory.models import BusinessPage

        stack.enter_context(
            hooks.register_temporarily(
                "directory_campaign_summaries",
                lambda ids: {pk: summary for pk, summary in summaries.items() if pk in ids},
            )
        )
        stack.enter_context(
            hooks.register_temporarily(
                "directory_active_campaign_business_ids",
                lambda: BusinessPage.objects.filter(pk__in=list(summaries)).values("pk"),
            )
        )

    yield register
    stack.close()


def summary(title="Hilfe für den Laden", raised=12_500, goal=50_000):
    return {
        "title": title,
        "url": "/unternehmen/laden/kampagne/",
        "state": "active",
        "raised_cents": raised,
        "goal_cents": goal,
        "percent": round(raised * 100 / goal, 1),
        "supporters": 7,
        "days_left": 12,
    }
