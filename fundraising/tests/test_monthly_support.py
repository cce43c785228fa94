"""Monthly support ("Patenschaft"): subscription checkout, signed webhooks against the Stripe HTTP fake, order,
duplicates, replays, failed payments, the signed manage link, the end with the campaign, the demo checkout."""

import datetime

import pytest

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from fundraising.closure import close_for_good
from fundraising.models import Pledge, PledgeState, StripeEvent, Subscription, SubscriptionState
from fundraising.payments import use_gateway
from fundraising.subscription_links import manage_path, manage_token

from .fake_subscriptions import FakeStripeSubscriptions
from .fakes import event, fake_gateway, signed
from .test_pledge import VALID

URL = "/stripe/webhook/"
MONTHLY = {**VALID, "amount": "other", "custom_amount": "15", "frequency": "monthly", "message": ""}


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """Every request runs its on-commit work (emails, signals, cancelling at Stripe) as after a real commit."""
    original = client.generic

    def generic(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(*args, **kwargs)

    client.generic = generic
    return client


@pytest.fixture
def run_command(django_capture_on_commit_callbacks):
    def run(*args):
        with django_capture_on_commit_callbacks(execute=True):
            call_command(*args)

    return run


@pytest.fixture
def stripe_subs(db, settings):
    settings.PAYMENTS_DEMO_MODE = False
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    fake = FakeStripeSubscriptions()
    with use_gateway(fake_gateway(fake)):
        yield fake


def post_event(client, payload_dict):
    payload, header = signed(payload_dict)
    return client.post(URL, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


def subscribe(client, campaign, data=MONTHLY):
    return client.post(reverse("fundraising:pledge_submit", args=[campaign.pk]), data)


def checkout_request(fake):
    return next(r for r in fake.requests if r["method"] == "post" and r["path"] == "/v1/checkout/sessions")


@pytest.fixture
def started(client, stripe_subs, campaign):
    """A supporter chose 15 € monthly; Stripe's checkout is open."""
    response = subscribe(client, campaign)
    assert response.status_code == 303
    subscription = Subscription.objects.get()
    return subscription


def complete(client, fake, subscription, **kwargs):
    session = fake.complete_subscription_checkout(subscription.stripe_session_id, **kwargs)
    return post_event(client, event("checkout.session.completed", session))


def pay_month(client, fake, invoice_id, event_id=None, created=None, amount=1500):
    invoice = fake.add_invoice(invoice_id, amount=amount)
    return post_event(client, event("invoice.paid", invoice, event_id=event_id, created=created))


def state_of(subscription):
    subscription.refresh_from_db()
    return subscription.state


# The form and the checkout ------------------------------------------------------------------------------------


def test_monthly_choice_creates_a_subscription_checkout(client, stripe_subs, campaign):
    response = subscribe(client, campaign)
    assert response.status_code == 303
    assert response["Location"].startswith("https://checkout.stripe.com/")
    subscription = Subscription.objects.get()
    assert subscription.state == SubscriptionState.PENDING
    assert (subscription.amount_cents, subscription.email, subscription.target_id) == (
        1500,
        VALID["email"],
        campaign.pk,
    )
    assert subscription.business_id == campaign.business_page_id
    assert not Pledge.objects.exists()  # a month counts only when Stripe says it is paid
    body = checkout_request(stripe_subs)["body"]
    assert body["mode"] == "subscription"
    price = body["line_items"]["0"]["price_data"]
    assert (price["unit_amount"], price["currency"], price["recurring"]["interval"]) == ("1500", "eur", "month")
    assert body["allowed_payment_method_types"] == {"0": "card"}
    assert body["subscription_data"]["metadata"]["subscription_key"] == subscription.checkout_key
    assert checkout_request(stripe_subs)["headers"]["Idempotency-Key"] == f"subscription-{subscription.checkout_key}"
    assert body["success_url"].endswith(manage_path(subscription) + "?neu=1")


def test_sepa_is_offered_when_the_setting_enables_it(client, stripe_subs, campaign, settings):
    settings.FUNDRAISING_MONTHLY_SEPA = True
    subscribe(client, campaign)
    assert checkout_request(stripe_subs)["body"]["allowed_payment_method_types"] == {"0": "card", "1": "sepa_debit"}


def test_monthly_with_a_reward_is_refused(client, stripe_subs, campaign, reward):
    response = subscribe(client, campaign, {**MONTHLY, "reward": str(reward.pk)})
    assert response.status_code == 400
    assert "Eine monatliche Unterstützung gibt es ohne Dankeschön" in response.content.decode()
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("frequency", ["yearly", "<script>", "monthly\x00"])
def test_unknown_frequency_is_refused(client, stripe_subs, campaign, frequency):
    assert subscribe(client, campaign, {**MONTHLY, "frequency": frequency}).status_code == 400
    assert not Subscription.objects.exists()


def test_once_stays_a_one_off_pledge(client, stripe_subs, campaign):
    assert subscribe(client, campaign, {**MONTHLY, "frequency": "once"}).status_code == 303
    assert Pledge.objects.count() == 1 and not Subscription.objects.exists()


def test_switched_off_by_setting(client, stripe_subs, campaign, settings):
    settings.FUNDRAISING_MONTHLY_SUPPORT = False
    assert 'value="monthly"' not in client.get(campaign.url).content.decode()
    subscribe(client, campaign)  # a forged "monthly" is ignored: a one-off pledge
    assert not Subscription.objects.exists() and Pledge.objects.count() == 1


def test_unreachable_stripe_expires_the_subscription(client, stripe_subs, campaign):
    stripe_subs.fail = True
    assert subscribe(client, campaign).status_code == 502
    assert Subscription.objects.get().state == SubscriptionState.EXPIRED


# The full flow ------------------------------------------------------------------------------------------------


def test_full_flow_every_paid_month_is_a_pledge(client, stripe_subs, started, campaign):
    assert complete(client, stripe_subs, started).status_code == 200
    assert state_of(started) == SubscriptionState.ACTIVE
    assert started.stripe_subscription_id == "sub_test_1"
    assert pay_month(client, stripe_subs, "in_1").status_code == 200
    pledge = Pledge.objects.get()
    assert (pledge.state, pledge.amount_cents, pledge.subscription_id) == (PledgeState.PAID, 1500, started.pk)
    assert (pledge.campaign_id, pledge.business_id, pledge.stripe_invoice_id) == (
        campaign.pk,
        campaign.business_page_id,
        "in_1",
    )
    assert pledge.stripe_payment_intent == "pi_in_1" and pledge.reward_id is None and pledge.payment_class == "support"
    started.refresh_from_db()
    assert started.current_period_end > timezone.now()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    link = manage_path(started)
    assert message.to == [VALID["email"]] and link in message.body
    assert link in message.alternatives[0][0]
    assert any(name.endswith(".pdf") for name, *_ in message.attachments)  # the payment confirmation
    pay_month(client, stripe_subs, "in_2")
    assert Pledge.objects.filter(subscription=started, state=PledgeState.PAID).count() == 2
    # it counts like any pledge: the campaign's progress
    campaign.refresh_from_db()
    assert campaign.progress["raised_cents"] == 3000
    # the manage page shows amount, state, next date and months paid
    page = client.get(link).content.decode()
    assert "15,00" in page and "data-months-paid>2<" in page and "data-next-date" in page


def test_invoice_before_session(client, stripe_subs, started):
    stripe_subs.complete_subscription_checkout(started.stripe_session_id)
    assert pay_month(client, stripe_subs, "in_1").status_code == 200
    assert state_of(started) == SubscriptionState.ACTIVE
    assert started.stripe_subscription_id == "sub_test_1"
    assert Pledge.objects.get().subscription_id == started.pk
    response = post_event(client, event("checkout.session.completed", stripe_subs.sessions[started.stripe_session_id]))
    assert response.status_code == 200
    assert state_of(started) == SubscriptionState.ACTIVE and Pledge.objects.count() == 1


def test_duplicate_invoice_paid_counts_once(client, stripe_subs, started):
    complete(client, stripe_subs, started)
    first = event("invoice.paid", stripe_subs.add_invoice("in_1"), event_id="evt_same")
    assert post_event(client, first).status_code == 200
    assert post_event(client, first).status_code == 200  # the same event again
    assert (
        pay_month(client, stripe_subs, "in_1", event_id="evt_other").status_code == 200
    )  # a second event, same invoice
    assert Pledge.objects.count() == 1
    assert StripeEvent.objects.get(event_id="evt_other").outcome == "duplicate invoice"
    assert len(mail.outbox) == 1


def test_unpaid_or_foreign_invoices_change_nothing(client, stripe_subs, started):
    complete(client, stripe_subs, started)
    open_invoice = stripe_subs.add_invoice("in_open", status="open")
    post_event(client, event("invoice.paid", open_invoice))  # the event says paid, Stripe says open
    foreign = stripe_subs.add_invoice("in_foreign", sub_id="sub_someone_else")
    post_event(client, event("invoice.paid", foreign))
    assert post_event(client, event("invoice.paid", {"id": "in_missing"})).status_code == 503
    assert not Pledge.objects.exists()


def test_forged_event_is_rejected(client, stripe_subs, started):
    payload, _ = signed(event("invoice.paid", stripe_subs.add_invoice("in_1")), secret="whsec_forged")
    response = client.post(URL, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=_)
    assert response.status_code == 400 and not Pledge.objects.exists()


# Failures, cancellation, replays ------------------------------------------------------------------------------


def test_failed_monthly_payment(client, stripe_subs, started):
    complete(client, stripe_subs, started)
    pay_month(client, stripe_subs, "in_1")
    mail.outbox.clear()
    stripe_subs.subscriptions["sub_test_1"]["status"] = "past_due"
    failed = stripe_subs.add_invoice("in_2", status="open")
    assert post_event(client, event("invoice.payment_failed", failed)).status_code == 200
    assert state_of(started) == SubscriptionState.PAST_DUE
    assert len(mail.outbox) == 1 and manage_path(started) in mail.outbox[0].body
    assert Pledge.objects.count() == 1
    post_event(client, event("invoice.payment_failed", failed))  # Stripe's next retry fails too: no second email
    assert len(mail.outbox) == 1
    assert 'data-subscription-state="past_due"' in client.get(manage_path(started)).content.decode()
    # the retry succeeds
    stripe_subs.subscriptions["sub_test_1"]["status"] = "active"
    stripe_subs.invoices["in_2"].update(status="paid", amount_paid=1500)
    post_event(client, event("invoice.paid", stripe_subs.invoices["in_2"]))
    assert state_of(started) == SubscriptionState.ACTIVE and Pledge.objects.count() == 2
    # a late failure event of the invoice that was paid meanwhile changes nothing
    post_event(client, event("invoice.payment_failed", failed))
    assert state_of(started) == SubscriptionState.ACTIVE


def test_supporter_cancels_and_replayed_events_never_reactivate(client, stripe_subs, started):
    complete(client, stripe_subs, started)
    paid_event = event("invoice.paid", stripe_subs.add_invoice("in_1"), event_id="evt_paid_1")
    post_event(client, paid_event)
    old_update = event("customer.subscription.updated", dict(stripe_subs.subscriptions["sub_test_1"]))
    mail.outbox.clear()
    link = manage_path(started)
    response = client.post(link, {"action": "cancel", "confirm": "on"})
    assert response.status_code == 302
    assert state_of(started) == SubscriptionState.CANCELLED
    assert stripe_subs.cancelled == ["sub_test_1"]
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body
    # Stripe's own "deleted" event, then replays of old events (the copy inside says "active")
    post_event(client, event("customer.subscription.deleted", stripe_subs.subscriptions["sub_test_1"]))
    post_event(client, old_update)
    post_event(client, paid_event)
    pay_month(client, stripe_subs, "in_1", event_id="evt_paid_1_again")
    post_event(client, event("checkout.session.completed", stripe_subs.sessions[started.stripe_session_id]))
    assert state_of(started) == SubscriptionState.CANCELLED
    assert Pledge.objects.count() == 1 and len(mail.outbox) == 1


def test_stale_stripe_answer_cannot_reactivate_and_is_cancelled_again(client, stripe_subs, started):
    """Even if Stripe still reported the subscription active, a cancelled one stays cancelled here and we ask Stripe
    to cancel it (again)."""
    complete(client, stripe_subs, started)
    client.post(manage_path(started), {"action": "cancel", "confirm": "on"})
    stripe_subs.subscriptions["sub_test_1"]["status"] = "active"
    post_event(client, event("customer.subscription.updated", stripe_subs.subscriptions["sub_test_1"]))
    assert state_of(started) == SubscriptionState.CANCELLED
    assert stripe_subs.cancelled == ["sub_test_1", "sub_test_1"]


def test_cancelled_at_stripe_tells_the_supporter(client, stripe_subs, started):
    complete(client, stripe_subs, started)
    stripe_subs.subscriptions["sub_test_1"]["status"] = "canceled"
    post_event(client, event("customer.subscription.deleted", stripe_subs.subscriptions["sub_test_1"]))
    assert state_of(started) == SubscriptionState.CANCELLED
    assert len(mail.outbox) == 1


def test_cancel_needs_confirmation_and_a_reachable_stripe(client, stripe_subs, started):
    complete(client, stripe_subs, started)
    link = manage_path(started)
    assert client.post(link, {"action": "cancel"}).status_code == 400
    assert state_of(started) == SubscriptionState.ACTIVE
    stripe_subs.fail = True
    client.post(link, {"action": "cancel", "confirm": "on"})
    assert state_of(started) == SubscriptionState.ACTIVE  # Stripe did not confirm: still running, nothing promised
    stripe_subs.fail = False
    client.post(link, {"action": "cancel", "confirm": "on"})
    client.post(link, {"action": "cancel", "confirm": "on"})  # twice: one cancellation, one email
    assert state_of(started) == SubscriptionState.CANCELLED and stripe_subs.cancelled == ["sub_test_1"]
    assert len(mail.outbox) == 1


# The signed link ----------------------------------------------------------------------------------------------


def test_bad_and_forged_manage_tokens(client, stripe_subs, started):
    other = Subscription.objects.create(target=started.target, amount_cents=500, name="B", email="b@example.org")
    good = manage_token(started)
    pk, signature = good.split("-")
    forged = [
        "x",
        f"{pk}-{'0' * 64}",
        f"{other.pk}-{signature}",  # another subscription's id with this signature
        f"{pk}-{signature[:-1]}",
        f"{pk}-{signature}-1",
        f"-{signature}",
        f"{pk}-{signature}" + "a" * 100,
        "99999999-" + signature,
    ]
    for token in forged:
        assert client.get(reverse("fundraising:subscription_manage", args=[token])).status_code == 404, token
        response = client.post(
            reverse("fundraising:subscription_manage", args=[token]), {"action": "cancel", "confirm": "on"}
        )
        assert response.status_code == 404
    assert state_of(started) == SubscriptionState.PENDING
    response = client.get(manage_path(started))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store" and "noindex" in response["X-Robots-Tag"]
    # a new nonce kills every link sent so far
    link = manage_path(started)
    Subscription.objects.filter(pk=started.pk).update(manage_nonce="renewed")
    assert client.get(link).status_code == 404


# The end with the campaign or the business --------------------------------------------------------------------


def test_campaign_end_ends_subscriptions(client, stripe_subs, started, campaign, run_command):
    complete(client, stripe_subs, started)
    running_elsewhere = Subscription.objects.create(
        target=Subscription.objects.get().target, amount_cents=500, name="B", email="b@example.org"
    )
    mail.outbox.clear()
    run_command("end_monthly_support")
    assert state_of(started) == SubscriptionState.ACTIVE  # still running
    campaign.end_date = timezone.localdate() - datetime.timedelta(days=1)
    campaign.save_revision().publish()
    run_command("end_monthly_support")
    assert state_of(started) == SubscriptionState.ENDED and started.end_reason == "campaign ended"
    assert state_of(running_elsewhere) == SubscriptionState.ENDED  # a pending checkout ends too (no email)
    assert stripe_subs.cancelled == ["sub_test_1"]
    assert len(mail.outbox) == 1 and manage_path(started) in mail.outbox[0].body
    run_command("end_monthly_support")  # twice: nothing more
    assert len(mail.outbox) == 1 and stripe_subs.cancelled == ["sub_test_1"]
    post_event(client, event("customer.subscription.deleted", stripe_subs.subscriptions["sub_test_1"]))
    assert state_of(started) == SubscriptionState.ENDED


def test_business_closed_for_good_ends_subscriptions(client, stripe_subs, started, campaign, run_command):
    complete(client, stripe_subs, started)
    business = campaign.business
    type(business).objects.filter(pk=business.pk).update(closed_for_good_at=timezone.now())
    run_command("end_monthly_support")
    assert state_of(started) == SubscriptionState.ENDED and started.end_reason == "business closed for good"


def test_closing_a_business_ends_its_monthly_support_at_once(
    client, stripe_subs, started, campaign, django_capture_on_commit_callbacks
):
    complete(client, stripe_subs, started)
    with django_capture_on_commit_callbacks(execute=True):
        close_for_good(campaign.business)
    assert state_of(started) == SubscriptionState.ENDED and stripe_subs.cancelled == ["sub_test_1"]


# Demo checkout ------------------------------------------------------------------------------------------------


def test_demo_checkout_simulates_subscriptions(client, campaign):
    response = subscribe(client, campaign)
    assert response.status_code == 303 and "/testzahlung/" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "data-demo-monthly" in page
    response = client.post(response["Location"], {"action": "pay"})
    subscription = Subscription.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(manage_path(subscription) + "?neu=1")
    assert state_of(subscription) == SubscriptionState.ACTIVE
    assert Pledge.objects.filter(subscription=subscription, state=PledgeState.PAID).count() == 1
    link = manage_path(subscription)
    assert "data-demo-next-month" in client.get(link).content.decode()
    client.post(link, {"action": "next_month"})
    assert Pledge.objects.filter(subscription=subscription).count() == 2
    client.post(link, {"action": "failed_month"})
    assert state_of(subscription) == SubscriptionState.PAST_DUE
    client.post(link, {"action": "next_month"})
    assert state_of(subscription) == SubscriptionState.ACTIVE and Pledge.objects.count() == 3
    client.post(link, {"action": "cancel", "confirm": "on"})
    assert state_of(subscription) == SubscriptionState.CANCELLED
    client.post(link, {"action": "next_month"})  # nothing more after cancelling
    assert Pledge.objects.count() == 3 and state_of(subscription) == SubscriptionState.CANCELLED


def test_demo_buttons_are_refused_with_real_payments(client, stripe_subs, started):
    complete(client, stripe_subs, started)
    client.post(manage_path(started), {"action": "next_month"})
    assert not Pledge.objects.exists()
