"""Collective campaigns as a pledge target type (registered in wagtail_hooks.py): a pledge supports the campaign
page (`Pledge.target`, no business); a city-wide voucher has the campaign as its scope and is valid in every frozen
beneficiary of it."""

from fundraising.targets import PledgeTargetType

from .models import CollectiveCampaignPage, FrozenBeneficiary


class CollectiveTargetType(PledgeTargetType):
    model = CollectiveCampaignPage

    def beneficiary_ids(self, page):
        return list(FrozenBeneficiary.objects.filter(campaign_id=page.pk).values_list("business_id", flat=True))

    def voucher_scope_ids(self, business):
        return FrozenBeneficiary.objects.filter(business=business).values("campaign_id")
