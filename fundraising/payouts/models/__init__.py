from .account import AccountCreation, ConnectedAccount
from .de_minimis import DeMinimisDeclaration
from .match import MatchAllocation, MatchBusinessTotal, MatchFund
from .routing import ManualPayout, PledgeRouting, RoutingMode

__all__ = [
    "AccountCreation",
    "ConnectedAccount",
    "DeMinimisDeclaration",
    "ManualPayout",
    "MatchAllocation",
    "MatchBusinessTotal",
    "MatchFund",
    "PledgeRouting",
    "RoutingMode",
]
