"""The rate limits of the account pages (log-in, sign-up, password reset, account changes).

allauth's own limiter is switched off (`ACCOUNT_RATE_LIMITS = False`); these limits use the platform's one limiter
(`commons.ratelimit`) and its client address (`commons.client_address`, which also answers allauth's
`get_client_ip`). Where each one is counted:

* the page views: `owners/account_urls.py` (every POST);
* failed log-ins: `owners.adapter.AccountAdapter.authenticate` (a right password takes its attempt back);
* mails to one recipient that anybody can trigger (verification, "you already have an account", unknown account,
  password reset): `AccountAdapter.send_mail` skips them silently beyond the limit, so the answer never tells
  whether an address is known.
"""

from commons.ratelimit import Limit

LOGINS_PER_ADDRESS = Limit("login:address", "30/m")
FAILED_LOGINS_PER_ADDRESS = Limit("login-failed:address", "10/m")
FAILED_LOGINS_PER_ACCOUNT = Limit("login-failed:account", "5/5m", per=Limit.KEY)
SIGNUPS_PER_ADDRESS = Limit("signup:address", "20/m")
PASSWORD_RESETS_PER_ADDRESS = Limit("password-reset:address", "20/m")
ACCOUNT_CHANGES_PER_USER = Limit("account-change:user", "10/m", per=Limit.USER)
ACCOUNT_MAILS_PER_RECIPIENT = Limit("account-mail:recipient", "3/15m", per=Limit.KEY)

# Mails that anybody can cause to be sent to any address (allauth template prefixes).
UNSOLICITED_MAILS = frozenset(
    {
        "account/email/email_confirmation_signup",
        "account/email/email_confirmation",
        "account/email/account_already_exists",
        "account/email/unknown_account",
        "account/email/password_reset_key",
    }
)
