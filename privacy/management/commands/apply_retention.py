"""Anonymise personal data after the retention periods in the settings (privacy.retention); run daily."""

from django.core.management.base import BaseCommand

from privacy.retention import apply


class Command(BaseCommand):
    help = "Anonymise supporters' contact data and messages and delete old payment logs after the retention periods."

    def handle(self, *args, **options):
        counts = apply()
        self.stdout.write(
            f"{counts['contacts']} pledge(s) anonymised, {counts['messages']} message(s) removed, "
            f"{counts['logs']} log entr(y/ies) deleted, {counts['subscriptions']} monthly support(s) and "
            f"{counts['gifts']} gift recipient(s) anonymised."
        )
