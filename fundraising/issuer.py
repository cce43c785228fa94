"""Who issues a voucher and who takes the money (docs/legal.md; not legal advice).

Settings: `FUNDRAISING_MERCHANT_OF_RECORD` ("business" or "platform"), `PLATFORM_OPERATOR_NAME`,
`PLATFORM_OPERATOR_ADDRESS`, `PLATFORM_OPERATOR_VAT_ID`. A business's voucher is issued by the business (its legal
name, address, tax number and VAT id when given) unless the platform is the merchant of record; a city-wide voucher
is always issued by the operator. The operator is named as intermediary wherever it is not the issuer.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from fundraising.conf import conf

MERCHANT_BUSINESS = "business"
MERCHANT_PLATFORM = "platform"


@dataclass(frozen=True)
class Party:
    name: str
    address: str
    tax_number: str = ""
    vat_id: str = ""

    def lines(self):
        lines = [self.name]
        if self.address:
            lines.append(self.address)
        if self.tax_number:
            lines.append(_("Tax number: %(number)s") % {"number": self.tax_number})
        if self.vat_id:
            lines.append(_("VAT id: %(number)s") % {"number": self.vat_id})
        return lines


def withdrawal_context():
    """What the withdrawal information names: the operator (who takes declarations) and its email address."""
    return {
        "operator": operator(),
        "withdrawal_email": conf.PLATFORM_OPERATOR_EMAIL or conf.DEFAULT_FROM_EMAIL,
    }


def merchant_of_record():
    value = conf.FUNDRAISING_MERCHANT_OF_RECORD
    return value if value in (MERCHANT_BUSINESS, MERCHANT_PLATFORM) else MERCHANT_BUSINESS


def operator():
    return Party(
        name=conf.PLATFORM_OPERATOR_NAME or conf.PLATFORM_NAME,
        address=conf.PLATFORM_OPERATOR_ADDRESS,
        vat_id=conf.PLATFORM_OPERATOR_VAT_ID,
    )


def business_party(business):
    # A business that shows only its district (e.g. working from home) keeps street and postcode private here too.
    exact = getattr(business, "shows_exact_location", True)
    street = getattr(business, "street", "") if exact else ""
    postcode = getattr(business, "postcode", "") if exact else ""
    place = " ".join(part for part in (postcode, getattr(business, "city", "")) if part)
    return Party(
        name=getattr(business, "legal_name", "") or business.title,
        address=", ".join(part for part in (street, place) if part),
        tax_number=getattr(business, "tax_number", ""),
        vat_id=getattr(business, "vat_id", ""),
    )


def issuer_of(voucher):
    """The party that issues the voucher (and owes what it promises)."""
    business = getattr(voucher, "business", None)
    if business is None or merchant_of_record() == MERCHANT_PLATFORM:
        return operator()
    return business_party(business)


def intermediary_of(voucher):
    """The operator, when it only arranges the sale; None when it is the issuer itself."""
    if getattr(voucher, "business", None) is None or merchant_of_record() == MERCHANT_PLATFORM:
        return None
    return operator()


def issuer_lines(voucher):
    """Text lines for the voucher PDF and page: issuer, intermediary."""
    issuer = issuer_of(voucher)
    lines = [_("Issued by: %(issuer)s") % {"issuer": " · ".join(issuer.lines())}]
    intermediary = intermediary_of(voucher)
    if intermediary is not None:
        lines.append(
            _("Sold through %(platform)s, operated by %(operator)s (intermediary, not the issuer).")
            % {"platform": conf.PLATFORM_NAME, "operator": intermediary.name}
        )
    return lines
