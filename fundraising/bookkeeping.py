"""The owner's bookings export for the tax adviser: one row per part of each payment, DATEV-friendly.

Column names follow DATEV's booking batch ("Buchungsstapel") so a tax adviser can map them in one step: `Umsatz`
(positive, decimal comma), `Soll/Haben-Kennzeichen` (S = money received, H = money refunded; seen from the bank
account), `WKZ Umsatz`, `Belegdatum` (TTMM as DATEV wants it) with the full `Datum` beside it, `Belegfeld 1` (the
payment's reference, also on the supporter's payment confirmation), `Buchungstext` (≤ 60 characters), `Steuersatz`
(only for single-purpose vouchers, whose VAT falls due at the sale), and our `Buchungsart` (voucher part, support part
or refund), `Art` (the pledge's kind, as in every export: one-off, monthly support with the subscription's reference,
gift, offline with the method; fundraising.pledge_kinds) and `Gutscheinklasse`. Accounts
(`Konto`, `Gegenkonto`, `BU-Schlüssel`) are left for the adviser. German spreadsheet format always (semicolon,
decimal comma), whatever the owner's language: the columns are DATEV's. Written by commons.csv_export.
"""

from django.utils import timezone, translation

from commons.csv_export import csv_response, euros, spreadsheet_format
from fundraising import pledge_kinds
from fundraising.confirmation_pdf import reference
from fundraising.legal import PaymentClass
from fundraising.models import Pledge, PledgeState

HEADER = [
    "Umsatz",
    "Soll/Haben-Kennzeichen",
    "WKZ Umsatz",
    "Konto",
    "Gegenkonto",
    "BU-Schlüssel",
    "Belegdatum",
    "Datum",
    "Belegfeld 1",
    "Buchungstext",
    "Steuersatz",
    "Buchungsart",
    "Art",
    "Gutscheinklasse",
    "Zahlungsweg",
]
PAYMENT_TEXT = {
    "online": "Online (Stripe)",
    "cash": "Bar (offline)",
    "transfer": "Überweisung (offline)",
    "grant": "Zuschuss (offline)",
}
BOOKED_STATES = (PledgeState.PAID, PledgeState.DISPUTED, PledgeState.REFUNDED, PledgeState.DISPUTE_LOST)
KIND_TEXT = {
    PaymentClass.SUPPORT: "Unterstützung ohne Gegenleistung",
    PaymentClass.MULTI_PURPOSE: "Mehrzweck-Gutschein (Verkauf, USt bei Einlösung)",
    PaymentClass.SINGLE_PURPOSE: "Einzweck-Gutschein (Verkauf)",
}


def _row(cents, sign, when, pledge, text, rate, kind, voucher_class):
    day = timezone.localtime(when).date()
    return [
        euros(cents),
        sign,
        "EUR",
        None,
        None,
        None,
        day.strftime("%d%m"),
        day,
        reference(pledge),
        text[:60],
        rate,
        kind,
        pledge_kinds.kind_label(pledge),
        voucher_class,
        PAYMENT_TEXT.get(pledge.payment_method, pledge.payment_method),
    ]


def booking_rows(pledges):
    for pledge in pledges:
        parts = pledge.breakdown
        when = pledge.paid_at or pledge.created_at
        if parts.is_voucher and parts.voucher_cents:
            text = f"{KIND_TEXT[parts.payment_class]} {pledge.reward_title}"
            yield _row(
                parts.voucher_cents, "S", when, pledge, text, parts.vat_rate_percent, "Gutschein", parts.payment_class
            )
        if parts.support_cents:
            yield _row(
                parts.support_cents, "S", when, pledge, KIND_TEXT[PaymentClass.SUPPORT], None, "Unterstützung", None
            )
        if pledge.refunded_cents:
            refund_at = pledge.updated_at or when
            yield _row(pledge.refunded_cents, "H", refund_at, pledge, "Erstattung", None, "Erstattung", None)


def bookings_response(business):
    pledges = Pledge.objects.filter(business=business, state__in=BOOKED_STATES, paid_at__isnull=False).order_by(
        "paid_at", "pk"
    )
    with translation.override("de"):  # DATEV's columns: German whatever the owner's language
        rows = list(booking_rows(pledge_kinds.with_kind(pledges).iterator()))
    return csv_response(f"buchungen-{business.pk}.csv", HEADER, rows, spreadsheet_format("de"))
