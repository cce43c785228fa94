"""Moved to commons.emails. These names stay while some callers move over (fundraising.collective), and so that
email tasks queued before the move (stored by their import path, "home.emails.send_templated_email") still run after
a deploy. New code imports commons.emails."""

from commons.emails import attachment_builder, queue_email, send_templated_email  # noqa: F401
