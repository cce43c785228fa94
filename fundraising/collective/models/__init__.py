"""Collective campaigns' models, by subject (re-exported here: `from fundraising.collective.models import …`)."""

from .beneficiaries import FrozenBeneficiary, OptOut, OwnerNotice
from .campaign import (
    MAX_BENEFICIARIES,
    MAX_WEIGHT,
    STORY_FEATURES,
    CollectiveCampaignIndexPage,
    CollectiveCampaignPage,
    CollectiveReward,
    Distribution,
    ListedBusiness,
    local_today,
)
from .payouts import CollectivePayout, PayoutMethod, PayoutState
from .proposals import CampaignProposal, ProposalState

__all__ = [
    "MAX_BENEFICIARIES",
    "MAX_WEIGHT",
    "STORY_FEATURES",
    "CampaignProposal",
    "CollectiveCampaignIndexPage",
    "CollectiveCampaignPage",
    "CollectivePayout",
    "CollectiveReward",
    "Distribution",
    "FrozenBeneficiary",
    "ListedBusiness",
    "OptOut",
    "OwnerNotice",
    "PayoutMethod",
    "PayoutState",
    "ProposalState",
    "local_today",
]
