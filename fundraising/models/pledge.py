"""Pledges and the Stripe events that change them."""

import secrets

from django.conf import settings
from django.db import models, transaction
from django.db.models.expressions import Combinable
from django.utils.translation import gettext_lazy as _

from commons.money import format_cents
from fundraising import totals
from fundraising.legal import pledge_breakdown
from fundraising.reward_text import display_title

from .offline import OfflinePledgeFields


def new_public_token():
    return secrets.token_urlsafe(24)


def new_checkout_key():
    return secrets.token_urlsafe(18)


class PledgeState(models.TextChoices):
    PENDING = "pending", _("Pending")
    PROCESSING = "processing", _("Payment processing")  # e.g. SEPA debit: completed, not yet paid
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")
    REFUNDED = "refunded", _("Refunded")
    DISPUTED = "disputed", _("Disputed")
    DISPUTE_LOST = "dispute_lost", _("Dispute lost")


OPEN_STATES = (PledgeState.PENDING, PledgeState.PROCESSING)


class PledgeQuerySet(models.QuerySet):
    """Bulk writes keep the targets' totals (fundraising.totals) in their own transaction, like Pledge.save()."""

    def _locked_rows(self):
        """(target id, state) of the rows, locked until the end of the transaction (PostgreSQL)."""
        return list(self.order_by("pk").select_for_update().values_list("target_id", "state"))

    def move(self, pledge, from_states, **changes):
        """One conditional UPDATE of a pledge the caller read under lock in this transaction (so what it holds is
        what the row holds): `changes` apply when the row's state is one of `from_states`. The totals follow by
        addition (`totals.add`) instead of the generic re-read and recount of `update()`. Returns True when the row
        changed; the instance then holds the changes."""
        if (totals.COUNTED_FIELDS - {"state"}) & set(changes):
            raise ValueError("move() changes the state and plain fields only; use update() for the rest")
        if pledge.state not in from_states:
            return False
        with transaction.atomic(using=self.db, savepoint=False):
            if not models.QuerySet.update(self.filter(pk=pledge.pk, state__in=from_states), **changes):
                return False
            was_paid = pledge.state == PledgeState.PAID
            now_paid = changes.get("state", pledge.state) == PledgeState.PAID
            if was_paid != now_paid:
                sign = 1 if now_paid else -1
                totals.add(pledge.target_id, sign * pledge.amount_cents, sign)
        for field, value in changes.items():
            setattr(pledge, field, value)
        pledge._counted_as = pledge.counted()
        return True

    move.alters_data = True

    def update(self, **kwargs):
        if not totals.COUNTED_FIELDS & set(kwargs):
            return super().update(**kwargs)
        new_state = kwargs.get("state")
        new_target = kwargs.get("target_id", kwargs.get("target"))
        new_target = getattr(new_target, "pk", new_target)
        unknown = any(isinstance(kwargs.get(name), Combinable) for name in totals.COUNTED_FIELDS)
        with transaction.atomic(using=self.db):
            rows = self._locked_rows()
            updated = super().update(**kwargs)
            if updated:
                affected = set()
                for target_id, state in rows:
                    now_paid = new_state == PledgeState.PAID if "state" in kwargs else state == PledgeState.PAID
                    if unknown or state == PledgeState.PAID or now_paid:
                        affected.update({target_id, new_target})
                if unknown and not isinstance(new_target, Combinable):
                    affected.add(new_target)
                totals.refresh(pk for pk in affected if not isinstance(pk, Combinable))
        return updated

    def delete(self):
        with transaction.atomic(using=self.db):
            rows = self._locked_rows()
            deleted = super().delete()
            totals.refresh(target_id for target_id, state in rows if state == PledgeState.PAID)
        return deleted

    delete.alters_data = True
    delete.queryset_only = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            totals.refresh(
                pledge.target_id or pledge.campaign_id for pledge in objs if pledge.state == PledgeState.PAID
            )
        for pledge in created:
            pledge._counted_as = pledge.counted()
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if not totals.COUNTED_FIELDS & set(fields):
            return super().bulk_update(objs, fields, *args, **kwargs)
        with transaction.atomic(using=self.db):
            before = self.filter(pk__in=[pledge.pk for pledge in objs])._locked_rows()
            updated = super().bulk_update(objs, fields, *args, **kwargs)
            totals.refresh({target_id for target_id, _state in before} | {pledge.target_id for pledge in objs})
        for pledge in objs:
            pledge._counted_as = pledge.counted()
        return updated


