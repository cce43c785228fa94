"""My data: a JSON export and account deletion, for owners and supporters alike (any signed-in user).

Supporters without an account use the email-link flow in `email_views`."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from commons.ratelimit import Limit

from . import services
from .email_views import render_request_page
from .forms import DeleteAccountForm

# Wrong passwords on the deletion form, per account.
WRONG_PASSWORDS_PER_USER = Limit("privacy-delete:user", "5/15m", per=Limit.USER)


def _context(request, form=None):
    return {
        "form": form or DeleteAccountForm(user=request.user),
        "may_delete": services.can_delete_itself(request.user),
        "pledge_count": services.pledges_of(request.user).count(),
        "business_count": request.user.business_ownerships.count(),
    }


@never_cache
@require_GET
def overview(request):
    """Signed in: export and account deletion. Otherwise: sign in, or ask for an email link (no account needed)."""
    if not request.user.is_authenticated:
        return render_request_page(request)
    return render(request, "privacy/overview.html", _context(request))


@never_cache
@login_required
@require_POST
def export(request):
    """A download (POST, so that no link, prefetch or image tag can trigger it)."""
    data = json.dumps(services.export_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="meine-daten-{stamp}.json"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@login_required
def delete_account_view(request):
    if not services.can_delete_itself(request.user):
        messages.error(request, _("Accounts of editors and administrators are deleted by an administrator."))
        return redirect("privacy:overview")
    if request.method != "POST":
        return redirect("privacy:overview")

    # Counted before the password is checked, so parallel guesses cannot slip past the limit; taken back below
    # when the password was not the problem.
    if not WRONG_PASSWORDS_PER_USER.hit(request):
        messages.error(request, _("Too many wrong passwords. Please try again in 15 minutes."))
        return redirect("privacy:overview")

    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        if not form.has_error("password", "wrong_password"):
            WRONG_PASSWORDS_PER_USER.undo(request)
        return render(request, "privacy/overview.html", _context(request, form), status=400)

    services.delete_account(request.user)
    logout(request)
    messages.success(request, _("Your account has been deleted. Your payments stay on record without your name."))
    return redirect("/")
