"""Demo: a business closed for good (issue 20; fundraising.closure), shown through the real service functions.

The business of a demo campaign that has ended is marked closed for good; the holders of its open vouchers get their
offers (mails go nowhere in the demo); one holder exchanges into the city-wide vouchers of the fans' collective
campaign (the exchange campaign in the fundraising settings), one asks for a refund, the rest have not chosen yet.
So the demo shows the closed business, the offer page, the liability report and the covered amount in the collective
campaign's report. Idempotent: nothing happens once a business of the demo is closed for good.
"""

from django.db.models import Count, Q
from django.utils import timezone

from wagtail.models import Site

from directory.models import BusinessPage
from fundraising.closure import close_for_good, decide
from fundraising.models import CampaignPage, ClosureOffer, FundraisingSettings
from fundraising.notifications import muted

from .demo import CLUB_SLUG
from .models import CollectiveCampaignPage, FrozenBeneficiary


def _business_to_close(exchange):
    """The business of an ended demo campaign with the most open vouchers, not itself a beneficiary of the exchange
    campaign (its holders then gain somewhere else to shop)."""
    beneficiaries = FrozenBeneficiary.objects.filter(campaign=exchange).values("business_id")
    campaign = (
        CampaignPage.objects.live()
        .filter(end_date__lt=timezone.localdate(), ended_early_at__isnull=True)
        .exclude(business_page_id__in=beneficiaries)
        .annotate(open_vouchers=Count("pledges__vouchers", filter=Q(pledges__vouchers__state="active")))
        .filter(open_vouchers__gte=2)
        .order_by("-open_vouchers", "pk")
        .first()
    )
    return None if campaign is None else BusinessPage.objects.get(pk=campaign.business_page_id)


def seed(ctx):
    if BusinessPage.objects.filter(closed_for_good_at__isnull=False).exists():
        return
    exchange = CollectiveCampaignPage.objects.filter(slug=CLUB_SLUG, frozen_at__isnull=False).first()
    if exchange is None:
        ctx.log("closure: no started collective campaign to exchange into, skipped")
        return
    config = FundraisingSettings.for_site(Site.objects.get(is_default_site=True))
    if config.closure_exchange_campaign_id is None:
        config.closure_exchange_campaign = exchange
        config.save()
    business = _business_to_close(exchange)
    if business is None:
        ctx.log("closure: no ended campaign with open vouchers, skipped")
        return
    with muted():
        count = close_for_good(business)
        offers = list(ClosureOffer.objects.filter(business=business).order_by("pk")[:2])
        if len(offers) == 2:
            decide(offers[0], "exchange")
            decide(offers[1], "refund")
    ctx.log(f"closure: {business.title} closed for good, {count} voucher holder(s) offered refund or exchange")
