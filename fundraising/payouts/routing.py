"""Where a pledge's money goes, decided when its checkout is created (hook `fundraising_checkout_params`).

A business whose connected account has `charges_enabled` gets a destination charge: Stripe moves the money to
the business's account as part of the payment (`payment_intent_data.transfer_data.destination`), minus the
optional platform fee (`application_fee_amount`, from the site setting `platform_fee_percent`, default 0).
Otherwise the platform collects the money and the editors pay it out by hand (the amount-owed report).
The decision is recorded per pledge in PledgeRouting; refunds of destination charges reverse the transfer.
"""

from fundraising.conf import conf
from fundraising.models import FundraisingSettings
from fundraising.payouts.models import ConnectedAccount, PledgeRouting, RoutingMode


def platform_fee_cents(pledge):
    """The platform fee: floor(amount × percent / 100) in whole cents — rounded in the business's favour."""

    site = pledge.target.get_site()
    percent = FundraisingSettings.for_site(site).platform_fee_percent if site else 0
    return pledge.amount_cents * int(percent or 0) // 100


def destination_account_for(business_id):
    """The connected account id a pledge may go to, or None. A demo account only counts in demo mode."""
    account = ConnectedAccount.objects.filter(business_id=business_id, charges_enabled=True).first()
    if account is None or account.demo != bool(conf.PAYMENTS_DEMO_MODE) or not account.can_receive_transfers:
        return None
    return account.stripe_account_id


def route_checkout(pledge, params):
    """Hook `fundraising_checkout_params`: add the destination charge to the Checkout Session params (in place)
    and record the routing."""
    # A collective campaign's money is collected on the platform and paid out per business at the end.
    account_id = destination_account_for(pledge.business_id) if pledge.business_id else None
    # No fee on collective pledges: their ledger splits the whole net, so a recorded fee would never be taken.
    fee = platform_fee_cents(pledge) if pledge.business_id else 0
    if account_id:
        intent = params.setdefault("payment_intent_data", {})
        intent["transfer_data"] = {"destination": account_id}
        if fee:
            intent["application_fee_amount"] = fee
        mode = RoutingMode.DESTINATION
    else:
        mode = RoutingMode.PLATFORM
    PledgeRouting.objects.update_or_create(
        pledge=pledge,
        defaults={"mode": mode, "stripe_account_id": account_id or "", "application_fee_cents": fee},
    )


def refund_params(pledge, params):
    """Hook `fundraising_refund_params`: a destination charge's refund takes the money back from the business's
    account (reverse_transfer) and gives back the platform fee, so neither side keeps part of a refunded pledge."""
    routing = PledgeRouting.objects.filter(pledge=pledge).first()
    if routing is None or routing.mode != RoutingMode.DESTINATION:
        return
    params["reverse_transfer"] = True
    if routing.application_fee_cents:
        params["refund_application_fee"] = True
