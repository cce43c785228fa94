"""The pledge form: validation of hostile input, campaign state, stock, rate limits, gateway call, pages."""

import datetime
import threading

import pytest

from django.core import mail
from django.utils import timezone

from fundraising.factories import CampaignPageFactory, PledgeFactory, RewardFactory
from fundraising.models import FundraisingSettings, Pledge, PledgeState, RewardStock, Voucher

VALID = {
    "amount": "2500",
    "custom_amount": "",
    "name": "Erika Mustermann",
    "email": "erika@example.org",
    "display_name": "Erika",
    "message": "Haltet durch!",
    "accept_terms": "on",
    "website": "",
}


def pledge_url(campaign):
    return campaign.url + "unterstuetzen/"


def submit(client, campaign, **changes):
    data = {**VALID, **changes}
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(pledge_url(campaign), data)


# Rendering -------------------------------------------------------------------------------------------------------


def test_campaign_page_renders_form_and_progress(client, campaign, reward):
    PledgeFactory(
        campaign=campaign,
        amount_cents=5000,
        state=PledgeState.PAID,
        display_name="Kalle",
        message="Toll!",
        message_approved=True,
    )
    PledgeFactory(
        campaign=campaign,
        amount_cents=7000,
        state=PledgeState.PAID,
        anonymous=True,
        display_name="",
        message="Geheim",
        message_approved=False,
    )
    PledgeFactory(campaign=campaign, amount_cents=99000, state=PledgeState.PENDING)
    response = client.get(campaign.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert campaign.title in html
    assert 'value="12"' in html  # 120 € of 1000 € = 12 %, pending not counted
    assert "120" in html and "Kalle" in html and "Toll!" in html
    assert "Geheim" not in html  # unapproved message hidden
    assert "Anonym" in html
    assert "Gutschein 12 €" in html
    assert 'name="website"' in html  # honeypot present
    assert "style=" not in html and "onclick" not in html


def test_campaign_page_query_count_is_constant(client, campaign, reward, django_assert_max_num_queries):
    for _ in range(3):
        PledgeFactory(campaign=campaign, state=PledgeState.PAID, message="x", message_approved=True)
    client.get(campaign.url)  # warm caches (site root, settings, navigation)
    client.get(campaign.url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(campaign.url).status_code == 200
    for _ in range(60):
        PledgeFactory(campaign=campaign, state=PledgeState.PAID, message="y", message_approved=True)
    with CaptureQueriesContext(connection) as large:
        assert client.get(campaign.url).status_code == 200
    assert len(large) == len(small)
    assert len(small) <= 26  # 25 + the active locale (WAGTAIL_I18N_ENABLED: Wagtail routes through root_page.localized)


def test_english_page(client, campaign):
    response = client.get("/en" + campaign.url)
    assert response.status_code == 200
    assert "Support now" in response.content.decode()


def test_short_link_redirects(client, campaign):
    response = client.get(f"/k/{campaign.pk}/")
    assert response.status_code == 302 and response["Location"] == campaign.url
    assert client.get("/k/999999/").status_code == 404


def test_og_image_is_png(client, campaign):
    response = client.get(f"/k/{campaign.pk}/vorschau.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content[:8] == b"\x89PNG\r\n\x1a\n"


# Creating a pledge -----------------------------------------------------------------------------------------------


def test_valid_pledge_is_pending_and_redirects_to_stripe(client, fake_stripe, campaign, reward):
    response = submit(client, campaign, reward=str(reward.pk))
    assert response.status_code == 303
    assert response["Location"].startswith("https://checkout.stripe.com/")
    pledge = Pledge.objects.get()
    assert pledge.state == PledgeState.PENDING
    assert (pledge.amount_cents, pledge.reward_title, pledge.voucher_value_cents) == (2500, reward.title, 1200)
    assert pledge.stripe_session_id == "cs_test_1"
    create = next(r for r in fake_stripe.requests if r["path"] == "/v1/checkout/sessions")
    body = create["body"]
    assert create["headers"]["Idempotency-Key"] == f"checkout-{pledge.checkout_key}"
    assert body["line_items"]["0"]["price_data"] == {
        "currency": "eur",
        "unit_amount": "2500",
        "product_data": {"name": campaign.title},
    }
    assert body["metadata"]["pledge_id"] == str(pledge.pk)
    assert body["client_reference_id"] == str(pledge.pk)
    assert "payment_method_types" not in body
    assert body["success_url"].endswith("?session_id={CHECKOUT_SESSION_ID}")
    assert pledge.public_token in body["success_url"]


def test_gateway_down_marks_failed_and_releases_stock(client, fake_stripe, campaign):
    reward = RewardFactory(page=campaign, quantity_limit=1)
    fake_stripe.fail = True
    response = submit(client, campaign, reward=str(reward.pk))
    assert response.status_code == 502
    assert Pledge.objects.get().state == PledgeState.FAILED
    assert RewardStock.objects.get(reward=reward).claimed == 0


@pytest.mark.parametrize(
    "custom,cents",
    [("20", 2000), ("20,50", 2050), ("20.5", 2050), (" 1000 ", 100000), ("7 €", 700)],
)
def test_custom_amounts_parsed_to_cents(client, fake_stripe, campaign, custom, cents):
    response = submit(client, campaign, amount="other", custom_amount=custom)
    assert response.status_code == 303, response.content.decode()[:500]
    assert Pledge.objects.get().amount_cents == cents


@pytest.mark.parametrize(
    "changes",
    [
        {"amount": "other", "custom_amount": "-10"},
        {"amount": "other", "custom_amount": "0"},
        {"amount": "other", "custom_amount": "4,99"},  # below the minimum
        {"amount": "other", "custom_amount": "10,555"},  # fractional cents
        {"amount": "other", "custom_amount": "1000,01"},  # above the maximum
        {"amount": "other", "custom_amount": "99999999999999999999999"},
        {"amount": "other", "custom_amount": "1e3"},
        {"amount": "other", "custom_amount": "zehn"},
        {"amount": "other", "custom_amount": "NaN"},
        {"amount": "other", "custom_amount": "10; DROP TABLE fundraising_pledge"},
        {"amount": "other", "custom_amount": ""},
        {"amount": "1"},  # a tampered preset value
        {"amount": "-2500"},
        {"amount": ""},
        {"amount": "2500", "accept_terms": None},
        {"email": "not-an-email"},
        {"name": ""},
        {"name": "x" * 101},
        {"message": "y" * 501},
        {"website": "http://spam.example"},  # honeypot
    ],
)
def test_invalid_input_rejected(client, fake_stripe, campaign, changes):
    response = submit(client, campaign, **changes)
    assert response.status_code == 400
    assert not Pledge.objects.exists()
    assert not fake_stripe.requests
    assert 'role="alert"' in response.content.decode()


def test_hostile_text_is_stored_verbatim_and_escaped(client, fake_stripe, campaign):
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    response = submit(client, campaign, name=evil, display_name=evil, message=evil)
    assert response.status_code == 303
    pledge = Pledge.objects.get()
    assert pledge.display_name == evil
    Pledge.objects.update(state=PledgeState.PAID, message_approved=True, paid_at=timezone.now())
    html = client.get(campaign.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_reward_minimum_enforced(client, fake_stripe, campaign, reward):
    response = submit(client, campaign, amount="1000", reward=str(reward.pk))
    assert response.status_code == 303
    Pledge.objects.all().delete()
    response = submit(client, campaign, amount="other", custom_amount="9,99", reward=str(reward.pk))
    assert response.status_code == 400
    assert not Pledge.objects.exists()


def test_reward_of_another_campaign_rejected(client, fake_stripe, campaign):
    foreign = RewardFactory()
    response = submit(client, campaign, reward=str(foreign.pk))
    assert response.status_code == 400
    assert not Pledge.objects.exists()


def test_site_settings_limits_apply(client, fake_stripe, campaign):
    from wagtail.models import Site

    FundraisingSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"min_pledge_cents": 2000, "max_pledge_cents": 3000}
    )
    assert submit(client, campaign, amount="other", custom_amount="19").status_code == 400
    assert submit(client, campaign, amount="other", custom_amount="31").status_code == 400
    assert submit(client, campaign, amount="other", custom_amount="25").status_code == 303


def test_duplicate_submission_creates_separate_pending_pledges(client, fake_stripe, campaign):
    assert submit(client, campaign).status_code == 303
    assert submit(client, campaign).status_code == 303
    assert Pledge.objects.filter(state=PledgeState.PENDING).count() == 2
    assert len({p.stripe_session_id for p in Pledge.objects.all()}) == 2


def test_anonymous_hides_display_name(client, fake_stripe, campaign):
    submit(client, campaign, anonymous="on")
    pledge = Pledge.objects.get()
    assert pledge.anonymous and pledge.display_name == ""


def test_get_on_pledge_url_redirects(client, campaign):
    assert client.get(pledge_url(campaign)).status_code == 302


# Campaign state --------------------------------------------------------------------------------------------------


def test_draft_campaign_not_reachable(client, fake_stripe):
    campaign = CampaignPageFactory(live=False)
    assert client.get(campaign.url or "/x/").status_code == 404
    assert client.post(pledge_url(campaign) if campaign.url else "/x/", VALID).status_code == 404
    assert not Pledge.objects.exists()


def test_unapproved_campaign_not_reachable(client, fake_stripe):
    """An owner's campaign waiting for approval is not live: no page, no pledges."""
    campaign = CampaignPageFactory(live=False)
    campaign.save_revision()
    business_url = campaign.get_parent().url
    response = client.post(business_url + campaign.slug + "/unterstuetzen/", VALID)
    assert response.status_code == 404
    assert not Pledge.objects.exists()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"start_date": datetime.date(2020, 1, 1), "end_date": datetime.date(2020, 2, 1)},
        {"start_date": timezone.localdate() + datetime.timedelta(days=3)},
    ],
)
def test_ended_or_upcoming_campaign_refuses(client, fake_stripe, kwargs):
    campaign = CampaignPageFactory(**kwargs)
    response = submit(client, campaign)
    assert response.status_code == 400
    assert "does not accept pledges" in response.content.decode() or "nimmt" in response.content.decode()
    assert not Pledge.objects.exists()


