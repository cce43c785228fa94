"""Public pages: sign up, confirm, manage, unsubscribe. Every response to a sign-up is the same page, whatever is
known about the address; links carry the subscriber's random token; GET never changes anything (mail scanners
follow links), except that RFC 8058 one-click POSTs from mail clients unsubscribe without a CSRF token."""

from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from commons.ratelimit import Limit

from . import services
from .forms import SelectionForm, SubscribeForm

# Sign-ups per client address, and confirmation mails per address (so nobody is mail-bombed through us).
SIGNUPS_PER_ADDRESS = Limit("alerts-signup:address", "10/h")
MAILS_PER_RECIPIENT = Limit("alerts-signup:email", "3/d", per=Limit.KEY)


def _language():
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@never_cache
def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST":
        if not SIGNUPS_PER_ADDRESS.hit(request):
            return render(request, "alerts/subscribe.html", {"form": form, "rate_limited": True}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            if not data["website"] and MAILS_PER_RECIPIENT.hit(request, key=data["email"]):
                services.subscribe(data["email"], data["districts"], data["categories"], _language())
            # The same answer whether the address is new, pending, confirmed, limited or a bot's.
            return render(request, "alerts/check_inbox.html")
    return render(request, "alerts/subscribe.html", {"form": form}, status=400 if form.errors else 200)


def _token_page(request, template, subscriber, **extra):
    response = render(request, template, {"subscriber": subscriber, **extra}, status=200 if subscriber else 404)
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
def confirm(request, token):
    subscriber = services.subscriber_for(token)
    if subscriber is None:
        return _token_page(request, "alerts/confirm.html", None)
    done = subscriber.is_confirmed
    expired = False
    if request.method == "POST" and not done:
        done = services.confirm(subscriber)
        expired = not done
    return _token_page(request, "alerts/confirm.html", subscriber, done=done, expired=expired)


@never_cache
def manage(request, token):
    subscriber = services.subscriber_for(token)
    if subscriber is None or not subscriber.is_confirmed:
        return _token_page(request, "alerts/manage.html", None)
    initial = {"districts": subscriber.districts.all(), "categories": subscriber.categories.all()}
    form = SelectionForm(request.POST or None, initial=initial)
    saved = False
    if request.method == "POST" and form.is_valid():
        subscriber.districts.set(form.cleaned_data["districts"])
        subscriber.categories.set(form.cleaned_data["categories"])
        saved = True
    return _token_page(request, "alerts/manage.html", subscriber, form=form, saved=saved)


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without our CSRF token
@never_cache
def unsubscribe(request, token):
    if request.method == "POST":
        services.unsubscribe(token)
        response = render(request, "alerts/unsubscribed.html")
    else:
        subscriber = services.subscriber_for(token)
        response = render(request, "alerts/unsubscribe.html", {"subscriber": subscriber, "token": token})
    response["Referrer-Policy"] = "same-origin"
    return response
