"""Stripe's requirement keys (e.g. `individual.verification.document`) as things an owner understands."""

from django.utils.translation import gettext_lazy as _

# Longest prefix wins. Several keys often map to one label (all address parts are "your address").
LABELS = [
    ("external_account", _("A bank account for payouts")),
    ("tos_acceptance", _("Accepting Stripe's terms of service")),
    ("business_type", _("The legal form of your business")),
    ("business_profile.mcc", _("The category of your business")),
    ("business_profile.url", _("Your website or a short description of what you sell")),
    ("business_profile.product_description", _("Your website or a short description of what you sell")),
    ("business_profile", _("Details about your business")),
    ("company.tax_id", _("Your company's tax number")),
    ("company.vat_id", _("Your VAT number")),
    ("company.registration_number", _("Your company's registration number")),
    ("company.address", _("Your company's address")),
    ("company.name", _("Your company's name")),
    ("company.phone", _("Your company's phone number")),
    ("company.directors_provided", _("Information about the directors")),
    ("company.owners_provided", _("Information about the owners")),
    ("company.executives_provided", _("Information about the executives")),
    ("company.verification", _("A document proving your company's registration")),
    ("company", _("Details about your company")),
    ("directors", _("Information about the directors")),
    ("owners", _("Information about the owners")),
    ("executives", _("Information about the executives")),
    ("representative.verification", _("An identity document of the representative")),
    ("representative", _("Personal details of the company's representative")),
    ("person_", _("Personal details of a person in your business")),
    ("individual.verification.additional_document", _("A proof of address")),
    ("individual.verification", _("An identity document (ID card or passport)")),
    ("individual.address", _("Your home address")),
    ("individual.dob", _("Your date of birth")),
    ("individual.first_name", _("Your name")),
    ("individual.last_name", _("Your name")),
    ("individual.email", _("Your email address")),
    ("individual.phone", _("Your phone number")),
    ("individual.id_number", _("Your personal identification number")),
    ("individual.political_exposure", _("Whether you hold a political office")),
    ("individual", _("Your personal details")),
    ("settings.payments.statement_descriptor", _("The name shown on your customers' bank statements")),
    ("settings", _("Account settings")),
]

DISABLED_REASONS = {
    "requirements.past_due": _("Required details are overdue. Payments are paused until you add them."),
    "requirements.pending_verification": _("Stripe is verifying your details. This usually takes a few minutes."),
    "action_required.requested_capabilities": _("Stripe needs more details before you can receive money."),
    "listed": _("Stripe has restricted the account. Please contact Stripe support."),
    "platform_paused": _("The platform has paused this account. Please contact the editors."),
    "rejected.fraud": _("Stripe has rejected the account. Please contact Stripe support."),
    "rejected.incomplete_verification": _("Stripe could not verify the account. Please contact Stripe support."),
    "rejected.listed": _("Stripe has rejected the account. Please contact Stripe support."),
    "rejected.other": _("Stripe has rejected the account. Please contact Stripe support."),
    "rejected.terms_of_service": _("Stripe has rejected the account. Please contact Stripe support."),
    "under_review": _("Stripe is reviewing the account. Please wait for Stripe's email."),
    "deauthorized": _(
        "The Stripe account was disconnected from this platform. Please contact the editors to connect it again."
    ),
    "other": _("Stripe has paused the account. Please check your Stripe dashboard."),
}


def describe_requirement(key):
    key = str(key)
    for prefix, label in LABELS:
        if key == prefix or key.startswith(prefix + ".") or (prefix.endswith("_") and key.startswith(prefix)):
            return str(label)
    return str(_("Other details requested by Stripe"))


def describe_requirements(keys):
    """Human-readable, de-duplicated, in the order Stripe listed them."""
    labels = []
    for key in keys or []:
        label = describe_requirement(key)
        if label not in labels:
            labels.append(label)
    return labels


def describe_disabled_reason(reason):
    if not reason:
        return ""
    return str(DISABLED_REASONS.get(reason, DISABLED_REASONS["other"]))