def test_ended_early_campaign_refuses(client, fake_stripe, campaign):
    campaign.ended_early_at = timezone.now()
    campaign.save()
    assert submit(client, campaign).status_code == 400
    assert not Pledge.objects.exists()


# Stock ---------------------------------------------------------------------------------------------------------


def test_sold_out_reward_refused(client, fake_stripe, campaign):
    reward = RewardFactory(page=campaign, quantity_limit=1)
    assert submit(client, campaign, reward=str(reward.pk)).status_code == 303
    response = submit(client, campaign, reward=str(reward.pk), email="other@example.org")
    assert response.status_code == 409
    assert Pledge.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reward_stock_race_never_oversells():
    from fundraising import stock

    reward = RewardFactory(quantity_limit=3)
    barrier = threading.Barrier(10)
    results = []

    def worker():
        from django.db import connection

        try:
            barrier.wait()
            results.append(stock.claim(reward))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 3
    assert RewardStock.objects.get(reward=reward).claimed == 3


# Rate limits and CAPTCHA hook ----------------------------------------------------------------------------------


def test_rate_limit_per_ip(client, fake_stripe, campaign, settings):
    settings.RATE_LIMITS = {"pledge:address": "3/10m", "pledge:email": "100/10m"}
    codes = [submit(client, campaign, email=f"u{i}@example.org").status_code for i in range(5)]
    assert codes == [303, 303, 303, 429, 429]
    response = submit(client, campaign)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode() or "Zu viele" in response.content.decode()


