"""Monthly support ("Patenschaft"): a Stripe subscription for a page that takes pledges.

Every paid month (`invoice.paid`) becomes an ordinary paid `Pledge` linked to the subscription, so progress, totals,
the match fund and the reports count it like any other pledge (fundraising/subscriptions.py)."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from commons.money import format_cents


def new_subscription_key():
    return secrets.token_urlsafe(18)


def new_manage_nonce():
    return secrets.token_urlsafe(24)


def subscription_reference(pk):
    """Monthly support's reference for bookkeeping (like a pledge's `WSH-0000042`): stable and no secret. Every
    export names it beside each paid month (fundraising.pledge_kinds)."""
    return f"WSH-M-{pk:07d}"


class SubscriptionState(models.TextChoices):
    PENDING = "pending", _("Waiting for checkout")
    ACTIVE = "active", _("Active")
    PAST_DUE = "past_due", _("Payment overdue")
    CANCELLED = "cancelled", _("Cancelled")
    ENDED = "ended", _("Ended with the campaign")
    EXPIRED = "expired", _("Checkout not completed")


# Cancelled, ended and expired are final: no later (or replayed) event brings a subscription back.
FINAL_STATES = (SubscriptionState.CANCELLED, SubscriptionState.ENDED, SubscriptionState.EXPIRED)
RUNNING_STATES = (SubscriptionState.ACTIVE, SubscriptionState.PAST_DUE)


class Subscription(models.Model):
    wagtail_reference_index_ignore = True

    target = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="+"
    )
    business = models.ForeignKey(
        "directory.BusinessPage",
        verbose_name=_("business"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount_cents = models.PositiveIntegerField(_("monthly amount (cents)"))
    currency = models.CharField(_("currency"), max_length=3, default="eur", editable=False)
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"), max_length=254)
    display_name = models.CharField(_("public name"), max_length=60, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    language = models.CharField(_("language"), max_length=8, default="de")
    state = models.CharField(
        _("state"), max_length=16, choices=SubscriptionState.choices, default=SubscriptionState.PENDING, db_index=True
    )
    # Random and never repeated: the Stripe idempotency key and the reference in the session's metadata.
    checkout_key = models.CharField(max_length=32, default=new_subscription_key, unique=True, editable=False)
    # The manage link's token is an HMAC (SECRET_KEY) over the id and this nonce (fundraising.subscription_links):
    # the database holds no usable token, and a new nonce invalidates every link sent so far.
    manage_nonce = models.CharField(max_length=64, default=new_manage_nonce, editable=False)
    stripe_session_id = models.CharField(_("Checkout Session"), max_length=255, unique=True, null=True, blank=True)
    stripe_subscription_id = models.CharField(
        _("Stripe subscription"), max_length=255, unique=True, null=True, blank=True
    )
    stripe_customer_id = models.CharField(_("Stripe customer"), max_length=255, blank=True)
    current_period_end = models.DateTimeField(_("next payment"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    activated_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("monthly support")
        verbose_name_plural = _("monthly support")
        ordering = ["-created_at"]
        permissions = [("cancel_subscription", _("Can cancel monthly support"))]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_cents__gt=0), name="subscription_amount_positive"),
        ]

    def __str__(self):
        return f"#{self.pk} {format_cents(self.amount_cents, decimals=2)} / {_('month')} ({self.get_state_display()})"

    @property
    def reference(self):
        return subscription_reference(self.pk)

    @property
    def amount_display(self):
        return format_cents(self.amount_cents, decimals=2)

    @property
    def is_running(self):
        return self.state in RUNNING_STATES
