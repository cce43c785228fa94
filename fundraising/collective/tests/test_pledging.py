"""Pledging to a collective campaign: the one payment path, city-wide vouchers booked per shop, refunds reducing the
shares, the accounts adding up to the cent, the public report and the editors' payout."""

import datetime
import random

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from directory.ownership import grant_ownership
from directory.testing import make_editor, make_verified_user
from fundraising.collective.beneficiaries import freeze
from fundraising.collective.factories import CollectiveCampaignPageFactory
from fundraising.collective.models import CollectivePayout, CollectiveReward, Distribution, ListedBusiness
from fundraising.collective.payouts import PayoutRefused, record_manual_payout, transfer_open_amounts
from fundraising.collective.shares import ledger, live_shares
from fundraising.models import Pledge, PledgeState, Redemption, Voucher, VoucherState
from fundraising.tests.fakes import event, signed
from fundraising.vouchers import RedeemError, redeem

FORM = {
    "amount": "other",
    "custom_amount": "50",
    "name": "Erika Mustermann",
    "email": "erika@example.org",
    "display_name": "Erika",
    "message": "Borussia verbindet!",
    "accept_terms": "on",
    "website": "",
}


def started_campaign(city, distribution=Distribution.EQUAL, listed=(), **fields):
    """A live campaign for the gastronomy in Nord (Brauhaus Nord, Café Nord), started today and frozen."""
    today = timezone.localdate()
    page = CollectiveCampaignPageFactory(
        start_date=today, end_date=today + datetime.timedelta(days=30), distribution=distribution, **fields
    )
    page.rule_categories.set([city["gastro"]])
    page.rule_districts.set([city["north"]])
    for business, weight in listed:
        ListedBusiness.objects.create(page=page, business=business, weight=weight)
    page.save()
    freeze(page)
    page.refresh_from_db()
    return page


@pytest.fixture
def campaign(city):
    page = started_campaign(city)
    CollectiveReward.objects.create(
        page=page, title="Stadtgutschein 20 €", min_pledge_cents=2000, voucher_value_cents=2000
    )
    return page