def test_rate_limit_per_email(client, fake_stripe, campaign, settings):
    settings.RATE_LIMITS = {"pledge:address": "100/10m", "pledge:email": "2/10m"}
    codes = [submit(client, campaign, email="Same@Example.org").status_code for _ in range(3)]
    assert codes == [303, 303, 429]
    assert Pledge.objects.count() == 2


def test_captcha_hook_can_refuse(client, fake_stripe, campaign):
    from wagtail import hooks

    with hooks.register_temporarily("fundraising_pledge_captcha", lambda request: "Bitte Captcha lösen"):
        response = submit(client, campaign)
    assert response.status_code == 400
    assert "Bitte Captcha lösen" in response.content.decode()
    assert not Pledge.objects.exists()


# Thank-you page ----------------------------------------------------------------------------------------------------


def test_thanks_shows_state_only_never_changes_it(client, fake_stripe, campaign):
    submit(client, campaign)
    pledge = Pledge.objects.get()
    fake_stripe.add_session(pledge)  # Stripe says paid, but no webhook arrived
    response = client.get(f"/unterstuetzen/danke/{pledge.public_token}/?session_id={pledge.stripe_session_id}")
    assert response.status_code == 200
    assert Pledge.objects.get().state == PledgeState.PENDING
    assert response["X-Robots-Tag"] == "noindex"
    assert not Voucher.objects.exists()
    assert client.get(f"/unterstuetzen/danke/{pledge.public_token}/status/").json() == {"state": "pending"}


