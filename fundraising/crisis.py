"""The editors' crisis actions for all running campaigns: pause (no pledges anywhere, a notice on every campaign
page), resume, and extend by a number of days — each optionally told to the businesses' owners and to the
supporters (one email per address, in their language).

"Running" = live pages that take pledges (every model with PledgeTargetMixin: business campaigns and, when
installed, collective campaigns) whose period includes today and that were not ended early. An extension is a
new published revision per campaign (the page history shows who extended it); a campaign with unpublished changes
is left out and listed, so nobody's draft is published by accident.
"""

import datetime as dt

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wagtail.models import Page

from directory.models import BusinessOwner
from fundraising import notifications, signals
from fundraising.models import CampaignPage, CampaignPause, Pledge, PledgeState
from fundraising.models.campaign import PledgeTargetMixin


def target_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, PledgeTargetMixin) and issubclass(model, Page) and not model._meta.abstract
    ]


def running_campaigns(today=None):
    today = today or timezone.localdate()
    result = []
    for model in target_models():
        queryset = model.objects.live().filter(start_date__lte=today, end_date__gte=today)
        if any(field.name == "ended_early_at" for field in model._meta.get_fields()):
            queryset = queryset.filter(ended_early_at__isnull=True)
        result.extend(queryset.order_by("end_date", "pk"))
    return result


class PauseError(Exception):
    pass


@transaction.atomic
def pause(user, notice, notice_en=""):
    if CampaignPause.objects.filter(is_open=True).exists():
        raise PauseError("already paused")
    record = CampaignPause.objects.create(notice=notice, notice_en=notice_en, started_by=user)
    CampaignPause.forget()
    transaction.on_commit(_changed)
    return record


@transaction.atomic
def resume(user):
    """End the open pause; returns how long it lasted (whole days, at least 1) or None if none was open."""
    record = CampaignPause.objects.select_for_update().filter(is_open=True).first()
    if record is None:
        return None
    now = timezone.now()
    CampaignPause.objects.filter(pk=record.pk).update(is_open=None, ended_at=now, ended_by=user)
    CampaignPause.forget()
    transaction.on_commit(_changed)
    return max(1, (timezone.localdate(now) - timezone.localdate(record.started_at)).days)


def _changed():
    CampaignPause.forget()
    signals.campaign_changed.send(sender=CampaignPage, campaign=None)


def extend(campaigns, days, user):
    """Move the end date of each campaign by `days`; returns (extended, skipped[(campaign, reason)])."""
    extended, skipped = [], []
    for campaign in campaigns:
        if campaign.has_unpublished_changes:
            skipped.append((campaign, "draft"))
            continue
        campaign.end_date = campaign.end_date + dt.timedelta(days=days)
        try:
            with transaction.atomic():
                revision = campaign.save_revision(user=user, log_action=True)
                revision.publish(user=user)
        except ValidationError:
            skipped.append((campaign, "too_long"))
            continue
        extended.append(campaign)
    if extended:
        transaction.on_commit(_changed)
    return extended, skipped


def owner_emails(campaigns):
    business_ids = [c.business_page_id for c in campaigns if isinstance(c, CampaignPage) and c.business_page_id]
    return sorted(
        set(
            BusinessOwner.objects.filter(business_id__in=business_ids, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def supporter_addresses(campaigns):
    """{email (lower case): language} of everyone with a paid pledge to one of the campaigns."""
    addresses = {}
    for campaign in campaigns:
        rows = (
            Pledge.objects.filter(campaign.pledge_filter(), state=PledgeState.PAID)
            .order_by("pk")
            .values_list("email", "language")
        )
        for email, language in rows:
            addresses.setdefault(email.strip().lower(), language or "de")
    return addresses


def tell(action, campaigns, notice, notice_en="", days=0, owners=True, supporters=True):
    """Queue the notice emails; returns (owners told, supporters told)."""
    owner_list = owner_emails(campaigns) if owners else []
    supporter_map = supporter_addresses(campaigns) if supporters else {}
    for email in owner_list:
        notifications.crisis_notice(email, "de", action, notice, notice_en, days, role="owner")
    for email, language in supporter_map.items():
        notifications.crisis_notice(email, language, action, notice, notice_en, days, role="supporter")
    return len(owner_list), len(supporter_map)
