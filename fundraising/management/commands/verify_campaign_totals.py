"""Compares every pledge target's stored totals (CampaignTotals) with its paid pledges and lists the differences;
`--repair` recomputes the differing ones (fundraising.totals.refresh, with the same locks as a payment). Exits with
an error when it found differences and did not repair them, so a scheduled run shows up in monitoring."""

from django.core.management.base import BaseCommand, CommandError

from fundraising import totals


def describe(figures):
    if figures is None:
        return "missing"
    raised, supporters = figures
    return f"{raised} ct / {supporters} supporters"


class Command(BaseCommand):
    help = "Verify the per-campaign totals against the paid pledges; --repair fixes the differences."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Recompute the totals that differ.")

    def handle(self, *args, repair=False, **options):
        found = totals.differences()
        for target_id, have, want in found:
            self.stdout.write(f"page #{target_id}: stored {describe(have)}, paid pledges {describe(want)}")
        self.stdout.write(f"{len(found)} differences")
        if found and repair:
            totals.refresh(target_id for target_id, _have, _want in found)
            self.stdout.write(f"repaired {len(found)}")
        elif found:
            raise CommandError(f"{len(found)} campaign totals differ from their pledges; run with --repair")
