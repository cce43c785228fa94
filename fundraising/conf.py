"""Fundraising's settings (core and the sub-apps payments, outreach, payouts) and their defaults, documented in
fundraising/README.md. Read them here, at the point of use: `conf.get("FUNDRAISING_OWNER_URL_PREFIX")`."""

from django.conf import settings

from commons.conf import AppSettings

conf = AppSettings(
    {
        # Where owners' pages live (the same prefix as the host's owners' dashboard, so the URLs read as one area).
        "FUNDRAISING_OWNER_URL_PREFIX": "mein-unternehmen/",
        # The template public fundraising pages extend, and the one owners' pages extend (it must offer a
        # `dashboard` block; the host points it at its owners' dashboard layout).
        "FUNDRAISING_BASE_TEMPLATE": "base.html",
        "FUNDRAISING_OWNER_BASE_TEMPLATE": "fundraising/owner/base.html",
        # URL name of the owner's screen of one business (called with its id), for "back" links; "" = the public page.
        "FUNDRAISING_OWNER_BUSINESS_URL_NAME": "",
        # URL name of the owner's dashboard (no arguments), where opt-outs return; "" = the business's screen.
        "FUNDRAISING_OWNER_DASHBOARD_URL_NAME": "",
        # Minutes a checkout session stays open.
        "FUNDRAISING_CHECKOUT_MINUTES": 60,
        # Payments: the demo gateway (no money moves) unless a Stripe key is set.
        "PAYMENTS_DEMO_MODE": lambda: not getattr(settings, "STRIPE_SECRET_KEY", ""),
        # Monthly support (Stripe subscriptions): offered on the pledge form; SEPA direct debit besides cards.
        "FUNDRAISING_MONTHLY_SUPPORT": True,
        "FUNDRAISING_MONTHLY_SEPA": False,
        "STRIPE_SECRET_KEY": "",
        "STRIPE_WEBHOOK_SECRET": "",
        "STRIPE_CONNECT_WEBHOOK_SECRET": "",
        "PAYOUTS_ACCOUNT_COUNTRY": "DE",
        # Texts and links in emails, PDFs and share images.
        "PLATFORM_NAME": "Wir stehen hinter dir",
        "CITY_NAME": "Dortmund",
        "BASE_URL": "http://127.0.0.1:8000",
        # Outreach.
        "OUTREACH_UPDATES_PER_DAY": 3,
        "OUTREACH_DASHBOARD_GROUPS": ["Redaktion"],
        "OUTREACH_CACHE_SECONDS": 300,
        "OUTREACH_ENDING_SOON_DAYS": 14,
        # German law for vouchers and payments (docs/legal.md): who sells ("business" or "platform"), who operates
        # the platform (named on vouchers, payment confirmations and the withdrawal information).
        "FUNDRAISING_MERCHANT_OF_RECORD": "business",
        "PLATFORM_OPERATOR_NAME": "",
        "PLATFORM_OPERATOR_ADDRESS": "",
        "PLATFORM_OPERATOR_VAT_ID": "",
        "PLATFORM_OPERATOR_EMAIL": "",
        "DEFAULT_FROM_EMAIL": "webmaster@localhost",
        # State aid: match money only after a de-minimis declaration confirmed within the last N days.
        "PAYOUTS_REQUIRE_DE_MINIMIS_DECLARATION": False,
        "PAYOUTS_DE_MINIMIS_VALID_DAYS": 365,
        # Payment methods the city's match funds apply to (fundraising.offline): grants are not matched by default.
        "FUNDRAISING_MATCH_PAYMENT_METHODS": ["online", "cash", "transfer"],
        # Where evidence of offline pledges is stored (never served publicly); "" = <BASE_DIR>/private/evidence.
        "FUNDRAISING_EVIDENCE_ROOT": "",
        # Groups the data migrations grant the editors' permissions to.
        "EDITOR_GROUPS": ["Redaktion"],
    }
)
get = conf.get
