"""manage.py send_digests — the citizens' daily alert emails (run once a day, e.g. at 7:00; safe to repeat)."""

from django.core.management.base import BaseCommand

from alerts.digest import send_digests


class Command(BaseCommand):
    help = "Send today's alert digests (at most one per subscriber and day)."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_digests()} digests queued")
