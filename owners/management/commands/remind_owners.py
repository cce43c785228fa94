"""manage.py remind_owners — ask owners to confirm their listing (daily; interval in the directory settings)."""

from django.core.management.base import BaseCommand

from owners.freshness import send_reminders


class Command(BaseCommand):
    help = "Email owners whose listing was not confirmed within the reminder interval (Settings → Directory)."

    def handle(self, *args, **options):
        count = send_reminders()
        self.stdout.write(f"{count} businesses reminded")
