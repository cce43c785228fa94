from .account import ConnectedAccount
from .match import MatchAllocation, MatchBusinessTotal, MatchFund
from .routing import ManualPayout, PledgeRouting, RoutingMode

__all__ = [
    "ConnectedAccount",
    "ManualPayout",
    "MatchAllocation",
    "MatchBusinessTotal",
    "MatchFund",
    "PledgeRouting",
    "RoutingMode",
]
