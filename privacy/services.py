"""What the platform stores about a person, as one JSON document, and how an account is deleted.

Supporters are matched to their pledges by their *verified* email addresses only: an unverified address could be
someone else's. Pledges are payment records the business and the city must keep (bookkeeping), so deleting an
account never deletes them; it overwrites every personal field with neutral values instead.
"""

from allauth.account.models import EmailAddress

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wagtail import hooks

from directory.models import BusinessOwner
from fundraising.models import Pledge, PledgeGift, Redemption, Voucher
from owners.groups import revoke_ownership
from owners.models import Claim, Invitation, OwnerProfile

# Neutral values written over the personal fields of a pledge. ".invalid" is reserved (RFC 2606): never delivered.
ANONYMISED_NAME = "–"
ANONYMISED_EMAIL = "anonymised@example.invalid"

EXPORT_FORMAT_VERSION = 4  # 2: campaign_updates per pledge, campaign_proposals; 3: alert_subscriptions; 4: gifts


def verified_emails(user):
    return sorted(
        {e.lower() for e in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)}
    )


def pledges_of(user):
    """Pledges made with one of the user's verified email addresses (case-insensitive)."""
    emails = verified_emails(user)
    if not emails:
        return Pledge.objects.none()
    query = Q()
    for email in emails:
        query |= Q(email__iexact=email)
    return Pledge.objects.filter(query)


def hook_records(emails):
    """What other apps keep under these addresses, for an export: the hook `privacy_records_for_emails` —
    `fn(emails) -> (key, [records])` — e.g. fundraising's monthly support."""
    return dict(fn(list(emails)) for fn in hooks.get_hooks("privacy_records_for_emails"))


def erase_hook_records(emails):
    """Deletion in other apps: the hook `privacy_erase_for_emails` — `fn(emails) -> (key, count)`; it may raise to
    stop the deletion (the transaction rolls back)."""
    return dict(fn(list(emails)) for fn in hooks.get_hooks("privacy_erase_for_emails"))


def _dt(value):
    return value.isoformat() if value else None


def _page(page):
    return {"id": page.pk, "title": page.title, "url": page.full_url, "live": page.live}


def _subscription(sub):
    if sub is None:
        return None
    return {"subscribed_at": _dt(sub.created_at), "unsubscribed_at": _dt(sub.unsubscribed_at)}


def _update_subscriptions():
    """Campaign-update subscriptions (fundraising.outreach) when that app is installed, else None."""
    try:
        return apps.get_model("outreach", "UpdateSubscription").objects
    except LookupError:
        return None


def _alert_subscribers(emails):
    """Area alert subscriptions (the alerts app) for these addresses, compared without case; None without the app."""
    try:
        subscribers = apps.get_model("alerts", "Subscriber").objects
    except LookupError:
        return None
    query = Q()
    for email in emails:
        query |= Q(email__iexact=email)
    return subscribers.filter(query) if emails else subscribers.none()


def alert_records(emails):
    """The alert subscriptions of these addresses: what they follow and when they signed up and confirmed."""
    subscribers = _alert_subscribers(emails)
    if subscribers is None:
        return []
    return [
        {
            "email": s.email,
            "language": s.language,
            "districts": sorted(d.name for d in s.districts.all()),
            "categories": sorted(c.name for c in s.categories.all()),
            "signed_up_at": _dt(s.created_at),
            "confirmed_at": _dt(s.confirmed_at),
            "last_digest_sent_at": _dt(s.last_sent_at),
        }
        for s in subscribers.prefetch_related("districts", "categories").order_by("created_at")
    ]


def delete_alert_subscriptions(emails):
    """End the alert subscriptions of these addresses (the row is the whole subscription). Returns the count."""
    subscribers = _alert_subscribers(emails)
    if subscribers is None:
        return 0
    return subscribers.delete()[1].get("alerts.Subscriber", 0)


