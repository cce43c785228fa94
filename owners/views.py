"""The owner dashboard "Mein Unternehmen": registration, editing, quick updates, preview, co-owners."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms.utils import ErrorDict, ErrorList
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wagtail import hooks

from commons.emails import queue_email
from commons.ratelimit import Limit
from directory import freshness as directory_freshness
from directory.models import BusinessOwner

from . import services
from .forms import (
    BusinessProfileForm,
    InvitationForm,
    QuickUpdateForm,
    RegularHoursFormSet,
    TemporaryHoursFormSet,
    formset_rows,
    week_slots,
    week_slots_after_action,
)
from .groups import grant_ownership, revoke_ownership
from .location import map_config
from .models import Invitation, OwnerProfile, hash_token
from .notifications import localized_url, notify_user
from .permissions import get_owned_business_or_404, owned_businesses, user_is_verified

INVITATIONS_PER_USER = Limit("invite:user", "10/h", per=Limit.USER)


def verified_owner_required(view):
    """Logged in with a verified email address; others see how to verify (no owner rights before that)."""

    @wraps(view)
    @login_required
    @never_cache
    def wrapper(request, *args, **kwargs):
        if not user_is_verified(request.user):
            return render(request, "owners/verify_first.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def hook_menu_items(request):
    items = []
    for fn in hooks.get_hooks("owner_dashboard_menu_items"):
        items.extend(fn(request) or [])
    return items


def hook_business_panels(request, business):
    panels = [fn(request, business) for fn in hooks.get_hooks("owner_dashboard_business_panels")]
    return mark_safe("".join(str(panel) for panel in panels if panel))  # noqa: S308 - hooks return rendered, safe HTML


def dashboard_context(request, **extra):
    return {"menu_items": hook_menu_items(request), **extra}


@verified_owner_required
def dashboard(request):
    businesses = [(b, services.business_status(b)) for b in owned_businesses(request.user)]
    return render(request, "owners/dashboard.html", dashboard_context(request, businesses=businesses))


def _hours_formsets(data=None, regular=None, temporary=None):
    """The week grid (each day's intervals plus an empty slot) and the temporary periods."""
    return (
        RegularHoursFormSet(data, prefix="regular", initial=None if data is not None else week_slots(regular or [])),
        TemporaryHoursFormSet(data, prefix="temporary", initial=temporary),
    )


def _hours_button_pressed(request):
    """Without JavaScript, "add a period" and "copy to Monday–Friday" submit the form. They save nothing: the
    form comes back with the changed week grid and everything else as typed (a chosen photo must be chosen again)."""
    slots = week_slots_after_action(request.POST)
    if slots is None:
        return None
    form = BusinessProfileForm(request.POST)
    regular = RegularHoursFormSet(prefix="regular", initial=slots)
    temporary = TemporaryHoursFormSet(request.POST, prefix="temporary")
    # Shown as typed but not checked yet: the owner is still filling the form in, errors come with "save".
    for unchecked in [form, *temporary.forms]:
        unchecked._errors = ErrorDict()
    temporary._errors, temporary._non_form_errors = [f._errors for f in temporary.forms], ErrorList()
    if request.FILES:
        messages.info(request, _("Please choose your photo or logo again before saving."))
    return form, regular, temporary


def _remember_language(user):
    profile = OwnerProfile.for_user(user)
    language = (translation.get_language() or "de")[:2]
    if profile.language != language:
        profile.language = language
        profile.save(update_fields=["language"])


@verified_owner_required
def register(request):
    try:
        services.directory_index()
    except services.DirectoryMissing:
        return render(request, "owners/directory_missing.html", dashboard_context(request), status=503)
    pressed = _hours_button_pressed(request) if request.method == "POST" else None
    if pressed:
        form, regular, temporary = pressed
    elif request.method == "POST":
        form = BusinessProfileForm(request.POST, request.FILES)
        regular, temporary = _hours_formsets(request.POST)
        if form.is_valid() and regular.is_valid() and temporary.is_valid():
            duplicate = (
                owned_businesses(request.user)
                .filter(title__iexact=form.cleaned_data["title"], live=False)
                .order_by("-pk")
                .first()
            )
            if duplicate is not None:
                # A double submit (or a second try): the first registration counts.
                messages.info(
                    request,
                    _("You have already registered “%(title)s”; it is with the editors.") % {"title": duplicate.title},
                )
                return redirect("owners:business", pk=duplicate.pk)
            _remember_language(request.user)
            page = services.register_business(request.user, form, regular.rows(), formset_rows(temporary))
            directory_freshness.confirm(page.pk, request.user)
            messages.success(
                request, _("Thank you! “%(title)s” has been sent to the editors for review.") % {"title": page.title}
            )
            return redirect("owners:business", pk=page.pk)
        messages.error(request, _("Please correct the marked fields."))
    else:
        form = BusinessProfileForm()
        regular, temporary = _hours_formsets()
    return render(
        request,
        "owners/business_form.html",
        dashboard_context(
            request, form=form, regular=regular, temporary=temporary, is_new=True, map_config=map_config()
        ),
    )


@verified_owner_required
def business(request, pk):
    page = get_owned_business_or_404(request.user, pk)
    today = timezone.localdate()
    current = services.editable_copy(page)
    context = dashboard_context(
        request,
        business=page,
        status=services.business_status(page),
        quick_form=QuickUpdateForm(initial=services.quick_initial(page if page.live else current, today)),
        week=services.week_plan(page if page.live else current, today),
        invitation_form=InvitationForm(),
        co_owners=BusinessOwner.objects.filter(business=page).select_related("user").order_by("created_at"),
        open_invitations=Invitation.objects.filter(
            business=page, accepted_at__isnull=True, expires_at__gt=timezone.now()
        ),
        panels=hook_business_panels(request, page),
        freshness=directory_freshness.page_freshness(page),
    )
    return render(request, "owners/business.html", context)


@verified_owner_required
def edit(request, pk):
    page = get_owned_business_or_404(request.user, pk)
    current = services.editable_copy(page)
    pressed = _hours_button_pressed(request) if request.method == "POST" else None
    if pressed:
        form, regular, temporary = pressed
        form.note_formatting(current)
    elif request.method == "POST":
        form = BusinessProfileForm(request.POST, request.FILES)
        form.note_formatting(current)
        regular, temporary = _hours_formsets(request.POST)
        if form.is_valid() and regular.is_valid() and temporary.is_valid():
            _remember_language(request.user)
            revision = services.edit_business(page, request.user, form, regular.rows(), formset_rows(temporary))
            directory_freshness.confirm(page.pk, request.user)
            page.refresh_from_db()
            if page.live and page.live_revision_id == revision.pk:
                messages.success(request, _("Your changes are live."))
            else:
                messages.success(request, _("Your changes have been sent to the editors for review."))
            return redirect("owners:business", pk=page.pk)
        messages.error(request, _("Please correct the marked fields."))
    else:
        form = BusinessProfileForm(initial=BusinessProfileForm.initial_from_page(current))
        form.note_formatting(current)
        regular_initial, temporary_initial = services.hours_initial(current)
        regular, temporary = _hours_formsets(regular=regular_initial, temporary=temporary_initial)
    return render(
        request,
        "owners/business_form.html",
        dashboard_context(
            request,
            form=form,
            regular=regular,
            temporary=temporary,
            business=page,
            is_new=False,
            map_config=map_config(),
        ),
    )


@verified_owner_required
@require_POST
def quick_update(request, pk):
    page = get_owned_business_or_404(request.user, pk)
    form = QuickUpdateForm(request.POST)
    if form.is_valid():
        services.quick_update(page, request.user, services.quick_mutation(form.cleaned_data, timezone.localdate()))
        directory_freshness.confirm(page.pk, request.user)
        if page.live:
            messages.success(request, _("Saved. The change is visible on your page now."))
        else:
            messages.success(request, _("Saved. It will be visible once your page is approved."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("owners:business", pk=page.pk)


@verified_owner_required
@require_POST
def confirm(request, pk):
    """ "Everything is still right": records the confirmation without an edit or moderation."""
    page = get_owned_business_or_404(request.user, pk)
    directory_freshness.confirm(page.pk, request.user)
    messages.success(request, _("Thank you! Your listing is marked as up to date."))
    return redirect("owners:business", pk=page.pk)


@verified_owner_required
def preview(request, pk):
    """The newest version (pending revision included), only for the page's owners; never cached or indexed."""
    page = get_owned_business_or_404(request.user, pk)
    draft = services.editable_copy(page)
    try:
        response = draft.make_preview_request(request, draft.default_preview_mode)
        if hasattr(response, "render"):
            response.render()
    except TemplateDoesNotExist:
        response = render(request, "owners/preview_fallback.html", {"page": draft, "business": page})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


@verified_owner_required
@require_POST
def invite(request, pk):
    page = get_owned_business_or_404(request.user, pk)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("email", []):
            messages.error(request, error)
        return redirect("owners:business", pk=page.pk)
    email = form.cleaned_data["email"].strip().lower()
    if not INVITATIONS_PER_USER.hit(request):
        messages.error(request, _("You have sent many invitations in a short time. Please try again later."))
        return redirect("owners:business", pk=page.pk)
    if BusinessOwner.objects.filter(business=page, user__email__iexact=email).exists():
        messages.info(request, _("This person is already an owner."))
        return redirect("owners:business", pk=page.pk)
    if Invitation.objects.filter(
        business=page, email__iexact=email, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).exists():
        messages.info(request, _("An invitation to this address is still open."))
        return redirect("owners:business", pk=page.pk)
    with transaction.atomic():
        invitation, token = Invitation.create(page, email, request.user)
        language = (translation.get_language() or "de")[:2]
        queue_email(
            "owners/emails/invitation",
            [email],
            {
                "title": page.title,
                "inviter": request.user.email,
                "accept_url": localized_url("owners:accept_invitation", language, token=token),
                "expires": timezone.localtime(invitation.expires_at).strftime("%d.%m.%Y %H:%M"),
            },
            language,
        )
    messages.success(request, _("Invitation sent to %(email)s.") % {"email": email})
    return redirect("owners:business", pk=page.pk)


@login_required
@never_cache
def accept_invitation(request, token):
    invitation = Invitation.objects.select_related("business").filter(token_hash=hash_token(token)).first()
    problem = None
    if invitation is None:
        problem = _("This invitation link is not valid.")
    elif invitation.accepted_at is not None:
        problem = _("This invitation has already been used.")
    elif invitation.is_expired:
        problem = _("This invitation has expired. Please ask for a new one.")
    elif not user_is_verified(request.user):
        return render(request, "owners/verify_first.html", status=403)
    elif not request.user.emailaddress_set.filter(email__iexact=invitation.email, verified=True).exists():
        problem = _(
            "This invitation was sent to another email address. Log in with that address (or add and verify it "
            "in your account) to accept it."
        )
    if problem:
        return render(
            request, "owners/invitation_problem.html", {"problem": problem}, status=410 if invitation else 404
        )
    if request.method == "POST":
        with transaction.atomic():
            if not invitation.consume(request.user):
                return render(
                    request,
                    "owners/invitation_problem.html",
                    {"problem": _("This invitation has already been used.")},
                    status=410,
                )
            grant_ownership(invitation.business.specific, request.user)
        messages.success(request, _("You are now an owner of “%(title)s”.") % {"title": invitation.business.title})
        return redirect("owners:business", pk=invitation.business_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(request, "owners/invitation_accept.html", {"invitation": invitation})


@verified_owner_required
def leave(request, pk):
    page = get_owned_business_or_404(request.user, pk)
    is_last = BusinessOwner.objects.filter(business=page).count() <= 1
    if request.method == "POST":
        if is_last:
            messages.error(
                request,
                _("You are the only owner. Invite someone else first, or ask the editors to take the page over."),
            )
            return redirect("owners:business", pk=page.pk)
        revoke_ownership(page, request.user)
        for owner in services.owner_users_of_page(page):
            notify_user(owner, "owner_left", {"title": page.title, "email": request.user.email})
        messages.success(request, _("You are no longer an owner of “%(title)s”.") % {"title": page.title})
        return redirect("owners:dashboard")
    return render(request, "owners/leave.html", dashboard_context(request, business=page, is_last=is_last))
