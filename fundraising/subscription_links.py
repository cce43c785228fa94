"""The signed link with which a supporter manages their monthly support, without an account.

The token is `<id>-<HMAC-SHA256>` over the subscription's id and its random `manage_nonce`, keyed with SECRET_KEY
(Django's `salted_hmac`). The database holds no usable token (like a stored hash): a copy of the database alone
cannot open any link. A changed nonce invalidates every link sent so far; a forged or altered token fails the
constant-time comparison.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac

from fundraising.conf import conf
from fundraising.models import Subscription

SALT = "fundraising.subscription-manage"
MAX_TOKEN_LENGTH = 90


def _signature(pk, nonce):
    return salted_hmac(SALT, f"{pk}:{nonce}", algorithm="sha256").hexdigest()


def manage_token(subscription):
    return f"{subscription.pk}-{_signature(subscription.pk, subscription.manage_nonce)}"


def subscription_for_token(token):
    """The subscription a token names, or None for anything malformed, unknown or forged."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH or token.count("-") != 1:
        return None
    pk, signature = token.split("-")
    if not pk.isdigit() or len(pk) > 12 or len(signature) != 64:
        return None
    subscription = Subscription.objects.select_related("target").filter(pk=int(pk)).first()
    if subscription is None or not constant_time_compare(
        signature, _signature(subscription.pk, subscription.manage_nonce)
    ):
        return None
    return subscription


def manage_path(subscription, language=None):
    with translation.override(language or subscription.language):
        return reverse("fundraising:subscription_manage", args=[manage_token(subscription)])


def manage_url(subscription, language=None):
    return conf.BASE_URL.rstrip("/") + manage_path(subscription, language)