def pledge_records(pledges):
    """The pledges of a queryset, oldest first, with their vouchers and update subscriptions, for an export."""
    pledges = list(pledges.select_related("campaign", "business", "target").order_by("created_at"))
    ids = [p.pk for p in pledges]
    gifts = {g.pledge_id: g for g in PledgeGift.objects.filter(pledge__in=ids)}
    vouchers_by_pledge = {}
    for voucher in Voucher.objects.filter(pledge__in=ids).order_by("issued_at"):
        vouchers_by_pledge.setdefault(voucher.pledge_id, []).append(voucher)
    subscriptions = _update_subscriptions()
    subscriptions = {s.pledge_id: s for s in subscriptions.filter(pledge__in=ids)} if subscriptions is not None else {}
    return [
        {
            "campaign": p.target.title,
            "business": p.business.title if p.business_id else None,
            "amount_cents": p.amount_cents,
            "currency": p.currency,
            "state": p.state,
            "name": p.name,
            "email": p.email,
            "public_name": p.display_name,
            "anonymous": p.anonymous,
            "message": p.message,
            "reward": p.reward_title,
            "created_at": _dt(p.created_at),
            "paid_at": _dt(p.paid_at),
            "refunded_cents": p.refunded_cents,
            "vouchers": [
                {
                    "code": v.display_code,
                    "title": v.title,
                    "face_value_cents": v.face_value_cents,
                    "balance_cents": v.balance_cents,
                    "valid_until": v.valid_until.isoformat(),
                    "state": v.state,
                }
                for v in vouchers_by_pledge.get(p.pk, [])
            ],
            "campaign_updates": _subscription(subscriptions.get(p.pk)),
            "payment_method": p.payment_method,
            "gift": _gift_sent(gifts.get(p.pk)),
        }
        for p in pledges
    ]


def _gift_sent(gift):
    """The gift of one of the person's own pledges: whom they gave it to (they entered it), and when it went out."""
    if gift is None:
        return None
    return {
        "from": gift.sender_name,
        "recipient_name": gift.recipient_name,
        "recipient_email": gift.recipient_email,
        "message": gift.message,
        "deliver_on": gift.deliver_on.isoformat(),
        "sent_at": _dt(gift.sent_at),
    }


def gifts_received(emails):
    """Gift vouchers addressed to one of these addresses (compared without case): the recipient is a data subject
    too, with their name, address, the message and the vouchers — never the buyer's address or payment."""
    if not emails:
        return PledgeGift.objects.none()
    query = Q()
    for email in emails:
        query |= Q(recipient_email__iexact=email)
    return PledgeGift.objects.filter(query)


def gift_received_records(gifts):
    gifts = list(gifts.select_related("pledge__target").order_by("created_at"))
    vouchers = {}
    for voucher in Voucher.objects.filter(pledge__in=[g.pledge_id for g in gifts]).order_by("issued_at"):
        vouchers.setdefault(voucher.pledge_id, []).append(voucher)
    return [
        {
            "from": g.sender_name,
            "recipient_name": g.recipient_name,
            "recipient_email": g.recipient_email,
            "message": g.message,
            "campaign": g.pledge.target.title,
            "deliver_on": g.deliver_on.isoformat(),
            "sent_at": _dt(g.sent_at),
            "vouchers": [
                {"code": v.display_code, "face_value_cents": v.face_value_cents, "state": v.state}
                for v in vouchers.get(g.pledge_id, [])
            ],
        }
        for g in gifts
    ]


def anonymise_gifts_received(gifts):
    """The recipient's name and address are overwritten (the voucher stays valid; a gift not yet sent stays with the
    buyer, who has its copy: an empty address is never delivered to). Returns the count."""
    return gifts.update(recipient_name=ANONYMISED_NAME, recipient_email="", sent_to="")


def _proposals(user):
    """Campaign proposals the user made (fundraising.collective) when that app is installed."""
    try:
        proposals = apps.get_model("collective", "CampaignProposal").objects
    except LookupError:
        return []
    return [
        {
            "business": _page(p.business),
            "title": p.title,
            "story": p.story,
            "goal_cents": p.goal_cents,
            "duration_days": p.duration_days,
            "state": p.state,
            "created_at": _dt(p.created_at),
            "decided_at": _dt(p.decided_at),
        }
        for p in proposals.filter(initiator=user).select_related("business").order_by("created_at")
    ]


