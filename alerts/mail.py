"""The one place where alerts sends mail and counts attempts.

Both are infrastructure another helper is moving into `commons` (issue 15: commons.ratelimit; the plugins refactor:
commons.emails). Until that is on main, alerts imports them here only, so the switch is a change of these lines.
"""

from fundraising.ratelimit import allow, client_ip  # TODO(issue 15): commons.ratelimit
from home.emails import queue_email  # TODO(plugins refactor): commons.emails

__all__ = ["allow", "client_ip", "queue_email"]
