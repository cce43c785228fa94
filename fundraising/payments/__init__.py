"""Payment gateways. One interface (PaymentGateway); Stripe for real money, the demo gateway without keys.

Views and the webhook only ever call `get_gateway()`; tests install a Stripe gateway with a fake HTTP client
through `use_gateway()`.
"""

import contextlib

from fundraising.conf import conf

from .demo_gateway import DemoGateway
from .stripe_gateway import StripeGateway

_override = None


def get_gateway():
    if _override is not None:
        return _override
    if conf.PAYMENTS_DEMO_MODE:
        return DemoGateway()

    return StripeGateway()


@contextlib.contextmanager
def use_gateway(gateway):
    global _override
    previous, _override = _override, gateway
    try:
        yield gateway
    finally:
        _override = previous
