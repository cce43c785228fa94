"""Who benefits from a collective campaign: resolving the fixed list and the rule, freezing, notifying owners.

Before the start the list is a preview (businesses may still opt out, the rule may still match new ones). At the
start `freeze()` writes it once into FrozenBeneficiary; from then on nothing changes the distribution.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commons.emails import queue_email
from directory.models import BusinessOwner, BusinessPage

from .models import (
    MAX_BENEFICIARIES,
    CollectiveCampaignPage,
    Distribution,
    FrozenBeneficiary,
    OptOut,
    OwnerNotice,
)

logger = logging.getLogger(__name__)


class TooManyBeneficiaries(Exception):
    pass


def candidate_weights(page, include_opted_out=False):
    """{business_id: weight} of the live businesses the campaign would include now.

    The fixed list plus every live business matching the rule (all chosen categories — any of them — and
    districts; with both, a business must match both). A listed business keeps its weight; rule matches count 1.
    """
    weights = {}
    listed = [(row.business_id, row.weight) for row in page.listed_businesses.all()]
    live_ids = set(BusinessPage.objects.live().filter(pk__in=[pk for pk, _w in listed]).values_list("pk", flat=True))
    for business_id, weight in listed:
        if business_id in live_ids:
            weights[business_id] = max(weights.get(business_id, 0), weight or 1)
    category_ids = [c.pk for c in page.rule_category_list]
    district_ids = [d.pk for d in page.rule_districts.all()]
    if category_ids or district_ids:
        matches = BusinessPage.objects.live()
        if category_ids:
            matches = matches.filter(categories__in=category_ids)
        if district_ids:
            matches = matches.filter(district_id__in=district_ids)
        for business_id in matches.values_list("pk", flat=True).distinct():
            weights.setdefault(business_id, 1)
    if not include_opted_out and page.pk:
        for business_id in OptOut.objects.filter(campaign_id=page.pk).values_list("business_id", flat=True):
            weights.pop(business_id, None)
    return weights


def freeze(page, now=None):
    """Write the final beneficiaries once. Returns the number frozen, or None if the campaign was frozen before.

    The campaign row is locked, so two parallel runs (command + publish) freeze once.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = CollectiveCampaignPage.objects.select_for_update().filter(pk=page.pk).first()
        if locked is None or locked.frozen_at is not None:
            return None
        weights = candidate_weights(locked)
        if len(weights) > MAX_BENEFICIARIES:
            raise TooManyBeneficiaries(f"{len(weights)} beneficiaries (at most {MAX_BENEFICIARIES})")
        names = dict(BusinessPage.objects.filter(pk__in=weights).values_list("pk", "title"))
        FrozenBeneficiary.objects.bulk_create(
            [
                FrozenBeneficiary(campaign=locked, business_id=pk, business_name=names[pk][:255], weight=weight)
                for pk, weight in sorted(weights.items())
            ]
        )
        CollectiveCampaignPage.objects.filter(pk=page.pk).update(frozen_at=now)
        page.frozen_at = now
    logger.info("Collective campaign %s: %s beneficiaries frozen", page.pk, len(weights))
    return len(weights)


def freeze_due(today=None):
    """Freeze every live campaign that has started. Returns [(page, count)]."""
    today = today or timezone.localdate()
    done = []
    for page in CollectiveCampaignPage.objects.live().filter(frozen_at__isnull=True, start_date__lte=today):
        try:
            count = freeze(page)
        except TooManyBeneficiaries as error:
            logger.error("Collective campaign %s not frozen: %s", page.pk, error)
            continue
        if count is not None:
            done.append((page, count))
    return done


def notify_candidates(page):
    """Tell the owners of every candidate business (once per business) that it is included and how to opt out."""
    if page.frozen_at is not None:
        return 0
    weights = candidate_weights(page)
    already = set(OwnerNotice.objects.filter(campaign_id=page.pk).values_list("business_id", flat=True))
    todo = [pk for pk in sorted(weights) if pk not in already]
    if not todo:
        return 0
    owners = {}
    for business_id, email in BusinessOwner.objects.filter(business_id__in=todo).values_list(
        "business_id", "user__email"
    ):
        if email:
            owners.setdefault(business_id, []).append(email)
    names = dict(BusinessPage.objects.filter(pk__in=todo).values_list("pk", "title"))
    base = settings.BASE_URL.rstrip("/")
    sent = 0
    for business_id in todo:
        OwnerNotice.objects.get_or_create(campaign_id=page.pk, business_id=business_id)
        if business_id not in owners:
            continue
        context = {
            "campaign_title": page.title,
            "business_name": names.get(business_id, ""),
            "start_date": page.start_date.strftime("%d.%m.%Y"),  # JSON-serialisable for the task queue
            "campaign_url": base + page.url if page.url else base,
            "opt_out_url": base + reverse("collective:opt_out", args=[page.pk, business_id]),
        }
        queue_email("collective/email/included", owners[business_id], context)
        sent += 1
    return sent


def beneficiary_rows(page):
    """[(business_id, name, weight)] — the frozen list, or (before the start) the current preview."""
    if page.frozen_at is not None:
        return list(
            FrozenBeneficiary.objects.filter(campaign=page)
            .order_by("business_name", "business_id")
            .values_list("business_id", "business_name", "weight")
        )
    weights = candidate_weights(page)
    names = dict(BusinessPage.objects.filter(pk__in=weights).values_list("pk", "title"))
    return sorted(((pk, names[pk], weight) for pk, weight in weights.items()), key=lambda row: (row[1], row[0]))


def distribution_weights(page, rows):
    if page.distribution == Distribution.WEIGHTED:
        return [(pk, weight) for pk, _name, weight in rows]
    return [(pk, 1) for pk, _name, _weight in rows]
