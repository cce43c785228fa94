"""The demo city (`seed_demo`): the amount-owed report's total is what the businesses are really owed – computed
here independently, pledge by pledge – and collective campaigns' money (paid out through their own ledger) is not in
it."""

import csv
import io
import re
from decimal import Decimal

import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse

from directory.testing import make_verified_user
from fundraising.models import Pledge, PledgeState
from fundraising.payouts.ledger import owed_to_businesses
from fundraising.payouts.models import ManualPayout, RoutingMode


def truly_owed():
    """Per business: what the platform collected for it and keeps paid, minus the kept fee, minus bank transfers.
    Offline pledges (cash in the shop, …; the demo has one) never passed through the platform: nothing owed."""
    owed = {}
    platform = Q(routing__isnull=True) | Q(routing__mode=RoutingMode.PLATFORM)
    paid_here = Pledge.objects.filter(platform, state=PledgeState.PAID, payment_method="online")
    for pledge in paid_here.select_related("routing"):
        if pledge.business_id is None:
            continue  # a collective campaign: its own ledger
        fee = getattr(getattr(pledge, "routing", None), "application_fee_cents", 0)
        kept = pledge.amount_cents - pledge.refunded_cents
        owed[pledge.business_id] = owed.get(pledge.business_id, 0) + kept - fee * kept // pledge.amount_cents
    for payout in ManualPayout.objects.all():
        owed[payout.business_id] = owed.get(payout.business_id, 0) - payout.amount_cents
    return {business_id: cents for business_id, cents in owed.items() if cents > 0}


@pytest.mark.django_db
def test_owed_report_of_the_demo_city(settings, client):
    settings.DEMO_PASSWORD = "demo-pass-123"
    call_command("seed_demo", stdout=io.StringIO())
    collective_money = Pledge.objects.filter(business__isnull=True, state=PledgeState.PAID)
    assert collective_money.exists()  # the demo city has collective campaigns with paid pledges

    rows = owed_to_businesses()
    truth = truly_owed()
    assert truth and all(row.business_id is not None and row.business for row in rows)
    assert {row.business_id: row.open_cents for row in rows if row.open_cents} == truth
    total = sum(truth.values())
    assert sum(row.open_cents for row in rows) == total

    editor = make_verified_user("kasse@example.org")
    editor.groups.add(Group.objects.get(name="Redaktion"))
    client.force_login(editor)
    body = client.get(reverse("payouts_amount_owed") + "?export=csv").content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(body), delimiter=";"))
    index = table[0].index("Offen (EUR)")
    assert sum(Decimal(row[index].replace(",", ".")) for row in table[1:]) == Decimal(total) / 100
    html = client.get(reverse("payouts_amount_owed")).content.decode()
    euros, cents = divmod(total, 100)
    assert re.search(rf"<strong>{euros:,}".replace(",", r"\.") + rf",{cents:02d}", html)
