from django.core.management.base import BaseCommand

from commons.signals import public_content_changed
from fundraising.collective.beneficiaries import freeze_due, notify_candidates
from fundraising.collective.models import CollectiveCampaignPage


class Command(BaseCommand):
    help = (
        "Freeze the beneficiaries of every live collective campaign that has started (run daily, after midnight), "
        "and tell owners of businesses newly matched by an upcoming campaign's rule."
    )

    def handle(self, *args, **options):
        frozen = freeze_due()
        for page, count in frozen:
            self.stdout.write(f"{page.title}: {count} beneficiaries frozen")
        if frozen:
            public_content_changed.send(sender=None)  # business pages now show "part of: …"
        notified = 0
        for page in CollectiveCampaignPage.objects.live().filter(frozen_at__isnull=True):
            notified += notify_candidates(page)
        self.stdout.write(f"{notified} businesses notified")
