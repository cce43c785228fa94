"""allauth forms with the platform's changes (`ACCOUNT_FORMS`)."""

from allauth.account.forms import SignupForm as AllauthSignupForm

from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    """Sign-up does the same work for a known and a new address, so its timing tells nobody which one it was.

    A new address: the password is hashed, the account stored, a verification mail queued. A known address
    (allauth's enumeration prevention): no account, an "you already have an account" mail queued — and the
    password is hashed all the same, the costly part. Both mails are rendered here and sent by a background task
    (`AccountAdapter.send_mail`); both answers are the same redirect."""

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))  # the same hashing as a new account's set_password()
        return super().try_save(request)