def export_data(user):
    """Everything stored about `user` (and their pledges) that the platform can attribute to them."""
    profile = OwnerProfile.objects.filter(user=user).first()
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _dt(user.date_joined),
            "last_login": _dt(user.last_login),
            "email_addresses": [
                {"email": e.email, "verified": e.verified, "primary": e.primary}
                for e in EmailAddress.objects.filter(user=user).order_by("email")
            ],
            "language": profile.language if profile else None,
        },
        "businesses_owned": [
            {**_page(o.business), "owner_since": _dt(o.created_at)}
            for o in BusinessOwner.objects.filter(user=user).select_related("business").order_by("created_at")
        ],
        "claims": [
            {
                "business": _page(c.business),
                "role": c.role,
                "message": c.message,
                "phone": c.phone,
                "status": c.status,
                "decision_note": c.decision_note,
                "submitted_at": _dt(c.created_at),
                "decided_at": _dt(c.decided_at),
            }
            for c in Claim.objects.filter(user=user).select_related("business").order_by("created_at")
        ],
        "invitations_sent": [
            {
                "business": _page(i.business),
                "email": i.email,
                "created_at": _dt(i.created_at),
                "accepted_at": _dt(i.accepted_at),
            }
            for i in Invitation.objects.filter(invited_by=user).select_related("business").order_by("created_at")
        ],
        "vouchers_redeemed_by_you": Redemption.objects.filter(user=user).count(),
        "pledges": pledge_records(pledges_of(user)),
        "campaign_proposals": _proposals(user),
        "alert_subscriptions": alert_records(verified_emails(user)),
        "gifts_received": gift_received_records(gifts_received(verified_emails(user))),
        **hook_records(verified_emails(user)),
    }


def anonymise_pledges(pledges):
    """Overwrite the personal fields; amounts, states, dates and vouchers stay (bookkeeping). Returns the count.

    Campaign-update subscriptions of these pledges end first: the queryset may select by email address, which the
    update overwrites."""
    subscriptions = _update_subscriptions()
    if subscriptions is not None:
        subscriptions.filter(pledge__in=pledges, unsubscribed_at__isnull=True).update(unsubscribed_at=timezone.now())
    # The buyer's words on their gifts go; the recipient's address stays until the gift was sent (it was paid for),
    # after that it goes too.
    gifts = PledgeGift.objects.filter(pledge__in=pledges)
    gifts.update(sender_name=ANONYMISED_NAME, message="")
    gifts.filter(sent_at__isnull=False).update(recipient_name=ANONYMISED_NAME, recipient_email="", sent_to="")
    return pledges.update(
        name=ANONYMISED_NAME,
        email=ANONYMISED_EMAIL,
        display_name="",
        anonymous=True,
        message="",
        message_approved=False,
    )


def can_delete_itself(user):
    """Editors and administrators are managed by an administrator, never through the public site."""
    return not (user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


@transaction.atomic
def delete_account(user):
    """Anonymise the user's pledges, end their ownerships and delete the account. Returns a summary."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    erase_hook_records(verified_emails(user))  # before the pledges lose their address
    pledge_count = anonymise_pledges(pledges_of(user))
    alert_count = delete_alert_subscriptions(verified_emails(user))
    gift_count = anonymise_gifts_received(gifts_received(verified_emails(user)))
    businesses = [o.business for o in BusinessOwner.objects.filter(user=user).select_related("business")]
    for business in businesses:
        revoke_ownership(business, user)
    # Invitations this user sent to others carry the invitee's address, not the user's: they stay (invited_by is
    # set to NULL by the foreign key). Claims, the profile and allauth's email addresses are deleted with the user.
    user.delete()
    return {
        "pledges_anonymised": pledge_count,
        "alert_subscriptions_ended": alert_count,
        "gifts_received_anonymised": gift_count,
        "businesses_left": [b.pk for b in businesses],
    }
