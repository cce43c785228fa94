"""A business closes for good (docs/legal.md): editors or its owner mark it; its campaigns stop taking pledges and
its monthly support ends;
every holder of an open voucher is emailed a secret link to choose, before a deadline, a refund of the remaining
value or an exchange into a city-wide voucher of the same value (when the editors named an exchange campaign).

Every step is one conditional UPDATE: closing twice, deciding twice, or deciding after the deadline changes nothing.
The refund itself is paid by the editors (the offer lists what is owed); `refunded_at` records it.
"""

import datetime
import logging

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Site

from commons.money import format_cents
from directory.models import BusinessPage
from fundraising import subscriptions
from fundraising.models import (
    RUNNING_STATES,
    CampaignPage,
    ClosureChoice,
    ClosureOffer,
    FundraisingSettings,
    Subscription,
    SubscriptionState,
    Voucher,
    VoucherState,
)
from fundraising.notifications import closure_offer_notice
from fundraising.payments.base import GatewayError

logger = logging.getLogger(__name__)


class ClosureError(Exception):
    pass


def _settings():
    site = Site.objects.filter(is_default_site=True).first()
    return FundraisingSettings.for_site(site) if site else FundraisingSettings()


def close_for_good(business, today=None):
    """Mark the business closed for good and make the offers. Returns the number of offers, or None when it was
    closed already (nothing is done twice)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        closed = BusinessPage.objects.filter(pk=business.pk, closed_for_good_at__isnull=True).update(
            closed_for_good_at=timezone.now()
        )
        if not closed:
            return None
        config = _settings()
        deadline = today + datetime.timedelta(days=config.closure_deadline_days)
        exchange = config.closure_exchange_campaign_id is not None
        offers = []
        open_vouchers = Voucher.objects.filter(business_id=business.pk, state=VoucherState.ACTIVE, balance_cents__gt=0)
        for voucher in open_vouchers.select_related("pledge"):
            offer, created = ClosureOffer.objects.get_or_create(
                voucher=voucher,
                defaults={
                    "business_id": business.pk,
                    "remaining_cents": voucher.balance_cents,
                    "deadline": deadline,
                    "exchange_offered": exchange,
                },
            )
            if created:
                offers.append(offer)
        for offer in offers:
            _notify(offer)
        business_id = business.pk
        transaction.on_commit(lambda: end_monthly_support(business_id))
    return len(offers)


def end_monthly_support(business_id):
    """Monthly support of the business's campaigns ends at once, so no further month is charged (the nightly
    `end_monthly_support` ends whatever fails here). Returns the number ended."""
    campaigns = CampaignPage.objects.filter(business_page_id=business_id).values("pk")
    running = Subscription.objects.filter(
        target_id__in=campaigns, state__in=[SubscriptionState.PENDING, *RUNNING_STATES]
    )
    ended = 0
    for subscription in running:
        try:
            ended += subscriptions.cancel(
                subscription, "business closed for good", state=SubscriptionState.ENDED, kind="ended"
            )
        except GatewayError as error:
            logger.error("Monthly support %s of a closed business not ended yet: %s", subscription.pk, error)
    return ended


def _notify(offer):
    closure_offer_notice(offer)


def decide(offer, choice, today=None):
    """Record the holder's choice and carry it out, once, before the deadline. Raises ClosureError with a reason."""
    today = today or timezone.localdate()
    if choice not in ClosureChoice.values:
        raise ClosureError(_("Please choose a refund or an exchange."))
    if choice == ClosureChoice.EXCHANGE and not offer.exchange_offered:
        raise ClosureError(_("An exchange is not offered for this voucher."))
    if offer.choice:
        raise ClosureError(_("You have already chosen. Your choice stands."))
    if today > offer.deadline:
        raise ClosureError(
            _("The deadline for this choice ended on %(date)s. Please contact us.")
            % {"date": offer.deadline.strftime("%d.%m.%Y")}
        )
    with transaction.atomic():
        updated = ClosureOffer.objects.filter(pk=offer.pk, choice="", deadline__gte=today).update(
            choice=choice, decided_at=timezone.now()
        )
        if updated != 1:
            raise ClosureError(_("You have already chosen. Your choice stands."))
        if choice == ClosureChoice.REFUND:
            done = Voucher.objects.filter(pk=offer.voucher_id, state=VoucherState.ACTIVE).update(
                state=VoucherState.VOID, voided_at=timezone.now(), needs_review=True
            )
        else:
            campaign_id = _settings().closure_exchange_campaign_id
            if campaign_id is None:
                raise ClosureError(_("An exchange is not offered for this voucher."))
            # The same voucher, code and balance, now valid city-wide (voucher_one_scope: a business or a scope page).
            done = Voucher.objects.filter(
                pk=offer.voucher_id, business_id=offer.business_id, state=VoucherState.ACTIVE
            ).update(business=None, scope_id=campaign_id)
        if done != 1:
            raise ClosureError(_("This voucher can no longer be changed (it is void or used up)."))
    offer.refresh_from_db()
    return offer


def outstanding_liability(business_ids=None):
    """{business_id: (open vouchers, remaining cents)} of vouchers not void: what the businesses still owe."""
    vouchers = Voucher.objects.filter(state=VoucherState.ACTIVE, business__isnull=False)
    if business_ids is not None:
        vouchers = vouchers.filter(business_id__in=business_ids)
    rows = vouchers.values("business_id").annotate(count=Count("pk"), balance=Sum("balance_cents"))
    return {row["business_id"]: (row["count"], row["balance"] or 0) for row in rows}


def describe(offer):
    return format_cents(offer.remaining_cents, decimals=2)
