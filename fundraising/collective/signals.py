"""On publish: freeze a started campaign's beneficiaries, or tell the candidates' owners about an upcoming one."""

from django.utils import timezone

from wagtail.signals import page_published

from .beneficiaries import TooManyBeneficiaries, freeze, notify_candidates
from .models import CollectiveCampaignPage


def on_published(sender, instance, **kwargs):

    page = instance
    if page.frozen_at is not None:
        return
    if page.start_date <= timezone.localdate():
        try:
            freeze(page)
        except TooManyBeneficiaries:
            pass  # logged by freeze_collective_campaigns; editors narrow the rule
    else:
        notify_candidates(page)


def connect():

    page_published.connect(on_published, sender=CollectiveCampaignPage, dispatch_uid="collective-published")
