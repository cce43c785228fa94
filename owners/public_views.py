"""Pages for citizens and would-be owners: claim a listing, suggest a favourite business."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from commons.ratelimit import Limit
from directory import freshness as directory_freshness
from directory.models import BusinessOwner, BusinessPage

from . import claim_letters, freshness
from .forms import ClaimForm, SuggestionForm
from .location import map_config
from .models import Claim, Status, Suggestion, SuggestionStatus
from .notifications import absolute, notify_editors, notify_user, page_context
from .permissions import user_is_verified

SUGGESTIONS_PER_ADDRESS = Limit("suggest:address", "5/h")


@login_required
@never_cache
def claim(request, page_id):
    try:
        business = BusinessPage.objects.live().get(pk=page_id)
    except (BusinessPage.DoesNotExist, ValueError):
        raise Http404
    if not user_is_verified(request.user):
        return render(request, "owners/verify_first.html", status=403)
    if BusinessOwner.objects.filter(business=business).exists():
        return render(request, "owners/claim_has_owner.html", {"business": business}, status=409)
    pending = Claim.objects.filter(business=business, user=request.user, status=Status.PENDING).first()
    if pending:
        return render(request, "owners/claim_sent.html", {"business": business, "claim": pending})
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        claim = form.save(commit=False)
        claim.business = business
        claim.user = request.user
        try:
            with transaction.atomic():
                claim.save()
        except IntegrityError:  # a double submit raced us: the first one counts
            return redirect("owners:claim", page_id=business.pk)
        context = {**page_context(business), "email": request.user.email, "role": claim.role}
        notify_user(request.user, "claim_received", context)
        notify_editors("claim_new", {**context, "claims_url": absolute(reverse("owners_claim:edit", args=[claim.pk]))})
        return render(request, "owners/claim_sent.html", {"business": business, "claim": claim})
    return render(request, "owners/claim_form.html", {"business": business, "form": form})


@never_cache
def suggest(request):
    form = SuggestionForm(request.POST or None)
    if request.method == "POST":
        if not SUGGESTIONS_PER_ADDRESS.hit(request):
            return render(
                request,
                "owners/suggest.html",
                {"form": form, "rate_limited": True, "map_config": map_config()},
                status=429,
            )
        if request.POST.get("website"):
            # Honeypot filled: behave as if it worked, store nothing.
            return render(request, "owners/suggest_thanks.html")
        if form.is_valid():
            name = form.cleaned_data["name"].strip()
            if not Suggestion.objects.filter(name__iexact=name, status=SuggestionStatus.NEW).exists():
                form.save()  # a repeated suggestion of the same business is counted once
            messages.success(request, _("Thank you for your suggestion!"))
            return render(request, "owners/suggest_thanks.html")
    return render(request, "owners/suggest.html", {"form": form, "map_config": map_config()})


@never_cache
def confirm_listing(request, token):
    """One click from the reminder email: GET asks, POST confirms (mail scanners only GET). Works without log-in;
    the signed token names the business and the owner, and the owner must still own it."""
    interval = directory_freshness.settings_for().reminder_interval_days or 14
    parsed = freshness.read_confirm_token(token, freshness.token_days(interval))
    business = None
    if parsed:
        business_id, user_id = parsed
        if BusinessOwner.objects.filter(business_id=business_id, user_id=user_id, user__is_active=True).exists():
            business = BusinessPage.objects.filter(pk=business_id).first()
    if business is None:
        return render(request, "owners/confirm_listing.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        directory_freshness.confirm(business.pk, get_user_model().objects.get(pk=user_id))
        done = True
    response = render(request, "owners/confirm_listing.html", {"business": business, "done": done})
    response["Referrer-Policy"] = "same-origin"
    return response


CLAIM_LETTER_LOOKUPS = Limit("claim-letter:address", "30/h")  # code guessing from one client


def _letter_problem(request, reason, status):
    return render(request, "owners/claim_letter_problem.html", {"reason": reason}, status=status)


@never_cache
def claim_letter_entry(request):
    """Type the code from the letter (for those who do not scan the QR code)."""
    error = ""
    if request.method == "POST":
        code = claim_letters.normalise(request.POST.get("code", ""))
        if code:
            return redirect("owners:claim_letter", code=code)
        error = _("This is not a valid code. It has 12 letters and digits, e.g. 7K3Q-M9XD-2PRT.")
    return render(request, "owners/claim_letter_entry.html", {"error": error}, status=400 if error else 200)


@never_cache
def claim_letter(request, code):
    """The QR code's target: check the letter's code, then the usual claim (verified account, editors decide)."""
    if not CLAIM_LETTER_LOOKUPS.hit(request):
        return _letter_problem(request, "rate", 429)
    letter = claim_letters.letter_for_code(code)
    if letter is None:
        return _letter_problem(request, "unknown", 404)
    if not letter.is_usable:
        return _letter_problem(request, "used" if letter.used_at else "expired", 410)
    business = letter.business.specific
    if BusinessOwner.objects.filter(business=business).exists():
        return render(request, "owners/claim_has_owner.html", {"business": business}, status=409)
    if not request.user.is_authenticated:
        response = render(request, "owners/claim_letter_start.html", {"business": business, "next": request.path})
        response["Referrer-Policy"] = "same-origin"
        return response
    if not user_is_verified(request.user):
        return render(request, "owners/verify_first.html", status=403)
    pending = Claim.objects.filter(business=business, user=request.user, status=Status.PENDING).first()
    if pending:
        return render(request, "owners/claim_sent.html", {"business": business, "claim": pending})
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        claim = form.save(commit=False)
        claim.business, claim.user, claim.letter = business, request.user, letter
        try:
            with transaction.atomic():
                if not claim_letters.consume(letter, request.user):
                    raise claim_letters.LetterUsed
                claim.save()
        except claim_letters.LetterUsed:
            return _letter_problem(request, "used", 410)
        except IntegrityError:
            return redirect("owners:claim_letter", code=code)
        context = {**page_context(business), "email": request.user.email, "role": claim.role, "with_letter": True}
        notify_user(request.user, "claim_received", context)
        notify_editors("claim_new", {**context, "claims_url": absolute(reverse("owners_claim:edit", args=[claim.pk]))})
        return render(request, "owners/claim_sent.html", {"business": business, "claim": claim})
    response = render(request, "owners/claim_form.html", {"business": business, "form": form, "with_letter": True})
    response["Referrer-Policy"] = "same-origin"
    return response
