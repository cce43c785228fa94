"""Monthly support in "My data" (export and deletion), through the host's privacy hooks — fundraising never
imports the privacy app: it registers `privacy_records_for_emails` and `privacy_erase_for_emails`
(fundraising/wagtail_hooks.py).

The paid months are ordinary pledges, which the privacy app exports and anonymises itself. Deletion first cancels
every running subscription of the addresses (no money may be taken from someone we can no longer reach), then
overwrites the personal fields like a pledge's and renews the link nonce, so every manage link sent so far is dead.
"""

from django.db.models import Q

from fundraising import subscriptions
from fundraising.models import Subscription, SubscriptionState
from fundraising.models.subscription import RUNNING_STATES, new_manage_nonce
from fundraising.subscription_links import manage_url

KEY = "monthly_support"
ANONYMISED_NAME = "–"  # the same neutral values the privacy app writes over pledges
ANONYMISED_EMAIL = "anonymised@example.invalid"


def _of(emails):
    query = Q(pk__in=[])
    for email in emails:
        query |= Q(email__iexact=email)
    return Subscription.objects.filter(query).select_related("target")


def _dt(value):
    return value.isoformat() if value else None


def records_for_emails(emails):
    return KEY, [
        {
            "campaign": s.target.title,
            "amount_cents_per_month": s.amount_cents,
            "currency": s.currency,
            "state": s.state,
            "name": s.name,
            "email": s.email,
            "display_name": s.display_name,
            "anonymous": s.anonymous,
            "language": s.language,
            "created_at": _dt(s.created_at),
            "started_at": _dt(s.activated_at),
            "next_payment": _dt(s.current_period_end) if s.is_running else None,
            "ended_at": _dt(s.ended_at),
            "months_paid": s.pledges.filter(state="paid").count(),
            "manage_url": manage_url(s),
        }
        for s in _of(emails).order_by("created_at")
    ]


def erase_for_emails(emails):
    """Cancel what still runs (raises GatewayError when the provider cannot be reached: nothing is deleted then),
    then anonymise. Returns (KEY, count)."""
    found = list(_of(emails))
    for subscription in found:
        if subscription.state in (SubscriptionState.PENDING, *RUNNING_STATES):
            subscriptions.cancel(subscription, "the supporter deleted their data")
    count = Subscription.objects.filter(pk__in=[s.pk for s in found]).update(
        name=ANONYMISED_NAME, email=ANONYMISED_EMAIL, display_name="", anonymous=True
    )
    for subscription in found:
        Subscription.objects.filter(pk=subscription.pk).update(manage_nonce=new_manage_nonce())
    return KEY, count
