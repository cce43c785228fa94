"""Signal receivers: the match follows fulfilment and refund (fundraising.signals); public pages that show the
match are dropped from the public cache when it changes."""

import logging

from django.db.models.signals import post_delete, post_save

from commons.signals import public_content_changed
from fundraising import signals
from fundraising.payouts.matching import allocate, release
from fundraising.payouts.models import MatchFund

logger = logging.getLogger(__name__)


def on_pledge_paid(sender, pledge, **kwargs):
    try:
        allocation = allocate(pledge, just_paid=True)
    except Exception:
        # The pledge is paid whatever happens here; `manage.py allocate_matches` catches up later.
        logger.exception("Match allocation for pledge %s failed", pledge.pk)
        return
    if allocation is not None:
        invalidate_public_pages()


def on_pledge_refunded(sender, pledge, **kwargs):
    if release(pledge) is not None:
        invalidate_public_pages()


def invalidate_public_pages(**kwargs):
    """Tell the host that public pages changed (commons.signals; the host drops its public-page cache)."""
    public_content_changed.send(sender=__name__)


def connect():
    signals.pledge_paid.connect(on_pledge_paid, dispatch_uid="payouts_match_allocate")
    signals.pledge_refunded.connect(on_pledge_refunded, dispatch_uid="payouts_match_release")
    post_save.connect(invalidate_public_pages, sender=MatchFund, dispatch_uid="payouts_fund_saved")
    post_delete.connect(invalidate_public_pages, sender=MatchFund, dispatch_uid="payouts_fund_deleted")
