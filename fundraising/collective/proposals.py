"""Citizens stand up for their favourite business: a proposal that only an owner of the business can accept.

Accepting creates the business's campaign exactly as the owner's own "start a campaign" does (owned by the
accepting owner, moderated by the editors); the initiator is only credited, never given any right.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _

from commons.emails import queue_email
from commons.moderation import submit_for_moderation
from commons.money import format_cents
from directory.models import BusinessOwner
from fundraising.models import CampaignPage, Reward, RewardKind
from fundraising.owner_links import absolute, owner_business_url
from fundraising.views.owner import VOUCHER_TEMPLATE, CampaignStartForm, open_campaign

from .models import CampaignProposal, ProposalState

MAX_PENDING_PER_USER = 3


class ProposalForm(CampaignStartForm):
    voucher_rewards = None  # the owner decides about rewards; accepted campaigns get the standard vouchers


def has_open_campaign(business):
    return open_campaign(business) is not None


def notify_owners(proposal):
    emails = list(
        BusinessOwner.objects.filter(business_id=proposal.business_id)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if emails:
        queue_email(
            "collective/email/proposal",
            emails,
            {
                "business_name": proposal.business.title,
                "title": proposal.title,
                "dashboard_url": absolute(owner_business_url(proposal.business)),
            },
        )
    return len(emails)


def _unique_slug(business, base):
    slug, n = base, 2
    while business.get_children().filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def accept(proposal, owner):
    """pending -> accepted once (conditional UPDATE); creates the campaign and submits it for moderation."""

    business = proposal.business
    with transaction.atomic():
        updated = CampaignProposal.objects.filter(pk=proposal.pk, state=ProposalState.PENDING).update(
            state=ProposalState.ACCEPTED, decided_at=timezone.now(), decided_by=owner
        )
        if updated != 1:
            return None
        start = timezone.localdate()
        story = "".join(f"<p>{escape(p.strip())}</p>" for p in proposal.story.split("\n") if p.strip())
        rewards = [
            Reward(
                title=_("Voucher worth %(value)s") % {"value": format_cents(get)},
                description=_("Pay %(pay)s now, shop for %(value)s later.")
                % {"pay": format_cents(pay), "value": format_cents(get)},
                min_pledge_cents=pay,
                kind=RewardKind.VOUCHER,
                voucher_value_cents=get,
            )
            for pay, get in VOUCHER_TEMPLATE
        ]
        campaign = CampaignPage(
            title=proposal.title,
            slug=_unique_slug(business, slugify(_("campaign")) or "campaign"),
            story=story,
            goal_cents=proposal.goal_cents,
            start_date=start,
            end_date=start + datetime.timedelta(days=proposal.duration_days),
            live=False,
            owner=owner,
            rewards=rewards,
        )
        business.add_child(instance=campaign)
        submit_for_moderation(campaign, owner)
        CampaignProposal.objects.filter(pk=proposal.pk).update(campaign=campaign)
        _tell_initiator(proposal, accepted=True)
    return campaign


def decline(proposal, owner):
    with transaction.atomic():
        updated = CampaignProposal.objects.filter(pk=proposal.pk, state=ProposalState.PENDING).update(
            state=ProposalState.DECLINED, decided_at=timezone.now(), decided_by=owner
        )
        if updated == 1:
            _tell_initiator(proposal, accepted=False)
    return updated == 1


def _tell_initiator(proposal, accepted):
    if proposal.initiator.email:
        queue_email(
            "collective/email/proposal_decided",
            [proposal.initiator.email],
            {"business_name": proposal.business.title, "title": proposal.title, "accepted": accepted},
        )
