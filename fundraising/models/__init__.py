from .campaign import CampaignPage, CampaignState, Reward, RewardKind, RewardStock
from .closure import ClosureChoice, ClosureOffer
from .gift import PledgeGift
from .offline import OFFLINE_METHODS, PaymentMethod
from .pause import CampaignPause
from .pledge import OPEN_STATES, DemoCheckoutSession, Pledge, PledgeState, StripeEvent
from .settings import FundraisingSettings
from .subscription import FINAL_STATES, RUNNING_STATES, Subscription, SubscriptionState
from .totals import CampaignTotals
from .voucher import Redemption, Voucher, VoucherState

__all__ = [
    "OFFLINE_METHODS",
    "FINAL_STATES",
    "OPEN_STATES",
    "RUNNING_STATES",
    "CampaignPage",
    "CampaignPause",
    "CampaignState",
    "CampaignTotals",
    "ClosureChoice",
    "ClosureOffer",
    "DemoCheckoutSession",
    "FundraisingSettings",
    "PaymentMethod",
    "Pledge",
    "PledgeGift",
    "PledgeState",
    "Redemption",
    "Reward",
    "RewardKind",
    "RewardStock",
    "StripeEvent",
    "Subscription",
    "SubscriptionState",
    "Voucher",
    "VoucherState",
]
