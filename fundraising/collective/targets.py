"""Collective campaigns as a pledge target type (registered in wagtail_hooks.py): a pledge supports the campaign
page (`Pledge.target`, no business); a city-wide voucher has the campaign as its scope and is valid in every frozen
beneficiary of it."""

from django.utils import timezone

from fundraising.targets import PledgeTargetType

from .beneficiaries import freeze
from .models import CollectiveCampaignPage, CollectiveReward, FrozenBeneficiary


class CollectiveTargetType(PledgeTargetType):
    model = CollectiveCampaignPage
    scoped_vouchers = True
    reward_model = CollectiveReward

    def ensure_ready(self, page, today=None):
        """Freeze on the first visit or pledge after the start, should the nightly command not have run yet."""
        today = today or timezone.localdate()
        if page.live and not page.is_frozen and page.start_date <= today:
            freeze(page)
            page.refresh_from_db(fields=["frozen_at"])

    def page_context(self, page, request):
        return {"ledger": page.page_ledger}

    def beneficiary_ids(self, page):
        return list(FrozenBeneficiary.objects.filter(campaign_id=page.pk).values_list("business_id", flat=True))

    def voucher_scope_ids(self, business):
        return FrozenBeneficiary.objects.filter(business=business).values("campaign_id")
