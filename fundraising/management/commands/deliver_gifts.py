"""Send the gift vouchers whose delivery date has come (daily, e.g. cron `5 7 * * *`). Idempotent: each gift is
claimed with one conditional UPDATE before its email is queued, so two runs (even at once) send it once."""

from django.core.management.base import BaseCommand

from fundraising.gifts import deliver_due


class Command(BaseCommand):
    help = "Send gift vouchers whose delivery date has come (each exactly once)."

    def handle(self, *args, **options):
        count = deliver_due()
        self.stdout.write(f"{count} gift(s) sent.")
