"""Pages for citizens and would-be owners: claim a listing, suggest a favourite business."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from commons.ratelimit import Limit
from directory.models import BusinessOwner, BusinessPage

from .forms import ClaimForm, SuggestionForm
from .models import Claim, Status, Suggestion, SuggestionStatus
from .notifications import absolute, notify_editors, notify_user, page_context
from .permissions import user_is_verified

SUGGESTIONS_PER_ADDRESS = Limit("suggest:address", "5/h")


def map_config():
    from .views import map_config as config

    return config()


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