def webhook(client, fake, pledge, **overrides):
    payload, header = signed(event("checkout.session.completed", fake.add_session(pledge, **overrides)))
    return client.post("/stripe/webhook/", payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


def refund_event(client, pledge, amount_refunded=None):
    amount_refunded = pledge.amount_cents if amount_refunded is None else amount_refunded
    charge = {
        "id": f"ch_{pledge.pk}",
        "object": "charge",
        "payment_intent": pledge.stripe_payment_intent,
        "amount_refunded": amount_refunded,
        "refunded": amount_refunded >= pledge.amount_cents,
    }
    payload, header = signed(event("charge.refunded", charge))
    return client.post("/stripe/webhook/", payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


def paid_pledge(page, amount, voucher_cents=None, **fields):
    """A paid pledge with its voucher, as the webhook leaves it (for account tests that need many)."""
    pledge = Pledge.objects.create(
        target=page,
        amount_cents=amount,
        name="X",
        email="x@example.org",
        state=PledgeState.PAID,
        paid_at=timezone.now(),
        reward_kind="voucher" if voucher_cents else "",
        voucher_value_cents=voucher_cents,
        **fields,
    )
    if voucher_cents:
        from fundraising.vouchers import issue_vouchers

        issue_vouchers(pledge)
    return pledge


# The payment path -------------------------------------------------------------------------------------------------


def test_pledge_goes_through_checkout_and_webhook_to_a_city_wide_voucher(
    client, fake_stripe, campaign, city, django_capture_on_commit_callbacks
):
    reward = campaign.rewards.get()
    response = client.post(campaign.url + "unterstuetzen/", {**FORM, "reward": str(reward.pk)})
    assert response.status_code == 303 and response["Location"].startswith("https://checkout.stripe.com/")
    pledge = Pledge.objects.get()
    assert pledge.target_id == campaign.pk and pledge.campaign_id is None and pledge.business_id is None
    assert (
        pledge.reward_id is None and pledge.reward_title == "Stadtgutschein 20 €" and pledge.voucher_value_cents == 2000
    )
    checkout = fake_stripe.requests[0]["body"]
    assert checkout["line_items"]["0"]["price_data"]["product_data"]["name"] == campaign.title
    assert "transfer_data" not in checkout.get("payment_intent_data", {})  # collected on the platform
    from fundraising.payouts.models import PledgeRouting

    assert PledgeRouting.objects.get(pledge=pledge).mode == "platform"

    with django_capture_on_commit_callbacks(execute=True):
        assert webhook(client, fake_stripe, pledge).status_code == 200
        assert webhook(client, fake_stripe, pledge).status_code == 200  # a replayed event changes nothing
    pledge.refresh_from_db()
    assert pledge.state == PledgeState.PAID
    voucher = Voucher.objects.get()
    assert voucher.scope_id == campaign.pk and voucher.business_id is None and voucher.face_value_cents == 2000
    assert len(mail.outbox) == 1 and campaign.title in mail.outbox[0].subject
    # The public page: progress, the live share, the supporter.
    page = client.get(campaign.url)
    assert page.status_code == 200
    assert "Erika" in page.text and "50" in page.text
    accounts = ledger(campaign)
    assert accounts.net_cents == 5000 and accounts.outstanding_cents == 2000 and accounts.split_cents == 3000
    assert live_shares(campaign) == {city["gastro_north_1"].pk: 1500, city["gastro_north_2"].pk: 1500}
    # The voucher page names the campaign and says where it is valid.
    voucher_page = client.get(reverse("fundraising:voucher", args=[voucher.token]))
    assert voucher_page.status_code == 200 and campaign.title in voucher_page.text


def test_no_pledges_before_the_start_or_without_beneficiaries(client, fake_stripe, city):
    upcoming = CollectiveCampaignPageFactory()  # starts in a week
    upcoming.rule_categories.set([city["gastro"]])
    upcoming.save()
    response = client.post(upcoming.url + "unterstuetzen/", FORM)
    assert response.status_code == 400 and not Pledge.objects.exists()
    empty = started_campaign(city)
    empty.rule_categories.set([])
    empty.rule_districts.set([])
    from fundraising.collective.models import FrozenBeneficiary

    FrozenBeneficiary.objects.filter(campaign=empty).delete()
    assert not empty.accepts_pledges()
    assert client.post(empty.url + "unterstuetzen/", FORM).status_code == 400
    assert not Pledge.objects.exists()


def test_started_campaign_is_frozen_on_the_first_visit(client, fake_stripe, city):
    today = timezone.localdate()
    page = CollectiveCampaignPageFactory(start_date=today + datetime.timedelta(days=1))
    page.rule_categories.set([city["gastro"]])
    page.save()
    page.save_revision().publish()
    from fundraising.collective.models import CollectiveCampaignPage

    CollectiveCampaignPage.objects.filter(pk=page.pk).update(start_date=today)  # the nightly command has not run
    assert client.get(page.url).status_code == 200
    page.refresh_from_db()
    assert page.frozen_at is not None and page.frozen_beneficiaries.count() == 3


def test_pledge_submit_url_takes_collective_campaigns_and_refuses_others(client, fake_stripe, campaign):
    url = reverse("fundraising:pledge_submit", args=[campaign.pk])
    assert client.post(url, FORM, HTTP_ORIGIN="http://testserver").status_code == 303
    index = campaign.get_parent()
    assert client.post(reverse("fundraising:pledge_submit", args=[index.pk]), FORM).status_code == 404
    assert client.post(url, FORM, HTTP_ORIGIN="https://evil.example").status_code == 403
    from fundraising.collective.models import CollectiveCampaignPage

    CollectiveCampaignPage.objects.filter(pk=campaign.pk).update(live=False)
    assert client.post(url, FORM).status_code == 404
    assert Pledge.objects.count() == 1


def test_reward_of_another_campaign_or_below_its_minimum_is_refused(client, fake_stripe, campaign, city):
    other = started_campaign(city)
    foreign = CollectiveReward.objects.create(page=other, title="Fremd", min_pledge_cents=100, voucher_value_cents=100)
    response = client.post(campaign.url + "unterstuetzen/", {**FORM, "reward": str(foreign.pk)})
    assert response.status_code == 400
    own = campaign.rewards.get()
    response = client.post(campaign.url + "unterstuetzen/", {**FORM, "custom_amount": "10", "reward": str(own.pk)})
    assert response.status_code == 400
    response = client.post(campaign.url + "unterstuetzen/", {**FORM, "name": "<script>alert(1)</script>"})
    assert response.status_code == 303  # stored as text; never rendered unescaped (supporter list shows display_name)
    assert not Voucher.objects.exists()


def test_voucher_worth_more_than_its_minimum_pledge_is_invalid(campaign):
    from django.core.exceptions import ValidationError

    reward = CollectiveReward(page=campaign, title="Zu viel", min_pledge_cents=1000, voucher_value_cents=1500)
    with pytest.raises(ValidationError):
        reward.clean()


# City-wide vouchers ---------------------------------------------------------------------------------------------


def test_city_wide_voucher_redeemed_in_two_shops_is_booked_per_shop(client, campaign, city):
    voucher = paid_pledge(campaign, 2000, 2000).vouchers.get()
    brauhaus, cafe, grill = city["gastro_north_1"], city["gastro_north_2"], city["gastro_south"]
    first = redeem(voucher.pk, brauhaus, 1200, None)
    second = redeem(voucher.pk, cafe, 800, None)
    assert (first.business_id, second.business_id) == (brauhaus.pk, cafe.pk)
    voucher.refresh_from_db()
    assert voucher.balance_cents == 0 and voucher.state == VoucherState.REDEEMED
    accounts = ledger(campaign)
    rows = accounts.by_business
    assert rows[brauhaus.pk].redeemed_cents == 1200 and rows[cafe.pk].redeemed_cents == 800
    assert accounts.outstanding_cents == 0 and accounts.split_cents == 0 and accounts.balances()
    # A shop that is not a beneficiary can never take it.
    fresh = paid_pledge(campaign, 2000, 2000).vouchers.get()
    with pytest.raises(RedeemError):
        redeem(fresh.pk, grill, 500, None)
    assert not Redemption.objects.filter(business=grill).exists()


def test_owner_redeem_screen_finds_city_wide_vouchers_of_its_campaigns_only(client, campaign, city):
    voucher = paid_pledge(campaign, 2000, 2000).vouchers.get()
    owner = make_verified_user("wirt@example.org")
    grant_ownership(city["gastro_north_1"], owner)
    stranger = make_verified_user("grill@example.org")
    grant_ownership(city["gastro_south"], stranger)
    url = reverse("fundraising:owner_redeem", args=[city["gastro_north_1"].pk])
    client.force_login(owner)
    response = client.post(url, {"code": voucher.code, "action": "redeem", "amount": "5,00"})
    assert response.status_code == 200
    assert Redemption.objects.get().business_id == city["gastro_north_1"].pk
    client.force_login(stranger)
    response = client.post(
        reverse("fundraising:owner_redeem", args=[city["gastro_south"].pk]),
        {"code": voucher.code, "action": "redeem", "amount": "5,00"},
    )
    assert response.status_code == 404 and Redemption.objects.count() == 1
    # The shop's own redemption list shows it; the other shop's does not.
    client.force_login(owner)
    listing = client.get(reverse("fundraising:owner_vouchers", args=[city["gastro_north_1"].pk]))
    assert voucher.code[-4:] in listing.text


# Refunds reduce the shares ------------------------------------------------------------------------------------


def test_refunds_reduce_shares(client, fake_stripe, campaign, city):
    support = Pledge.objects.create(target=campaign, amount_cents=10_001, name="A", email="a@example.org")
    with_voucher = Pledge.objects.create(
        target=campaign,
        amount_cents=5000,
        name="B",
        email="b@example.org",
        reward_title="Stadtgutschein",
        reward_kind="voucher",
        voucher_value_cents=2000,
    )
    for pledge in (support, with_voucher):
        assert webhook(client, fake_stripe, pledge).status_code == 200
        pledge.refresh_from_db()
    before = ledger(campaign)
    assert before.split_cents == 10_001 + 3000
    assert sorted(r.share_cents for r in before.rows) == [6500, 6501]
    # A partial refund of the support pledge lowers the pot by what was refunded.
    assert refund_event(client, support, amount_refunded=1).status_code == 200
    assert ledger(campaign).split_cents == 10_000 + 3000
    # The voucher pledge refunded in full: its voucher is void and only its support part leaves the pot.
    assert refund_event(client, with_voucher).status_code == 200
    after = ledger(campaign)
    assert Voucher.objects.get().state == VoucherState.VOID
    assert after.outstanding_cents == 0 and after.split_cents == 10_000
    assert [r.share_cents for r in after.rows] == [5000, 5000]
    assert after.balances() and after.refunded_cents == 5001
    # Replayed refund: nothing changes twice.
    assert refund_event(client, with_voucher).status_code == 200
    assert ledger(campaign).split_cents == 10_000


def test_refund_after_the_voucher_was_used_keeps_the_shop_paid(campaign, city):
    pledge = paid_pledge(campaign, 2000, 2000)
    voucher = pledge.vouchers.get()
    redeem(voucher.pk, city["gastro_north_1"], 2000, None)
    Pledge.objects.filter(pk=pledge.pk).update(state=PledgeState.REFUNDED, refunded_cents=2000)
    from fundraising.vouchers import void_vouchers_for

    void_vouchers_for(pledge)
    accounts = ledger(campaign)
    assert accounts.by_business[city["gastro_north_1"].pk].redeemed_cents == 2000
    assert accounts.deficit_cents == 2000 and accounts.split_cents == 0 and accounts.balances()


@pytest.mark.parametrize("seed", range(12))
def test_accounts_add_up_to_the_cent(seed, city):
    """Random pledges, vouchers, partial and full refunds, disputes and redemptions in random shops (weighted)."""
    rng = random.Random(seed)
    page = started_campaign(
        city, distribution=Distribution.WEIGHTED, listed=[(city["books_north"], rng.randint(1, 50))]
    )
    assert page.frozen_beneficiaries.count() == 3
    shops = [city["gastro_north_1"], city["gastro_north_2"]]
    for _n in range(rng.randint(1, 25)):
        amount = rng.randint(100, 50_000)
        voucher = rng.choice([None, None, min(amount, rng.randint(100, 10_000))])
        pledge = paid_pledge(page, amount, voucher)
        roll = rng.random()
        if roll < 0.15:
            Pledge.objects.filter(pk=pledge.pk).update(refunded_cents=rng.randint(1, amount))
        elif roll < 0.25:
            Pledge.objects.filter(pk=pledge.pk).update(state=PledgeState.REFUNDED, refunded_cents=amount)
            from fundraising.vouchers import void_vouchers_for

            void_vouchers_for(pledge)
        elif roll < 0.3:
            Pledge.objects.filter(pk=pledge.pk).update(state=PledgeState.DISPUTED)
        elif voucher and roll < 0.8:
            v = pledge.vouchers.get()
            redeem(v.pk, rng.choice(shops), rng.randint(1, v.balance_cents), None)
    accounts = ledger(page)
    assert accounts.balances()
    assert sum(r.share_cents for r in accounts.rows) == accounts.split_cents
    assert all(r.share_cents >= 0 for r in accounts.rows)
    assert sum(r.redeemed_cents for r in accounts.rows) == accounts.redeemed_cents  # every use booked on a beneficiary


# Public report and the business page ------------------------------------------------------------------------------


def test_public_report_adds_up_and_shows_no_supporter_data(client, campaign, city):
    paid_pledge(campaign, 10_001, None)
    pledge = paid_pledge(campaign, 2000, 2000)
    Pledge.objects.filter(pk=pledge.pk).update(name="Geheim Name", email="geheim@example.org")
    redeem(pledge.vouchers.get().pk, city["gastro_north_2"], 700, None)
    response = client.get(campaign.url + "bericht/")
    assert response.status_code == 200
    text = response.text
    assert "geheim@example.org" not in text and "Geheim Name" not in text
    assert city["gastro_north_1"].title in text and city["gastro_north_2"].title in text
    assert "100,01" in text  # the split: 12.001 - 2.000 voucher = 10.001 € split in two
    assert "50,01" in text and "50,00" in text
    assert "7,00" in text and "13,00" in text  # used in Café Nord; not yet used


def test_report_is_404_before_the_start(client, city):
    page = CollectiveCampaignPageFactory()
    assert client.get(page.url + "bericht/").status_code == 404


def test_business_page_shows_live_share(client, campaign, city):
    paid_pledge(campaign, 3001, None)
    response = client.get(city["gastro_north_1"].url)
    assert response.status_code == 200
    assert campaign.title in response.text
    assert "15,01" in response.text or "15,00" in response.text


# Payouts ------------------------------------------------------------------------------------------------------


@pytest.fixture
def ended(campaign, city):
    from fundraising.collective.models import CollectiveCampaignPage

    paid_pledge(campaign, 10_000, None)
    voucher = paid_pledge(campaign, 2000, 2000).vouchers.get()
    redeem(voucher.pk, city["gastro_north_1"], 500, None)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    CollectiveCampaignPage.objects.filter(pk=campaign.pk).update(end_date=yesterday)
    campaign.refresh_from_db()
    return campaign


def connect_account(business, account_id):
    from fundraising.payouts.models import ConnectedAccount

    return ConnectedAccount.objects.create(
        business=business,
        stripe_account_id=account_id,
        charges_enabled=True,
        payouts_enabled=True,
        details_submitted=True,
    )


def test_transfer_pays_connected_businesses_once(fake_stripe, ended, city):
    connect_account(city["gastro_north_1"], "acct_test_brauhaus")
    editor = make_verified_user("redaktion@example.org")
    paid, failed = transfer_open_amounts(ended, editor)
    assert failed == [] and paid == [(city["gastro_north_1"].title, 5000 + 500)]
    transfer = fake_stripe.transfers[0]
    assert transfer["destination"] == "acct_test_brauhaus" and transfer["amount"] == 5500
    assert transfer["transfer_group"] == f"collective-{ended.pk}"
    # Run again (double click, second editor): nothing more is due, nothing is sent.
    assert transfer_open_amounts(ended, editor) == ([], [])
    assert len(fake_stripe.transfers) == 1 and CollectivePayout.objects.count() == 1
    # More vouchers used later: only the difference is transferred.
    voucher = Voucher.objects.get()
    redeem(voucher.pk, city["gastro_north_1"], 300, None)
    paid, _failed = transfer_open_amounts(ended, editor)
    assert paid == [(city["gastro_north_1"].title, 300)]
    # Café Nord has no connected account: owed, for the CSV and a recorded bank transfer.
    row = ledger(ended, with_payouts=True).by_business[city["gastro_north_2"].pk]
    assert row.open_cents == 5000


def test_stripe_down_keeps_the_attempt_unconfirmed_and_pays_once_later(fake_stripe, ended, city):
    connect_account(city["gastro_north_1"], "acct_test_brauhaus")
    fake_stripe.fail = True  # 500 from Stripe: it may or may not have done it
    paid, failed = transfer_open_amounts(ended, None)
    assert paid == [] and len(failed) == 1 and failed[0][1].outcome_unknown
    attempt = CollectivePayout.objects.get()
    assert attempt.state == "pending" and attempt.amount_cents == 5500
    row = ledger(ended, with_payouts=True).by_business[city["gastro_north_1"].pk]
    assert row.paid_out_cents == 0 and row.pending_cents == 5500 and row.open_cents == 0
    fake_stripe.fail = False
    paid, failed = transfer_open_amounts(ended, None)
    assert paid == [(city["gastro_north_1"].title, 5500)] and failed == []
    assert len(fake_stripe.transfers) == 1 and CollectivePayout.objects.get().state == "paid"


def test_no_payout_before_the_end(fake_stripe, campaign, city):
    paid_pledge(campaign, 10_000, None)
    with pytest.raises(PayoutRefused):
        transfer_open_amounts(campaign, None)
    with pytest.raises(PayoutRefused):
        record_manual_payout(campaign, city["gastro_north_2"].pk, 100, "x", None)


def test_manual_payout_limits(ended, city):
    cafe = city["gastro_north_2"].pk
    for bad in (0, -1, 5001, "100"):
        with pytest.raises(PayoutRefused):
            record_manual_payout(ended, cafe, bad, "SEPA 1", None)
    with pytest.raises(PayoutRefused):
        record_manual_payout(ended, city["gastro_south"].pk, 100, "not a beneficiary", None)
    record_manual_payout(ended, cafe, 5000, "SEPA 2026-11-25", None)
    with pytest.raises(PayoutRefused):
        record_manual_payout(ended, cafe, 1, "twice", None)


def test_admin_payout_page_csv_and_permissions(client, fake_stripe, ended, city):
    url = reverse("collective_admin_payout", args=[ended.pk])
    stranger = make_verified_user("niemand@example.org")
    client.force_login(stranger)
    assert client.get(url).status_code in (302, 403)
    editor = make_editor("redaktion@example.org")  # in the editors' group, with access to the admin
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200 and city["gastro_north_2"].title in response.text
    csv = client.get(url + "?export=csv")
    assert csv["Content-Type"].startswith("text/csv")
    body = csv.content.decode("utf-8-sig")
    assert city["gastro_north_1"].title in body and ";55,00;" in body
    response = client.post(
        url,
        {
            "action": "manual",
            "business": str(city["gastro_north_2"].pk),
            "amount": "50,00",
            "reference": "=HYPERLINK()",
        },
    )
    assert response.status_code == 302
    assert CollectivePayout.objects.get().amount_cents == 5000
    assert client.post(url, {"action": "manual", "business": "abc", "amount": "x"}).status_code == 302
    assert client.post(url, {"action": "nonsense"}).status_code == 302
    assert CollectivePayout.objects.count() == 1
    csv = client.get(url + "?export=csv").content.decode("utf-8-sig")
    assert "=HYPERLINK" not in csv  # the reference is not exported; names are neutralised by csv_safe
    # The public report now shows what was paid out.
    report = client.get(ended.url + "bericht/")
    assert "Final report" in report.text or "Abschlussbericht" in report.text


def test_admin_lists_show_collective_pledges_and_vouchers(admin_client, campaign):
    pledge = paid_pledge(campaign, 2000, 2000, display_name="Kalle")
    Pledge.objects.filter(pk=pledge.pk).update(message="Toll!")
    for name in ("fundraising_pledge:index", "fundraising_voucher:index", "supporter_messages:index"):
        response = admin_client.get(reverse(name))
        assert response.status_code == 200, name
        assert campaign.title in response.text, name
    response = admin_client.get(reverse("fundraising_pledge:index") + f"?target={campaign.pk}")
    assert response.status_code == 200


def test_refund_after_payout_shows_overpayment(fake_stripe, ended, city):
    connect_account(city["gastro_north_1"], "acct_test_brauhaus")
    transfer_open_amounts(ended, None)
    support = Pledge.objects.get(voucher_value_cents=None)
    Pledge.objects.filter(pk=support.pk).update(state=PledgeState.REFUNDED, refunded_cents=support.amount_cents)
    row = ledger(ended, with_payouts=True).by_business[city["gastro_north_1"].pk]
    assert row.paid_out_cents == 5500 and row.due_cents == 500 and row.overpaid_cents == 5000 and row.open_cents == 0
    assert transfer_open_amounts(ended, None) == ([], [])


def test_home_and_index_show_running_campaigns_with_progress(client, campaign, city):
    from home.models import HomePage

    paid_pledge(campaign, 12_345, None)
    upcoming = CollectiveCampaignPageFactory(title="Kommt noch")
    home = client.get(HomePage.objects.first().url)
    assert home.status_code == 200
    assert campaign.title in home.text and upcoming.title not in home.text
    assert "123" in home.text  # 123.45 € raised, shown as whole euros on the card
    index = client.get(campaign.get_parent().url)
    assert campaign.title in index.text and upcoming.title in index.text and "<progress" in index.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_city_wide_voucher_used_at_once_in_two_shops_is_redeemed_once(city):
    """Two shops scan the same city-wide voucher at the same moment (ten times each): the balance pays once."""
    import threading

    page = started_campaign(city)
    voucher = paid_pledge(page, 2000, 2000).vouchers.get()
    shops = [city["gastro_north_1"], city["gastro_north_2"]] * 10
    barrier = threading.Barrier(len(shops))
    outcomes = []

    def attempt(shop):
        from django.db import connection

        try:
            barrier.wait()
            redeem(voucher.pk, shop, 1500, None)
            outcomes.append("ok")
        except RedeemError:
            outcomes.append("refused")
        except Exception as error:  # pragma: no cover - shown on failure
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(shop,)) for shop in shops]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1 and outcomes.count("refused") == len(shops) - 1, outcomes
    voucher.refresh_from_db()
    assert voucher.balance_cents == 500
    accounts = ledger(page)
    assert accounts.redeemed_cents == 1500 and accounts.outstanding_cents == 500 and accounts.balances()
