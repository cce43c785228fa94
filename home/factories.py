import datetime

import factory
import wagtail_factories

from django.conf import settings

from .models import HomePage, NewsIndexPage, NewsPage, StandardPage


def home_page():
    """The site root created by home's data migration."""
    return HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).get()


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Seite {n}")
    slug = factory.Sequence(lambda n: f"seite-{n}")
    parent = factory.LazyFunction(home_page)
    introduction = "Eine kurze Einleitung."


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Neuigkeiten"
    slug = "neuigkeiten"
    parent = factory.LazyFunction(home_page)


def news_index():
    return NewsIndexPage.objects.first() or NewsIndexPageFactory()


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Meldung {n}")
    slug = factory.Sequence(lambda n: f"meldung-{n}")
    parent = factory.LazyFunction(news_index)
    teaser = factory.Sequence(lambda n: f"Kurzmeldung Nummer {n}.")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