def test_thanks_with_foreign_or_fake_session_id_leaks_nothing(client, fake_stripe, campaign):
    mine = PledgeFactory(campaign=campaign, name="Mira Mein", amount_cents=1111)
    other = PledgeFactory(campaign=campaign, name="Otto Other", amount_cents=7777, state=PledgeState.PAID)
    response = client.get(f"/unterstuetzen/danke/{mine.public_token}/?session_id={other.stripe_session_id}")
    html = response.content.decode()
    assert "Mira Mein" in html and "Otto Other" not in html
    status_box = html.split("data-status-box>", 1)[1].split("</div>", 1)[0]
    assert "11,11" in status_box and "77" not in status_box  # the campaign's public total may show; not her pledge


def test_thanks_shows_the_campaigns_progress(client, campaign):
    PledgeFactory(campaign=campaign, amount_cents=12300, state=PledgeState.PAID)
    mine = PledgeFactory(campaign=campaign, amount_cents=1000)
    html = client.get(f"/unterstuetzen/danke/{mine.public_token}/").content.decode()
    assert '<progress class="progress"' in html
    assert "123" in html.split('class="campaign-status__total"', 1)[1].split("</strong>", 1)[0]
    assert client.get("/unterstuetzen/danke/not-a-real-token/?session_id=cs_test_x").status_code == 404
    assert client.get(f"/unterstuetzen/danke/{'a' * 200}/").status_code == 404


# Demo checkout end to end ------------------------------------------------------------------------------------------


def test_demo_checkout_end_to_end(client, campaign, reward, settings, django_capture_on_commit_callbacks):
    settings.PAYMENTS_DEMO_MODE = True
    settings.STRIPE_WEBHOOK_SECRET = ""  # the derived local secret is used
    response = submit(client, campaign, reward=str(reward.pk))
    assert response.status_code == 303
    checkout_url = response["Location"]
    assert checkout_url.startswith("/testzahlung/cs_demo_")
    page = client.get(checkout_url)
    assert "Testzahlung — es wird kein Geld bewegt" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(checkout_url, {"action": "pay"})
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    assert pledge.public_token in response["Location"]
    assert pledge.state == PledgeState.PAID
    voucher = Voucher.objects.get(pledge=pledge)
    assert len(mail.outbox) == 1 and voucher.display_code in mail.outbox[0].body
    thanks = client.get(response["Location"]).content.decode()
    assert "ist bestätigt" in thanks or "is confirmed" in thanks
    # Progress moved
    assert 'value="2"' in client.get(campaign.url).content.decode()
    # Paying twice changes nothing
    client.post(checkout_url, {"action": "pay"})
    assert Voucher.objects.count() == 1


def test_demo_checkout_cancel_expires_and_releases(client, campaign, settings):
    settings.PAYMENTS_DEMO_MODE = True
    reward = RewardFactory(page=campaign, quantity_limit=1)
    checkout_url = submit(client, campaign, reward=str(reward.pk))["Location"]
    response = client.post(checkout_url, {"action": "cancel"})
    assert "/unterstuetzen/abgebrochen/" in response["Location"]
    assert Pledge.objects.get().state == PledgeState.EXPIRED
    assert RewardStock.objects.get(reward=reward).claimed == 0
    assert client.get(response["Location"]).status_code == 200


def test_demo_checkout_not_available_with_stripe(client, campaign, settings):
    settings.PAYMENTS_DEMO_MODE = False
    assert client.get("/testzahlung/cs_demo_x/").status_code == 404
