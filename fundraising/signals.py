"""Signals other apps listen to (e.g. the public cache), so they never need to import fundraising internals."""

from django.dispatch import Signal

# Sent after a pledge became paid (inside the fulfilment transaction's on_commit). Arguments: pledge.
pledge_paid = Signal()
# Sent after a paid pledge was refunded or lost a dispute. Arguments: pledge.
pledge_refunded = Signal()
# Sent after a campaign changed outside publishing (e.g. the owner ended it early). Arguments: campaign.
campaign_changed = Signal()
