"""The one place where alerts sends mail (the email helper is moving into `commons`: then this line changes)."""

from commons.emails import queue_email

__all__ = ["queue_email"]
