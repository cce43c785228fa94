import pytest

from directory.factories import BusinessPageFactory, CategoryFactory, DistrictFactory
from fundraising.tests.conftest import fake_stripe  # noqa: F401  (the fake Stripe HTTP client, shared)


@pytest.fixture
def city(db):
    """Two districts, two categories, and businesses in every combination (plus one unpublished)."""
    gastro = CategoryFactory(slug="gastronomie", name="Gastronomie")
    books = CategoryFactory(slug="buecher", name="Bücher")
    north = DistrictFactory(slug="nord", name="Nord")
    south = DistrictFactory(slug="sued", name="Süd")
    b = {
        "gastro_north_1": BusinessPageFactory(title="Brauhaus Nord", district=north, categories=[gastro]),
        "gastro_north_2": BusinessPageFactory(title="Café Nord", district=north, categories=[gastro, books]),
        "gastro_south": BusinessPageFactory(title="Grill Süd", district=south, categories=[gastro]),
        "books_north": BusinessPageFactory(title="Buchladen Nord", district=north, categories=[books]),
        "draft_gastro_north": BusinessPageFactory(title="Entwurf", district=north, categories=[gastro], live=False),
    }
    return {"gastro": gastro, "books": books, "north": north, "south": south, **b}
