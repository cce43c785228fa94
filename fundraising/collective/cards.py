"""Campaign cards (the index page and the home page): the running campaigns, with state, progress and number of
businesses (`with_cards`, in models/cards.py), in three queries."""

from django.utils import timezone

from .models import CollectiveCampaignPage
from .models.cards import with_cards

__all__ = ["running", "with_cards"]


def running(limit=3, today=None):
    """Live, public collective campaigns accepting support now, ending soonest first."""
    today = today or timezone.localdate()
    campaigns = (
        CollectiveCampaignPage.objects.live()
        .public()
        .filter(start_date__lte=today, end_date__gte=today, frozen_at__isnull=False)
        .select_related("image")
        .order_by("end_date", "pk")[:limit]
    )
    return with_cards(campaigns)
