import factory
import wagtail_factories

from wagtail.models import Site

from .models import BusinessPage, Category, DirectoryIndexPage, District, MapPage


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kategorie {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"kategorie-{n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Bezirk {n}")
    slug = factory.Sequence(lambda n: f"bezirk-{n}")
    center_lat = 51.5136
    center_lng = 7.4653


def home_page():
    """The default site's root page (the host's home page), where the directory and the map are created."""
    return Site.objects.get(is_default_site=True).root_page.specific


class DirectoryIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DirectoryIndexPage

    title = "Unternehmen"
    slug = "unternehmen"
    parent = factory.LazyFunction(home_page)


class MapPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = MapPage

    title = "Karte"
    slug = "karte"
    parent = factory.LazyFunction(home_page)


def directory_index():
    return DirectoryIndexPage.objects.first() or DirectoryIndexPageFactory()


class BusinessPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BusinessPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Laden {n}")
    slug = factory.Sequence(lambda n: f"laden-{n}")
    parent = factory.LazyFunction(directory_index)
    short_description = "Ein kleiner Laden um die Ecke."
    district = factory.SubFactory(DistrictFactory)
    street = "Kampstraße 1"
    postcode = "44137"
    city = "Dortmund"
    location = "SRID=4326;POINT(7.4653 51.5136)"

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if not create:
            return
        for category in extracted or [CategoryFactory()]:
            self.categories.add(category)
        # Keep the latest revision in step with the row, as the admin would.
        revision = self.save_revision()
        if self.live:
            revision.publish()
