"""My data for supporters without an account: a signed, expiring link sent to the email address they pledged with.

Whoever can read mail sent to an address may see and delete what is stored under that address: the pledges made with
it (matched case-insensitively, as pledges keep the address as typed), their vouchers, their campaign-update
subscriptions and the area alerts it follows. Data that belongs to an *account* (claims, proposals, owned businesses)
is never shown here: that needs signing in.

The token is a `TimestampSigner` signature (own salt, one hour) over

- the id of the oldest matching pledge (so the token carries no readable email address), and
- an HMAC over the address and the ids of all its pledges, as Django's password-reset tokens hash the user's state.

A token is therefore only valid while the address's pledges are exactly the ones it was made for: after a deletion
the address has no pledges left and the token is dead (single use without storing anything); a new pledge made in
the meantime also ends it (the supporter simply asks for a new link). A token can only ever resolve to the address
of the pledge it names, so a token for A never shows B's data.
"""

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from fundraising.models import Pledge, Voucher, VoucherState

from . import services

SALT = "privacy.email-access"
MAX_AGE_SECONDS = 60 * 60
MAX_TOKEN_LENGTH = 300
EXPORT_FORMAT_VERSION = 2  # 2: alert_subscriptions


def normalise(email):
    return (email or "").strip().lower()


def pledges_for_email(email):
    """Every pledge made with this address, whatever the case. Never the neutral address of anonymised pledges."""
    email = normalise(email)
    if not email or email == services.ANONYMISED_EMAIL:
        return Pledge.objects.none()
    return Pledge.objects.filter(email__iexact=email)


def _state(email, pledge_ids):
    value = f"{email}|{','.join(str(pk) for pk in sorted(pledge_ids))}"
    return salted_hmac(f"{SALT}.state", value, algorithm="sha256").hexdigest()


def _signer():
    return signing.TimestampSigner(salt=SALT, algorithm="sha256")


def make_token(email):
    """A token for the address, or None when nothing is stored for it (then no email is sent at all)."""
    email = normalise(email)
    ids = sorted(pledges_for_email(email).values_list("pk", flat=True))
    if not ids:
        return None
    return _signer().sign_object({"p": ids[0], "s": _state(email, ids)})


def email_for_token(token, *, lock=False):
    """The address a valid, unexpired, still-current token stands for; None for anything else.

    With `lock=True` (inside a transaction) the address's pledges are locked, so two deletions with the same token
    cannot both pass: the second sees the pledges already anonymised."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        payload = _signer().unsign_object(token, max_age=MAX_AGE_SECONDS)
    except (signing.BadSignature, ValueError, TypeError):  # SignatureExpired is a BadSignature
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("p"), int) or not isinstance(payload.get("s"), str):
        return None
    anchor = Pledge.objects.filter(pk=payload["p"]).values_list("email", flat=True).first()
    email = normalise(anchor)
    pledges = pledges_for_email(email)
    if lock:
        pledges = pledges.select_for_update()
    ids = list(pledges.values_list("pk", flat=True))
    if not ids or not constant_time_compare(_state(email, ids), payload["s"]):
        return None
    return email


def export_for_email(email):
    """Everything stored under the address: its pledges with their vouchers and update subscriptions."""
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "email": normalise(email),
        "pledges": services.pledge_records(pledges_for_email(email)),
        "alert_subscriptions": services.alert_records([normalise(email)]),
    }


def active_vouchers(email):
    return list(
        Voucher.objects.filter(pledge__in=pledges_for_email(email), state=VoucherState.ACTIVE).order_by("issued_at")
    )


@transaction.atomic
def delete_with_token(token):
    """Anonymise the address's pledges exactly as an account deletion does (pledges and vouchers stay, personal
    fields are overwritten, update subscriptions end). Returns the number of pledges, or None for a token that is not
    (or no longer) valid."""
    email = email_for_token(token, lock=True)
    if email is None:
        return None
    services.delete_alert_subscriptions([email])
    return services.anonymise_pledges(pledges_for_email(email))
