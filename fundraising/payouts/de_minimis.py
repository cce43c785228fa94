"""State aid (docs/legal.md; not legal advice): the city's match money is de-minimis aid to the business.

- `aid_per_business()`: what each business received from match funds in the last three years (rolling, counted from
  the allocation date; released allocations do not count) — the export for the city's de-minimis record.
- With `PAYOUTS_REQUIRE_DE_MINIMIS_DECLARATION` on, a business gets match money only after confirming a declaration
  within `PAYOUTS_DE_MINIMIS_VALID_DAYS` (365) before the allocation (owner page `…/de-minimis/`).
"""

import datetime

from django.db.models import Count, Max, Min, Sum
from django.utils import timezone

from fundraising.conf import conf
from fundraising.payouts.models import DeMinimisDeclaration, MatchAllocation

TEXT_VERSION = "2024-1"
YEARS = 3


def required():
    return bool(conf.PAYOUTS_REQUIRE_DE_MINIMIS_DECLARATION)


def valid_days():
    return int(conf.PAYOUTS_DE_MINIMIS_VALID_DAYS)


def window_start(today=None):
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - YEARS, day=28)


def current_declaration(business_id, now=None):
    now = now or timezone.now()
    since = now - datetime.timedelta(days=valid_days())
    return DeMinimisDeclaration.objects.filter(business_id=business_id, confirmed_at__gte=since).first()


def may_receive_match(business_id, now=None):
    return not required() or current_declaration(business_id, now) is not None


def aid_cents(business_id, today=None):
    start = window_start(today)
    return (
        MatchAllocation.objects.filter(
            business_id=business_id, released_at__isnull=True, created_at__date__gte=start
        ).aggregate(total=Sum("amount_cents"))["total"]
        or 0
    )


def aid_per_business(today=None):
    start = window_start(today)
    return list(
        MatchAllocation.objects.filter(released_at__isnull=True, created_at__date__gte=start)
        .values("business_id", "business__title", "business__legal_name", "business__tax_number")
        .annotate(total=Sum("amount_cents"), count=Count("pk"), first=Min("created_at"), last=Max("created_at"))
        .order_by("business__title", "business_id")
    )
