import random
from dataclasses import dataclass, field

import pytest

from django.db.models import Count

from directory import demo
from directory.models import BusinessPage, Category, DirectoryIndexPage, District, MapPage

pytestmark = pytest.mark.django_db


@dataclass
class Ctx:
    rng: random.Random = field(default_factory=lambda: random.Random(1))
    password: str = "demo-password-123"
    logs: list = field(default_factory=list)
    accounts: list = field(default_factory=list)

    def log(self, text):
        self.logs.append(text)


def test_seed_builds_the_demo_city_and_is_idempotent(settings):
    settings.DEMO_CITY = "dortmund"
    demo.seed(Ctx())
    businesses = BusinessPage.objects.live()
    assert businesses.count() >= 80
    assert District.objects.count() == 12 and Category.objects.count() >= 10
    per_district = dict(businesses.order_by().values_list("district__slug").annotate(n=Count("pk")))
    assert len(per_district) == 12 and min(per_district.values()) >= 5
    assert DirectoryIndexPage.objects.get().slug == "unternehmen"
    assert MapPage.objects.get().slug == "karte"
    assert businesses.filter(address_visibility="district").exists()
    assert businesses.filter(temporary_hours__isnull=False).exists()
    assert businesses.filter(regular_hours__isnull=False).distinct().count() == businesses.count()
    # Pictures: a logo for some, a photo drawn from the category illustration for most, never downloaded.
    assert businesses.filter(logo__isnull=False).exists() and businesses.filter(logo__isnull=True).exists()
    with_photo = businesses.filter(gallery_images__isnull=False).distinct().count()
    assert businesses.count() * 0.4 < with_photo < businesses.count() * 0.8
    # Every point lies near its district's centre.
    city = demo.load_city()
    radius = {d["slug"]: d["radius_m"] for d in city["districts"]}
    from directory.geo import distance_m

    for business in businesses.select_related("district"):
        d = business.district
        assert distance_m(business.lat, business.lng, d.center_lat, d.center_lng) <= radius[d.slug]
    # Run again with a differently seeded rng: nothing new.
    count = businesses.count()
    demo.seed(Ctx(rng=random.Random(99)))
    assert BusinessPage.objects.count() == count
    assert DirectoryIndexPage.objects.count() == 1 and MapPage.objects.count() == 1


def test_load_city_rejects_path_tricks():
    with pytest.raises(ValueError):
        demo.load_city("../../etc/passwd")


def test_demo_businesses_are_pictured_by_their_own_category(settings):
    settings.DEMO_CITY = "dortmund"
    demo.seed(Ctx())
    two = 0
    for business in BusinessPage.objects.live().prefetch_related("categories"):
        slugs = [category.slug for category in business.categories.all()]  # the first one is pictured
        if len(slugs) == 2:
            two += 1
            assert demo.RELATED_CATEGORY[slugs[0]] == slugs[1], (business.title, slugs)
    assert two, "some demo businesses have a second category"
    secondhand = BusinessPage.objects.filter(title__startswith="Secondhand")
    assert secondhand.exists() and not secondhand.filter(categories__slug="gastronomie").exists()
    assert all(b.categories.first().slug == "mode" for b in secondhand)
