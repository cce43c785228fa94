"""Owner screens: start a campaign, see its pledges, end it early; vouchers sold and redeemed; redeem a voucher."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from commons.csv_export import csv_response, euros
from commons.moderation import submit_for_moderation
from commons.money import format_cents, parse_amount_to_cents
from commons.ratelimit import Limit
from directory.ownership import get_owned_business_or_404
from fundraising import pledge_kinds, signals
from fundraising.bookkeeping import bookings_response
from fundraising.codes import format_code, is_valid_code, normalize_code
from fundraising.models import (
    CampaignPage,
    FundraisingSettings,
    Pledge,
    PledgeState,
    Redemption,
    Reward,
    RewardKind,
    Voucher,
    VoucherState,
)
from fundraising.vouchers import RedeemError, check_redeemable, find_for_business
from fundraising.vouchers import redeem as redeem_voucher

# Code look-ups on the redeem screen, per owner account (against guessing codes).
LOOKUPS_PER_USER = Limit("voucher-lookup:user", "30/10m", per=Limit.USER)
VOUCHER_TEMPLATE = [(1000, 1200), (2500, 3000), (5000, 6000)]  # pay, get (cents)


class CampaignStartForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=120)
    story = forms.CharField(
        label=gettext_lazy("Your story"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Why do you need support now? What will you do with the money?"),
    )
    goal_euros = forms.IntegerField(
        label=gettext_lazy("Goal in euros"), min_value=100, max_value=1_000_000, initial=3000
    )
    duration_days = forms.TypedChoiceField(
        label=gettext_lazy("Duration"),
        coerce=int,
        initial=30,
        choices=[(14, gettext_lazy("2 weeks")), (30, gettext_lazy("30 days")), (60, gettext_lazy("60 days"))],
    )
    voucher_rewards = forms.BooleanField(
        label=gettext_lazy("Offer vouchers as thanks (€10 → €12, €25 → €30, €50 → €60)"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Supporters pay now and shop with you later. The editors can adjust the rewards."),
    )


def _business(request, business_pk):
    return get_owned_business_or_404(request.user, business_pk)


def _campaign(business, pk):
    campaign = CampaignPage.objects.child_of(business).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


CAMPAIGN_SLUG = "aktion"  # one fixed word in URLs (glossary: Aktion; never "Spende"), whatever the owner's language


def _unique_slug(business, base):
    slug, n = base, 2
    while business.get_children().filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def open_campaign(business):
    """A campaign that is not over yet (live or waiting for approval): owners run one at a time."""
    today = timezone.localdate()
    return (
        CampaignPage.objects.child_of(business)
        .filter(ended_early_at__isnull=True, end_date__gte=today)
        .order_by("-pk")
        .first()
    )


@login_required
def campaign_start(request, business_pk):
    business = _business(request, business_pk)
    if not business.permissions_for_user(request.user).can_add_subpage():
        raise Http404
    if business.closed_for_good_at:
        messages.error(request, _("Your business is closed for good: it cannot start a campaign."))
        return redirect("fundraising:owner_vouchers", business.pk)
    existing = open_campaign(business)
    if existing:
        messages.info(request, _("Your business already has a campaign."))
        return redirect("fundraising:owner_campaign", business.pk, existing.pk)
    initial = {"title": _("Support %(business)s") % {"business": business.title}}
    form = CampaignStartForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        start = timezone.localdate()
        story = "".join(f"<p>{escape(p.strip())}</p>" for p in data["story"].split("\n") if p.strip())
        rewards = []
        if data["voucher_rewards"]:
            for pay, get in VOUCHER_TEMPLATE:
                rewards.append(
                    Reward(
                        title=_("Voucher worth %(value)s") % {"value": format_cents(get)},
                        description=_("Pay %(pay)s now, shop for %(value)s later.")
                        % {"pay": format_cents(pay), "value": format_cents(get)},
                        min_pledge_cents=pay,
                        kind=RewardKind.VOUCHER,
                        voucher_value_cents=get,
                    )
                )
        campaign = CampaignPage(
            title=data["title"],
            slug=_unique_slug(business, CAMPAIGN_SLUG),
            story=story,
            goal_cents=data["goal_euros"] * 100,
            start_date=start,
            end_date=start + datetime.timedelta(days=data["duration_days"]),
            live=False,
            owner=request.user,
            rewards=rewards,
        )
        business.add_child(instance=campaign)
        submit_for_moderation(campaign, request.user)
        messages.success(
            request, _("Thank you! The editors will check your campaign and publish it, usually within a day.")
        )
        return redirect("fundraising:owner_campaign", business.pk, campaign.pk)
    return TemplateResponse(request, "fundraising/owner/campaign_start.html", {"business": business, "form": form})


def _paid_pledges(campaign):
    return Pledge.objects.filter(campaign=campaign, state=PledgeState.PAID).order_by("-paid_at")


@login_required
def campaign_detail(request, business_pk, pk):
    business = _business(request, business_pk)
    campaign = _campaign(business, pk)
    in_moderation = campaign.workflow_in_progress if hasattr(campaign, "workflow_in_progress") else False
    return TemplateResponse(
        request,
        "fundraising/owner/campaign_detail.html",
        {
            "business": business,
            "campaign": campaign,
            "progress": campaign.progress,
            "pledges": _paid_pledges(campaign).select_related("reward")[:200],
            "in_moderation": in_moderation,
            "offline_allowed": FundraisingSettings.for_request(request).owners_record_offline_pledges,
        },
    )


@login_required
@require_POST
def campaign_end(request, business_pk, pk):
    business = _business(request, business_pk)
    campaign = _campaign(business, pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Please confirm that you want to end the campaign."))
        return redirect("fundraising:owner_campaign", business.pk, campaign.pk)
    updated = CampaignPage.objects.filter(pk=campaign.pk, ended_early_at__isnull=True).update(
        ended_early_at=timezone.now()
    )
    if updated:
        signals.campaign_changed.send(sender=CampaignPage, campaign=campaign)
        messages.success(request, _("The campaign has ended. Thank you for all the support!"))
    return redirect("fundraising:owner_campaign", business.pk, campaign.pk)


@login_required
def pledges_csv(request, business_pk, pk):
    business = _business(request, business_pk)
    campaign = _campaign(business, pk)
    rows = (
        (
            p.paid_at,
            euros(p.amount_cents),
            p.name,
            p.public_name or "",
            p.reward_title,
            str(p.breakdown.short_label),
            euros(p.breakdown.voucher_cents),
            euros(p.breakdown.support_cents),
            p.vat_rate_percent,
            pledge_kinds.kind_label(p),
            p.get_payment_method_display(),
            p.offline_reference,
        )
        for p in pledge_kinds.with_kind(_paid_pledges(campaign))
    )
    header = [
        _("Paid"),
        _("Amount (EUR)"),
        _("Name"),
        _("Public name"),
        _("Reward"),
        _("What the payment is"),
        _("Voucher part (EUR)"),
        _("Support part (EUR)"),
        _("VAT rate (%)"),
        _("Kind"),
        _("Payment method"),
        _("Reference"),
    ]
    return csv_response(f"campaign-{campaign.pk}-pledges.csv", header, rows)


def voucher_totals(business):
    totals = (
        Voucher.objects.filter(business=business)
        .exclude(state=VoucherState.VOID)
        .aggregate(count=Count("pk"), face=Sum("face_value_cents"), balance=Sum("balance_cents"))
    )
    face, balance = totals["face"] or 0, totals["balance"] or 0
    return {"count": totals["count"], "face": face, "redeemed": face - balance, "outstanding": balance}


def masked(code):
    return "••••-••••-" + format_code(code)[-4:]


@login_required
def voucher_overview(request, business_pk):
    business = _business(request, business_pk)
    vouchers = list(Voucher.objects.filter(business=business).order_by("-issued_at")[:300])
    for voucher in vouchers:
        voucher.masked = masked(voucher.code)
    rewards_todo = Pledge.objects.filter(
        business=business, state=PledgeState.PAID, reward_kind=RewardKind.OTHER
    ).order_by("reward_done_at", "-paid_at")[:300]
    redemptions = list(
        Redemption.objects.filter(business=business).select_related("voucher", "user").order_by("-created_at")[:50]
    )
    for redemption in redemptions:
        redemption.masked = masked(redemption.voucher.code)
    return TemplateResponse(
        request,
        "fundraising/owner/vouchers.html",
        {
            "business": business,
            "vouchers": vouchers,
            "totals": voucher_totals(business),
            "rewards_todo": rewards_todo,
            "redemptions": redemptions,
        },
    )


@login_required
def vouchers_csv(request, business_pk):
    business = _business(request, business_pk)
    rows = (
        (
            masked(v.code),
            v.title,
            euros(v.face_value_cents),
            euros(v.balance_cents),
            v.get_state_display(),
            v.issued_at,
            v.valid_until,
            str(v.pledge.breakdown.short_label),
            euros(v.pledge.breakdown.voucher_cents),
            v.pledge.vat_rate_percent,
            v.pledge.get_payment_method_display(),
        )
        for v in Voucher.objects.filter(business=business).select_related("pledge").order_by("issued_at")
    )
    header = [
        _("Code"),
        _("Reward"),
        _("Value (EUR)"),
        _("Balance (EUR)"),
        _("State"),
        _("Issued"),
        _("Valid until"),
        _("What the payment is"),
        _("Price paid (EUR)"),
        _("VAT rate (%)"),
        _("Kind"),
        _("Payment method"),
    ]
    return csv_response(f"vouchers-{business.pk}.csv", header, rows)


@login_required
def bookings_csv(request, business_pk):
    """Every payment to the business, split into voucher and support, DATEV-friendly (fundraising.bookkeeping)."""
    return bookings_response(_business(request, business_pk))


@login_required
@require_POST
def reward_done(request, business_pk, pledge_pk):
    business = _business(request, business_pk)
    pledge = get_object_or_404(Pledge, pk=pledge_pk, business=business, state=PledgeState.PAID)
    Pledge.objects.filter(pk=pledge.pk, reward_done_at__isnull=True).update(reward_done_at=timezone.now())
    messages.success(request, _("Marked as handed over."))
    return redirect("fundraising:owner_vouchers", business.pk)


@login_required
def redeem(request, business_pk):
    """Phone-first: look a code up (typed or scanned), then redeem all or part of the balance."""
    business = _business(request, business_pk)
    context = {"business": business, "code": "", "voucher": None, "error": None, "done": None}
    if request.method == "POST":
        if not LOOKUPS_PER_USER.hit(request):
            context["error"] = _("Too many attempts. Please wait a few minutes and try again.")
            return TemplateResponse(request, "fundraising/owner/redeem.html", context, status=429)
        raw = request.POST.get("code", "")[:40]
        code = normalize_code(raw)
        context["code"] = raw
        if code is None or not is_valid_code(code):
            context["error"] = _("This is not a valid voucher code. Please check it for typos.")
            return TemplateResponse(request, "fundraising/owner/redeem.html", context, status=400)
        voucher = find_for_business(code, business)
        reason = check_redeemable(voucher, business)
        if voucher is not None:
            context["voucher"] = voucher
            context["code"] = voucher.display_code
        if request.POST.get("action") == "redeem" and voucher is not None and reason is None:
            amount = parse_amount_to_cents(request.POST.get("amount", ""))
            try:
                if amount is None:
                    raise RedeemError(_("Enter the amount in euros, e.g. 12,50."))
                redemption = redeem_voucher(voucher.pk, business, amount, request.user)
            except RedeemError as error:
                context["error"] = str(error)
                voucher.refresh_from_db()
                return TemplateResponse(request, "fundraising/owner/redeem.html", context, status=409)
            voucher.refresh_from_db()
            context["done"] = redemption
            return TemplateResponse(request, "fundraising/owner/redeem.html", context)
        if reason:
            context["error"] = reason
            return TemplateResponse(request, "fundraising/owner/redeem.html", context, status=409 if voucher else 404)
    return TemplateResponse(request, "fundraising/owner/redeem.html", context)
