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
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from fundraising.models import Pledge, PledgeGift, Voucher, VoucherState

from . import services

SALT = "privacy.email-access"
MAX_AGE_SECONDS = 60 * 60
MAX_TOKEN_LENGTH = 300
EXPORT_FORMAT_VERSION = 3  # 2: alert_subscriptions; 3: gifts_received


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


def gifts_for_email(email):
    """Gift vouchers addressed to this address (the recipient is a data subject too)."""
    email = normalise(email)
    if not email or email == services.ANONYMISED_EMAIL:
        return PledgeGift.objects.none()
    return PledgeGift.objects.filter(recipient_email__iexact=email)


def _state_of(email, pledge_ids, gift_ids):
    """The HMAC over the address's records; without gifts exactly as before gifts existed (older links stay valid)."""
    if not gift_ids:
        return _state(email, pledge_ids)
    value = (
        f"{email}|{','.join(str(pk) for pk in sorted(pledge_ids))}|gifts:{','.join(str(pk) for pk in sorted(gift_ids))}"
    )
    return salted_hmac(f"{SALT}.state", value, algorithm="sha256").hexdigest()


def make_token(email):
    """A token for the address, or None when nothing is stored for it (then no email is sent at all). The anchor is
    the oldest pledge made with the address, or (for someone who only received gifts) the oldest gift to it."""
    email = normalise(email)
    ids = sorted(pledges_for_email(email).values_list("pk", flat=True))
    gift_ids = sorted(gifts_for_email(email).values_list("pk", flat=True))
    if ids:
        return _signer().sign_object({"p": ids[0], "s": _state_of(email, ids, gift_ids)})
    if gift_ids:
        return _signer().sign_object({"g": gift_ids[0], "s": _state_of(email, ids, gift_ids)})
    return None


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
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), str):
        return None
    if isinstance(payload.get("p"), int):
        anchor = Pledge.objects.filter(pk=payload["p"]).values_list("email", flat=True).first()
    elif isinstance(payload.get("g"), int):
        anchor = PledgeGift.objects.filter(pk=payload["g"]).values_list("recipient_email", flat=True).first()
    else:
        return None
    email = normalise(anchor)
    pledges, gifts = pledges_for_email(email), gifts_for_email(email)
    if lock:
        pledges, gifts = pledges.select_for_update(), gifts.select_for_update()
    ids = sorted(pledges.values_list("pk", flat=True))
    gift_ids = sorted(gifts.values_list("pk", flat=True))
    if not (ids or gift_ids) or not constant_time_compare(_state_of(email, ids, gift_ids), payload["s"]):
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
        "gifts_received": services.gift_received_records(gifts_for_email(email)),
        **services.hook_records([normalise(email)]),
    }


def active_vouchers(email):
    return list(
        Voucher.objects.filter(
            Q(pledge__in=pledges_for_email(email)) | Q(pledge__gift__in=gifts_for_email(email)),
            state=VoucherState.ACTIVE,
        ).order_by("issued_at")
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
    services.erase_hook_records([email])  # before the pledges lose their address
    gift_count = services.anonymise_gifts_received(gifts_for_email(email))
    return services.anonymise_pledges(pledges_for_email(email)) + gift_count
