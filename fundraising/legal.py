"""What a payment is in law, and how long a voucher is valid (German law; not legal advice).

A pledge is one payment. Its parts:
- a *voucher*: the price of the reward (its minimum pledge) buys a voucher, which is either a multi-purpose voucher
  (Mehrzweck-Gutschein, § 3 Abs. 15 UStG: VAT falls due only when it is redeemed; the default, and always the class
  of a city-wide voucher) or a single-purpose voucher (Einzweck-Gutschein, § 3 Abs. 14 UStG: place of supply and VAT
  rate are known at the sale, so VAT falls due on the sale);
- *support*: everything above the voucher's price, and every pledge without a voucher. Support is a payment without
  anything in return. It is not a donation to a charity: there is no Zuwendungsbestätigung.

The voucher's validity is never shorter than the statutory limitation period (§§ 195, 199 BGB): the end of the third
year after the year of purchase.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PaymentClass(models.TextChoices):
    SUPPORT = "support", _("Support without anything in return")
    MULTI_PURPOSE = "multi_purpose", _("Multi-purpose voucher (§ 3 Abs. 15 UStG)")
    SINGLE_PURPOSE = "single_purpose", _("Single-purpose voucher (§ 3 Abs. 14 UStG)")


VOUCHER_CLASSES = (PaymentClass.MULTI_PURPOSE, PaymentClass.SINGLE_PURPOSE)
VAT_RATE_CHOICES = [(19, "19 %"), (7, "7 %"), (0, "0 %")]


def statutory_valid_until(purchase_date):
    """The shortest validity the law allows: 31 December of the third year after the year of purchase."""
    return datetime.date(purchase_date.year + 3, 12, 31)


def too_short(valid_until, last_purchase_date):
    """True when a fixed end date would cut a voucher bought on `last_purchase_date` short."""
    return valid_until is not None and valid_until < statutory_valid_until(last_purchase_date)


def last_purchase_date(page):
    """The last day a voucher of this campaign page can be bought: its end date (today while it is unknown)."""
    end_date = getattr(page, "end_date", None) if page is not None else None
    return end_date or timezone.localdate()


def check_reward_validity(reward):
    """The ValidationError dict for a reward whose fixed end date is shorter than the law allows, or None."""
    if reward.valid_until is None:
        return None
    try:
        page = reward.page
    except Exception:  # noqa: BLE001 - an inline reward in the admin form has no page yet
        page = None
    if page is None:
        return None  # the page's admin form checks it against the end date entered (fundraising.admin_forms)
    last = last_purchase_date(page)
    if too_short(reward.valid_until, last):
        return {"valid_until": short_validity_message(last)}
    return None


def short_validity_message(last_purchase_date):
    return _(
        "A voucher must stay valid at least until the end of the third year after its purchase (§§ 195, 199 BGB): "
        "choose %(date)s or later, or leave the field empty for the statutory default."
    ) % {"date": statutory_valid_until(last_purchase_date).strftime("%d.%m.%Y")}


def vat_included(gross_cents, rate_percent):
    """The VAT contained in a gross amount, rounded half up to whole cents."""
    if not rate_percent or not gross_cents:
        return 0
    return (gross_cents * rate_percent * 2 + (100 + rate_percent)) // (2 * (100 + rate_percent))


@dataclass(frozen=True)
class Breakdown:
    payment_class: str
    amount_cents: int
    voucher_cents: int  # the price paid for the voucher (what the VAT of a single-purpose voucher is computed on)
    support_cents: int
    vat_rate_percent: int | None
    vat_cents: int

    @property
    def is_voucher(self):
        return self.payment_class in VOUCHER_CLASSES

    @property
    def class_label(self):
        return PaymentClass(self.payment_class).label

    @property
    def short_label(self):
        return SHORT_LABELS[self.payment_class]


SHORT_LABELS = {
    PaymentClass.SUPPORT: _("Support"),
    PaymentClass.MULTI_PURPOSE: _("Multi-purpose voucher"),
    PaymentClass.SINGLE_PURPOSE: _("Single-purpose voucher"),
}


def breakdown(amount_cents, payment_class, voucher_price_cents=None, vat_rate_percent=None):
    """Split a payment into voucher and support. Without a voucher class it is all support."""
    if payment_class not in VOUCHER_CLASSES or not voucher_price_cents:
        return Breakdown(PaymentClass.SUPPORT, amount_cents, 0, amount_cents, None, 0)
    voucher = min(voucher_price_cents, amount_cents)
    rate = vat_rate_percent if payment_class == PaymentClass.SINGLE_PURPOSE else None
    return Breakdown(payment_class, amount_cents, voucher, amount_cents - voucher, rate, vat_included(voucher, rate))


def pledge_breakdown(pledge):
    return breakdown(pledge.amount_cents, pledge.payment_class, pledge.voucher_price_cents, pledge.vat_rate_percent)


def reward_class_text(reward):
    """One line for the pledge form: what the reward is in law."""
    payment_class = getattr(reward, "payment_class", PaymentClass.SUPPORT)
    if payment_class == PaymentClass.SINGLE_PURPOSE and reward.vat_rate_percent is not None:
        return _("Single-purpose voucher, incl. %(rate)s %% VAT") % {"rate": reward.vat_rate_percent}
    return SHORT_LABELS.get(payment_class, SHORT_LABELS[PaymentClass.SUPPORT])


def payment_class_snapshot(reward):
    """The Pledge fields that record what a payment for this reward (or none) is."""
    payment_class = getattr(reward, "payment_class", PaymentClass.SUPPORT) if reward else PaymentClass.SUPPORT
    if reward is None or reward.kind != "voucher" or payment_class not in VOUCHER_CLASSES:
        return {"payment_class": PaymentClass.SUPPORT, "voucher_price_cents": None, "vat_rate_percent": None}
    rate = getattr(reward, "vat_rate_percent", None) if payment_class == PaymentClass.SINGLE_PURPOSE else None
    return {"payment_class": payment_class, "voucher_price_cents": reward.min_pledge_cents, "vat_rate_percent": rate}
