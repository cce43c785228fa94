"""The initiator's pages: start a campaign, edit the draft, see one's campaigns."""

import uuid

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from commons.moderation import submit_for_moderation
from directory.ownership import user_is_verified

from ..models import (
    MAX_BENEFICIARIES,
    CollectiveCampaignIndexPage,
    CollectiveCampaignPage,
)
from .drafts import (
    apply_form,
    campaign_status,
    index_page,
    mute_admin_emails,
    pending_count,
    unique_slug,
)
from .form import (
    CollectiveStartForm,
)
from .rules import (
    DUPLICATE_WINDOW,
    EDITS_PER_USER,
    MAX_ID,
    MAX_PENDING_PER_USER,
    STARTS_PER_USER,
)


def _problem(request, text, status, template="collective/start.html"):
    return TemplateResponse(request, template, {"problem": text}, status=status)


def _recent_duplicate(user, title):
    since = timezone.now() - DUPLICATE_WINDOW
    return (
        CollectiveCampaignPage.objects.filter(initiator=user, title=title, live=False, first_published_at=None)
        .filter(latest_revision_created_at__gte=since)
        .order_by("-pk")
        .first()
    )


def _search_form(request, **kwargs):
    """The form as the visitor filled it in, without validating it (the "search/preview" button)."""
    initial = {
        name: request.POST.getlist(name)
        if name in ("rule_categories", "rule_districts", "businesses")
        else request.POST.get(name, "")
        for name in CollectiveStartForm.base_fields
        if name not in ("image", "club_logo")
    }
    return CollectiveStartForm(initial=initial, **kwargs)


def _context(form, **extra):
    return {"form": form, "preview_count": form.preview_count(), "max_beneficiaries": MAX_BENEFICIARIES, **extra}


# --- views ---------------------------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def start(request):

    index = index_page()
    if not user_is_verified(request.user):
        return _problem(request, _("Please confirm your email address first. We have sent you a link."), 403)
    if request.method == "POST" and request.POST.get("action") == "search":
        return TemplateResponse(request, "collective/start.html", _context(_search_form(request)))
    if request.method == "GET":
        form = CollectiveStartForm(initial={"token": uuid.uuid4().hex, "q": request.GET.get("q", "")[:80]})
        return TemplateResponse(request, "collective/start.html", _context(form))

    if pending_count(request.user) >= MAX_PENDING_PER_USER:
        return _problem(
            request,
            _("You have %(count)s campaigns waiting for the editors. Please wait until they have checked them.")
            % {"count": MAX_PENDING_PER_USER},
            429,
        )
    if not STARTS_PER_USER.hit(request):
        return _problem(request, _("Too many attempts. Please try again in an hour."), 429)
    form = CollectiveStartForm(request.POST, request.FILES)
    if not form.is_valid():
        return TemplateResponse(request, "collective/start.html", _context(form), status=400)
    data = form.cleaned_data
    token_key = f"collective:start:{request.user.pk}:{data['token'][:64]}" if data["token"] else None
    with transaction.atomic():
        # One start at a time per user: lock the user's row, then look for the same campaign sent twice.
        get_user_model().objects.select_for_update().filter(pk=request.user.pk).first()
        duplicate = _recent_duplicate(request.user, data["title"])
        if duplicate is None and token_key and cache.get(token_key):  # this very form was sent before
            duplicate = CollectiveCampaignPage.objects.filter(pk=cache.get(token_key), initiator=request.user).first()
        if duplicate is not None:
            messages.info(request, _("We already have this campaign; it was sent only once."))
            return redirect(reverse("collective:mine"))
        page = CollectiveCampaignPage(
            slug=unique_slug(index, data["title"]), live=False, owner=request.user, initiator=request.user
        )
        apply_form(page, form, request.user)
        index.add_child(instance=page)
        mute_admin_emails(request.user)
        submit_for_moderation(page, request.user)
        if token_key:  # remembered only once the page exists (a failed send may be repeated)
            transaction.on_commit(
                lambda: cache.set(token_key, page.pk, int(DUPLICATE_WINDOW.total_seconds())), robust=True
            )
    messages.success(
        request,
        _("Thank you! The editors will check your campaign and publish it, usually within a few days."),
    )
    return redirect(reverse("collective:mine"))


def _own_campaign(user, pk):
    if pk > MAX_ID:
        raise Http404
    page = CollectiveCampaignPage.objects.filter(pk=pk, initiator=user).first()
    if page is None:
        raise Http404
    return page


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):

    if not user_is_verified(request.user):
        return _problem(request, _("Please confirm your email address first. We have sent you a link."), 403)
    page = _own_campaign(request.user, pk)
    status = campaign_status(page)
    if not status["editable"]:
        return TemplateResponse(request, "collective/start.html", {"locked": page, "status": status}, status=409)
    draft = page.get_latest_revision_as_object()
    form_kwargs = {
        "keep_start": draft.start_date,
        "has_image": bool(draft.image_id),
        "has_logo": bool(draft.club_logo_id),
    }
    context = {"editing": page, "status": status}
    if request.method == "POST" and request.POST.get("action") == "search":
        return TemplateResponse(
            request, "collective/start.html", _context(_search_form(request, **form_kwargs), **context)
        )
    if request.method == "GET":
        form = CollectiveStartForm(initial=CollectiveStartForm.initial_from_page(draft), **form_kwargs)
        return TemplateResponse(request, "collective/start.html", _context(form, **context))
    if not EDITS_PER_USER.hit(request):
        return _problem(request, _("Too many attempts. Please try again in an hour."), 429)
    form = CollectiveStartForm(request.POST, request.FILES, **form_kwargs)
    if not form.is_valid():
        return TemplateResponse(request, "collective/start.html", _context(form, **context), status=400)
    with transaction.atomic():
        locked = CollectiveCampaignPage.objects.select_for_update().get(pk=page.pk)
        if locked.live or locked.first_published_at is not None:  # approved meanwhile
            return TemplateResponse(
                request, "collective/start.html", {"locked": locked, "status": campaign_status(locked)}, status=409
            )
        draft = locked.get_latest_revision_as_object()
        apply_form(draft, form, request.user)
        submit_for_moderation(draft, request.user)
    messages.success(request, _("Thank you! Your changes have been sent to the editors."))
    return redirect(reverse("collective:mine"))


@never_cache
@login_required
@require_http_methods(["GET"])
def mine(request):
    campaigns = list(CollectiveCampaignPage.objects.filter(initiator=request.user).order_by("-pk"))
    rows = []
    for page in campaigns:
        latest = page.get_latest_revision_as_object() if not page.live else page
        rows.append({"page": page, "title": latest.title, "status": campaign_status(page), "latest": latest})
    return TemplateResponse(
        request,
        "collective/mine.html",
        {
            "rows": rows,
            "verified": user_is_verified(request.user),
            "index": CollectiveCampaignIndexPage.objects.first(),
        },
    )
