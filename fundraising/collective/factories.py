import datetime

import factory
import wagtail_factories

from django.utils import timezone

from directory.factories import home_page

from .models import CollectiveCampaignIndexPage, CollectiveCampaignPage


class CollectiveCampaignIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CollectiveCampaignIndexPage

    title = "Sammelaktionen"
    slug = "sammelaktionen"
    parent = factory.LazyFunction(home_page)


def collective_index():
    return CollectiveCampaignIndexPage.objects.first() or CollectiveCampaignIndexPageFactory()


class CollectiveCampaignPageFactory(wagtail_factories.PageFactory):
    """An upcoming campaign (starts in a week), so creating it freezes nothing."""

    class Meta:
        model = CollectiveCampaignPage

    title = factory.Sequence(lambda n: f"Sammelaktion {n}")
    slug = factory.Sequence(lambda n: f"sammelaktion-{n}")
    parent = factory.LazyFunction(collective_index)
    story = "<p>Gemeinsam für das Viertel.</p>"
    goal_cents = 1_000_000
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=37))
