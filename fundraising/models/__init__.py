from .campaign import CampaignPage, CampaignState, Reward, RewardKind, RewardStock
from .closure import ClosureChoice, ClosureOffer
from .pause import CampaignPause
from .pledge import OPEN_STATES, DemoCheckoutSession, Pledge, PledgeState, StripeEvent
from .settings import FundraisingSettings
from .totals import CampaignTotals
from .voucher import Redemption, Voucher, VoucherState

__all__ = [
    "OPEN_STATES",
    "CampaignPage",
    "CampaignPause",
    "CampaignState",
    "CampaignTotals",
    "ClosureChoice",
    "ClosureOffer",
    "DemoCheckoutSession",
    "FundraisingSettings",
    "Pledge",
    "PledgeState",
    "Redemption",
    "Reward",
    "RewardKind",
    "RewardStock",
    "StripeEvent",
    "Voucher",
    "VoucherState",
]
