"""End monthly support whose campaign ended (or went offline) or whose business closed for good.

Cancels the subscription at the payment provider, marks it "ended" and emails the supporter a notice with the
manage link. Safe to run twice. Schedule it daily, e.g. cron `30 0 * * * manage.py end_monthly_support`
(docs/operations.md).
"""

from django.core.management.base import BaseCommand

from fundraising.subscriptions import end_finished


class Command(BaseCommand):
    help = "End monthly support of campaigns that ended or businesses that closed for good (daily)."

    def handle(self, *args, **options):
        ended = end_finished()
        for pk, reason in ended:
            self.stdout.write(f"monthly support #{pk} ended: {reason}")
        self.stdout.write(f"{len(ended)} monthly support(s) ended.")
