from .account import AccountCreation, ConnectedAccount
from .match import MatchAllocation, MatchBusinessTotal, MatchFund
from .routing import ManualPayout, PledgeRouting, RoutingMode

__all__ = [
    "AccountCreation",
    "ConnectedAccount",
    "ManualPayout",
    "MatchAllocation",
    "MatchBusinessTotal",
    "MatchFund",
    "PledgeRouting",
    "RoutingMode",
]
