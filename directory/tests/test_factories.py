import pytest

from directory.factories import BusinessPageFactory
from directory.models import BusinessPage


@pytest.mark.django_db
def test_business_factory_builds_a_published_business_with_coordinates():
    business = BusinessPageFactory()
    business.refresh_from_db()
    assert business.live
    assert business.categories.count() == 1
    assert (round(business.lat, 4), round(business.lng, 4)) == (51.5136, 7.4653)
    assert BusinessPage.objects.live().count() == 1
