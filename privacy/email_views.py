"""My data without an account: ask for a link by email, then export or delete what is stored under the address.

The emailed link (`link/<token>/`) only swaps the token into the session and redirects to a URL without it, so the
token is not in the address bar, in the Referer of anything the page loads or in later requests' log lines; every
page of the flow sends `Cache-Control: private, no-store` and a Referrer-Policy that never lets a URL leave the site
(`no-referrer` on the link, `same-origin` on the pages with forms: see `private`). Invalid links redirect
(no 4xx, which Django would log with the path).
"""

import json

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commons.ratelimit import Limit

from . import email_access
from .forms import EmailDeleteForm, EmailLinkForm
from .tasks import send_access_link

SESSION_KEY = "privacy_email_access"
# Per client address every POST counts; per email address the links actually queued.
REQUESTS_PER_ADDRESS = Limit("privacy-link:address", "10/h")
LINKS_PER_EMAIL = Limit("privacy-link:email", "3/h", per=Limit.KEY)


def private(response, referrer_policy="same-origin"):
    """No caching anywhere, no indexing, no Referer to other sites.

    The pages with forms use `same-origin`, not `no-referrer`: with `no-referrer` browsers send `Origin: null` on
    form POSTs and Django's CSRF origin check refuses them. Their URLs hold no token, and no other site ever gets a
    Referer from them. The link itself (the only URL with the token) redirects with `no-referrer`."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = referrer_policy
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def render_request_page(request, form=None, *, sent=False, status=200, limited=False):
    context = {"email_form": form or EmailLinkForm(), "sent": sent, "limited": limited}
    return private(TemplateResponse(request, "privacy/email_request.html", context, status=status))


@require_http_methods(["GET", "HEAD", "POST"])
def request_link(request):
    if request.method != "POST":
        return render_request_page(request)
    if not REQUESTS_PER_ADDRESS.hit(request):
        return render_request_page(request, EmailLinkForm(request.POST), status=429, limited=True)
    form = EmailLinkForm(request.POST)
    if not form.is_valid():
        return render_request_page(request, form, status=400)
    email = form.cleaned_data["email"]
    # The per-address limit is silent (the answer is the same), so it cannot tell anyone whether an address is known,
    # and nobody can flood someone else's inbox with links.
    if LINKS_PER_EMAIL.hit(request, key=email_access.normalise(email)):
        language = (translation.get_language() or "de")[:2]
        transaction.on_commit(lambda: send_access_link.enqueue(email, language))
    return render_request_page(request, sent=True)


def open_link(request, token):
    """The link from the email: any method, never an error status (Django logs those with the path)."""
    if email_access.email_for_token(token) is None:
        messages.error(request, _("This link is not valid (any more). Please ask for a new one."))
        return private(redirect("privacy:email_request"), "no-referrer")
    request.session.cycle_key()
    request.session[SESSION_KEY] = token
    return private(redirect("privacy:email_data"), "no-referrer")


def _session_email(request):
    token = request.session.get(SESSION_KEY)
    email = email_access.email_for_token(token) if token else None
    if email is None and token:
        request.session.pop(SESSION_KEY, None)
    return token, email


def _expired(request):
    messages.error(request, _("Your link has expired or was used already. Please ask for a new one."))
    return private(redirect("privacy:email_request"))


@require_http_methods(["GET", "HEAD"])
def data(request):
    _token, email = _session_email(request)
    if email is None:
        return _expired(request)
    pledges = email_access.pledges_for_email(email)
    context = {
        "email": email,
        "pledge_count": pledges.count(),
        "gift_count": email_access.gifts_for_email(email).count(),
        "vouchers": email_access.active_vouchers(email),
        "minutes": email_access.MAX_AGE_SECONDS // 60,
    }
    return private(TemplateResponse(request, "privacy/email_data.html", context))


@require_POST
def export(request):
    _token, email = _session_email(request)
    if email is None:
        return _expired(request)
    payload = json.dumps(email_access.export_for_email(email), ensure_ascii=False, indent=2)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="meine-daten-{stamp}.json"'
    response["X-Content-Type-Options"] = "nosniff"
    return private(response)


@require_http_methods(["GET", "HEAD", "POST"])
def delete(request):
    token, email = _session_email(request)
    if email is None:
        return _expired(request)
    form = EmailDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        count = email_access.delete_with_token(token)
        request.session.pop(SESSION_KEY, None)
        if count is None:  # a second tab or a replay got here first
            return _expired(request)
        messages.success(
            request, _("Your data has been deleted. Your payments stay on record without your name or email address.")
        )
        return private(redirect("privacy:email_request"))
    context = {"email": email, "form": form, "vouchers": email_access.active_vouchers(email)}
    return private(
        TemplateResponse(request, "privacy/email_delete.html", context, status=400 if form.is_bound else 200)
    )
