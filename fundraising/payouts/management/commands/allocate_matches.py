"""Catch up on match allocations: paid pledges without one (e.g. after a failed receiver or a new fund)."""

from django.core.management.base import BaseCommand

from fundraising.models import Pledge, PledgeState
from fundraising.payouts.matching import allocate


class Command(BaseCommand):
    help = "Allocate the city's match for paid pledges that have none yet (idempotent)."

    def handle(self, *args, **options):
        pledges = Pledge.objects.filter(state=PledgeState.PAID, match_allocation__isnull=True).select_related(
            "campaign"
        )
        count = 0
        for pledge in pledges.order_by("paid_at", "pk").iterator():
            if allocate(pledge) is not None:
                count += 1
        self.stdout.write(f"{count} match allocation(s) made.")
