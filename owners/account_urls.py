"""allauth's pages that take a POST, each behind its rate limit (owners/account_limits.py).

Included under /konto/ *before* `allauth.urls`, with the same paths and names, so these answer first; every other
account page comes from allauth unchanged. A test checks that each of allauth's POST pages is covered.
"""

from allauth.account import views as account

from django.urls import path, re_path

from commons.ratelimit import ratelimited

from . import account_limits as limits

per_address = ratelimited(limits.LOGINS_PER_ADDRESS)
signups = ratelimited(limits.SIGNUPS_PER_ADDRESS)
resets = ratelimited(limits.PASSWORD_RESETS_PER_ADDRESS)
changes = ratelimited(limits.ACCOUNT_CHANGES_PER_USER)

urlpatterns = [
    path("login/", per_address(account.login), name="account_login"),
    path("signup/", signups(account.signup), name="account_signup"),
    path("password/reset/", resets(account.password_reset), name="account_reset_password"),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        resets(account.password_reset_from_key),
        name="account_reset_password_from_key",
    ),
    path("password/change/", changes(account.password_change), name="account_change_password"),
    path("password/set/", changes(account.password_set), name="account_set_password"),
    path("email/", changes(account.email), name="account_email"),
    path("reauthenticate/", changes(account.reauthenticate), name="account_reauthenticate"),
]