class Pledge(OfflinePledgeFields, models.Model):
    # High-volume records: Wagtail's reference index (admin "usage") would cost a write per save.
    wagtail_reference_index_ignore = True

    # The page the pledge supports: a page of a registered pledge target type (fundraising.targets), e.g. a
    # business's CampaignPage or a sub-app's page for a group of businesses. `campaign` and `business` are the
    # built-in type's own columns (set together, `campaign` equal to `target`), so the business's campaign pages
    # join their pledges without going through the page tree; other target types leave them empty or set only
    # `business` (the one business the money goes to).
    target = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    campaign = models.ForeignKey(
        "fundraising.CampaignPage",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pledges",
    )
    business = models.ForeignKey(
        "directory.BusinessPage",
        verbose_name=_("business"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reward = models.ForeignKey(
        "fundraising.Reward",
        verbose_name=_("reward"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pledges",
    )
    # A snapshot of the reward at the time of the pledge: editors may change the campaign afterwards.
    reward_title = models.CharField(_("reward"), max_length=120, blank=True)
    reward_kind = models.CharField(_("reward kind"), max_length=10, blank=True)
    voucher_value_cents = models.PositiveIntegerField(_("voucher value (cents)"), null=True, blank=True)
    voucher_valid_until = models.DateField(_("voucher valid until"), null=True, blank=True)
    # What the payment is in law (fundraising.legal), from the reward: support, or a voucher of a class bought for
    # its price (the reward's minimum pledge); whatever is paid above that price is support.
    payment_class = models.CharField(_("what the payment is"), max_length=16, blank=True, default="support")
    voucher_price_cents = models.PositiveIntegerField(_("voucher price (cents)"), null=True, blank=True)
    vat_rate_percent = models.PositiveSmallIntegerField(_("VAT rate"), null=True, blank=True)
    reward_reserved = models.BooleanField(default=False, editable=False)
    reward_done_at = models.DateTimeField(_("reward handed over"), null=True, blank=True)

    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    currency = models.CharField(_("currency"), max_length=3, default="eur", editable=False)
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"), max_length=254)
    display_name = models.CharField(_("public name"), max_length=60, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    message = models.TextField(_("message"), max_length=500, blank=True)
    message_approved = models.BooleanField(_("message approved"), default=False)
    language = models.CharField(_("language"), max_length=8, default="de")

    state = models.CharField(
        _("state"), max_length=16, choices=PledgeState.choices, default=PledgeState.PENDING, db_index=True
    )
    public_token = models.CharField(max_length=64, unique=True, default=new_public_token, editable=False)
    # Random, so it never repeats — unlike the id, which a restored database hands out again: the idempotency key of
    # the Stripe requests for this pledge, and its reference in the Checkout Session's metadata.
    checkout_key = models.CharField(max_length=32, default=new_checkout_key, editable=False, db_index=True)
    stripe_session_id = models.CharField(_("Checkout Session"), max_length=255, unique=True, null=True, blank=True)
    stripe_payment_intent = models.CharField(_("PaymentIntent"), max_length=255, blank=True, db_index=True)
    refunded_cents = models.PositiveIntegerField(_("refunded (cents)"), default=0)
    refund_requested_at = models.DateTimeField(_("refund requested"), null=True, blank=True)
    refund_reason = models.TextField(_("refund reason"), max_length=500, blank=True)
    refund_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("refund requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Monthly support: the subscription this paid month belongs to, and its Stripe invoice (one pledge per invoice).
    subscription = models.ForeignKey(
        "fundraising.Subscription",
        verbose_name=_("monthly support"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pledges",
        editable=False,
    )
    stripe_invoice_id = models.CharField(_("Stripe invoice"), max_length=255, unique=True, null=True, blank=True)
    # What Stripe said about a dispute of the charge, the last time we asked (it may arrive before the payment).
    dispute_status = models.CharField(_("dispute"), max_length=32, blank=True, editable=False)

    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField(_("checkout expires"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-created_at"]
        # Editors of the city refund pledges (the editorial group gets it in a data migration); without it there is
        # no refund button.
        permissions = [("refund_pledge", _("Can refund pledges"))]
        indexes = [
            models.Index(fields=["campaign", "state"], name="pledge_campaign_state"),
            models.Index(fields=["target", "state"], name="pledge_target_state"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_cents__gt=0), name="pledge_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(campaign__isnull=True)
                | models.Q(campaign=models.F("target"), business__isnull=False),
                name="pledge_campaign_is_target",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.amount_cents / 100:.2f} € ({self.get_state_display()})"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._counted_as = instance.counted()
        return instance

    def counted(self):
        """What the totals depend on: (target, state, amount); None for a field not loaded."""
        loaded = self.__dict__
        return loaded.get("target_id"), loaded.get("state"), loaded.get("amount_cents")

    def save(self, *args, **kwargs):
        before = getattr(self, "_counted_as", None)
        if self.target_id is None and self.campaign_id is not None:
            self.target_id = self.campaign_id  # a business's campaign is its own target
        update_fields = kwargs.get("update_fields")
        if (update_fields is not None and not totals.COUNTED_FIELDS & set(update_fields)) or before == self.counted():
            super().save(*args, **kwargs)
            return
        adding = self._state.adding
        with transaction.atomic(using=kwargs.get("using")):
            if before is None and not adding and self.pk is not None:
                # An instance made by hand for an existing row: what the database holds is what counted.
                before = (
                    Pledge._base_manager.filter(pk=self.pk).values_list("target_id", "state", "amount_cents").first()
                )
            super().save(*args, **kwargs)
            states = {self.state, None if adding else (before[1] if before else None)}
            if PledgeState.PAID in states or (not adding and None in states):
                totals.refresh({self.target_id, before[0] if before else None})
        self._counted_as = self.counted()

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        # The refreshed fields now count as what the database holds (a deferred field loads through here, too).
        before = getattr(self, "_counted_as", None) or (None, None, None)
        refreshed = None if fields is None else {name.removesuffix("_id") for name in fields}
        self._counted_as = tuple(
            now if refreshed is None or name in refreshed else was
            for name, was, now in zip(("target", "state", "amount_cents"), before, self.counted(), strict=True)
        )

    def delete(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using")):
            target_id = self.target_id
            deleted = super().delete(*args, **kwargs)
            totals.refresh([target_id])
        return deleted

    @property
    def display_reward_title(self):
        """The reward's title in the reader's language when the platform generated it."""
        return display_title(self.reward_title, self.voucher_value_cents)

    @property
    def public_name(self):
        if self.anonymous or not self.display_name:
            return None
        return self.display_name

    @property
    def breakdown(self):
        return pledge_breakdown(self)

    @property
    def amount_display(self):
        return format_cents(self.amount_cents)


class StripeEvent(models.Model):
    """Every webhook event we processed, once: the unique event id is the guard against duplicates."""

    # High-volume records: Wagtail's reference index (admin "usage") would cost a write per save.
    wagtail_reference_index_ignore = True

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    livemode = models.BooleanField(default=False)
    created = models.DateTimeField(null=True)
    received_at = models.DateTimeField(auto_now_add=True)
    pledge = models.ForeignKey(Pledge, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.type} {self.event_id}"


class DemoCheckoutSession(models.Model):
    """The local stand-in for a Stripe Checkout Session in demo mode; shaped like Stripe's object."""

    # High-volume records: Wagtail's reference index (admin "usage") would cost a write per save.
    wagtail_reference_index_ignore = True

    session_id = models.CharField(max_length=64, unique=True)
    pledge = models.ForeignKey(Pledge, null=True, on_delete=models.CASCADE, related_name="demo_sessions")
    # Monthly support in demo mode: the session is for a subscription; `subscription_status` is what "Stripe" says.
    subscription = models.ForeignKey(
        "fundraising.Subscription", null=True, on_delete=models.CASCADE, related_name="demo_sessions"
    )
    subscription_status = models.CharField(max_length=20, blank=True)
    invoices_sent = models.PositiveIntegerField(default=0)
    amount_total = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default="eur")
    status = models.CharField(max_length=10, default="open")  # open, complete, expired
    payment_status = models.CharField(max_length=20, default="unpaid")  # unpaid, paid
    payment_intent = models.CharField(max_length=64, blank=True)
    success_url = models.CharField(max_length=500)
    cancel_url = models.CharField(max_length=500)
    refunded = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    def as_stripe(self):
        if self.subscription_id:
            return self.subscription_as_stripe()
        return {
            "id": self.session_id,
            "object": "checkout.session",
            "amount_total": self.amount_total,
            "currency": self.currency,
            "status": self.status,
            "payment_status": self.payment_status,
            "payment_intent": self.payment_intent or None,
            "client_reference_id": str(self.pledge_id),
            "metadata": {"pledge_id": str(self.pledge_id)},
            "created": int(self.created.timestamp()),
            "expires_at": int(self.expires_at.timestamp()),
            "livemode": False,
        }

    def subscription_as_stripe(self):
        return {
            "id": self.session_id,
            "object": "checkout.session",
            "mode": "subscription",
            "amount_total": self.amount_total,
            "currency": self.currency,
            "status": self.status,
            "payment_status": self.payment_status,
            "subscription": self.demo_subscription_id if self.status == "complete" else None,
            "customer": f"cus_demo_{self.subscription_id}" if self.status == "complete" else None,
            "client_reference_id": f"sub:{self.subscription_id}",
            "metadata": {"subscription_id": str(self.subscription_id)},
            "created": int(self.created.timestamp()),
            "expires_at": int(self.expires_at.timestamp()),
            "livemode": False,
        }

    @property
    def demo_subscription_id(self):
        return f"sub_demo_{self.session_id[8:]}"

    def __str__(self):
        return self.session_id
