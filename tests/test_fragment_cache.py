"""The fragment cache (commons/fragment_cache.py): the bodies of campaign and business pages are rendered once and
shared, yet never shown after a payment, a publish or a settings save, never in the wrong language, never with a
visitor's posted form or a CSRF token, and the same for logged-in and anonymous visitors."""

import datetime

import pytest

from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction, Site

from commons import fragment_cache
from directory import views_support
from directory.factories import BusinessPageFactory
from directory.opening_hours_logic import Status
from directory.ownership import grant_ownership
from directory.testing import make_verified_user
from fundraising.factories import CampaignPageFactory, PledgeFactory, RewardFactory
from fundraising.models import FundraisingSettings, PledgeState
from fundraising.payments import use_gateway
from fundraising.tests.fakes import FakeStripe, event, fake_gateway, signed
from home import site_chrome
from home.factories import StandardPageFactory
from home.models import CrisisSettings, SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 60


@pytest.fixture
def campaign():
    page = CampaignPageFactory(title="Neue Öfen für die Backstube")
    RewardFactory(page=page, title="Brötchen-Gutschein", min_pledge_cents=1000, voucher_value_cents=1200)
    return page


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(queries)


def test_campaign_body_is_shared_and_identical(client, campaign, settings):
    PledgeFactory(campaign=campaign, state=PledgeState.PAID, display_name="Erika", anonymous=False)
    first, first_queries = _get(client, campaign.url)
    second, second_queries = _get(client, campaign.url)
    assert second == first
    assert "Erika" in second and "Brötchen-Gutschein" in second
    assert second_queries < first_queries  # supporters, outreach, match … not read on a hit
    settings.FRAGMENT_CACHE_SECONDS = 0
    assert _get(client, campaign.url)[0] == first  # the same page without the cache


def test_a_paid_pledge_shows_at_once_through_the_webhook(client, campaign, settings):
    settings.PAYMENTS_DEMO_MODE = False
    settings.STRIPE_SECRET_KEY = "sk_test_fake"  # noqa: S105
    before, _ = _get(client, campaign.url)
    assert "Lieselotte" not in before
    fake = FakeStripe()
    with use_gateway(fake_gateway(fake)):
        pledge = PledgeFactory(campaign=campaign, amount_cents=4321, display_name="Lieselotte", anonymous=False)
        payload, header = signed(event("checkout.session.completed", fake.add_session(pledge)))
        response = client.post(
            "/stripe/webhook/", payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
        )
        assert response.status_code == 200
    pledge.refresh_from_db()
    assert pledge.state == PledgeState.PAID
    after, _ = _get(client, campaign.url)
    assert "Lieselotte" in after and "43,21" in after


def test_publishing_shows_at_once(client, campaign):
    assert "Neue Öfen" in _get(client, campaign.url)[0]
    campaign.title = "Ein neuer Ofen"
    campaign.save_revision().publish()
    html = _get(client, campaign.url)[0]
    assert "Ein neuer Ofen" in html and "Neue Öfen" not in html
    business = campaign.get_parent().specific
    business.title = "Bäckerei Sonnenschein"
    business.save_revision().publish()
    assert "Bäckerei Sonnenschein" in _get(client, campaign.url)[0]  # the byline on the campaign's page
    assert "Bäckerei Sonnenschein" in _get(client, business.url)[0]


def test_a_settings_save_shows_at_once(client, campaign):

    terms = StandardPageFactory(title="Nutzungsbedingungen", slug="bedingungen")
    assert "bedingungen/" not in _get(client, campaign.url)[0]
    settings_row = FundraisingSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.terms_page = terms
    settings_row.save()
    assert "bedingungen/" in _get(client, campaign.url)[0]


def test_each_language_has_its_own_fragment(client, campaign):
    url = campaign.url
    german, _ = _get(client, url)
    english, _ = _get(client, "/en" + url)
    assert "Jetzt unterstützen" in german and "Support now" not in german
    assert "Support now" in english and "Jetzt unterstützen" not in english
    assert _get(client, "/en" + url)[0] == english


def test_logged_in_visitors_see_the_same_body_and_their_own_header(client, campaign, django_user_model):
    anonymous, _ = _get(client, campaign.url)
    user = django_user_model.objects.create_user("erika", "erika@example.org", "pw")
    client.force_login(user)
    logged_in, _ = _get(client, campaign.url)
    start = anonymous.index('<article class="campaign">')
    end = anonymous.index("</article>")
    assert logged_in[logged_in.index('<article class="campaign">') :][: end - start] == anonymous[start:end]
    logout = reverse("account_logout")
    assert logout in logged_in and logout not in anonymous
    client.logout()
    assert _get(client, campaign.url)[0] == anonymous


def test_a_posted_form_is_never_cached_nor_served(client, campaign):
    clean, _ = _get(client, campaign.url)
    response = client.post(campaign.url + "unterstuetzen/", {"amount": "custom", "custom_amount": "-5", "name": ""})
    assert response.status_code == 400
    posted = response.content.decode()
    assert "field--invalid" in posted and "field--invalid" not in clean
    assert _get(client, campaign.url)[0] == clean


def test_business_body_follows_owners_and_the_clock(client, monkeypatch):

    business = BusinessPageFactory(title="Eisdiele Venezia")
    first, first_queries = _get(client, business.url)
    assert "Das ist mein Unternehmen" in first
    second, second_queries = _get(client, business.url)
    assert second == first and second_queries < first_queries
    grant_ownership(business, make_verified_user("inhaberin@example.org"))  # a directory model: invalidates
    assert "Das ist mein Unternehmen" not in _get(client, business.url)[0]
    # The open-now status is part of the key: a different status renders a new body.

    monkeypatch.setattr(views_support, "status", lambda rules, now: Status(True))
    html = _get(client, business.url)[0]
    assert "badge--open" in html


def _render(source, request, **context):
    return Template("{% load fragment_cache %}" + source).render(Context({"request": request, **context}))


def test_fragments_with_a_csrf_token_are_never_stored():
    request = RequestFactory().get("/")
    source = '{% cache_fragment "t" %}<input name="csrfmiddlewaretoken" value="{{ token }}">{% endcache_fragment %}'
    assert "one" in _render(source, request, token="one")  # noqa: S106
    assert "two" in _render(source, request, token="two")  # noqa: S106


def test_fragments_are_keyed_by_their_values_and_skipped_for_previews_and_posts():
    factory = RequestFactory()
    source = '{% cache_fragment "t" key %}{{ value }}{% endcache_fragment %}'
    assert _render(source, factory.get("/"), key=1, value="first") == "first"
    assert _render(source, factory.get("/"), key=1, value="second") == "first"
    assert _render(source, factory.get("/"), key=2, value="second") == "second"
    assert _render(source, factory.get("/", HTTP_HOST="other.example"), key=1, value="third") == "third"
    preview = factory.get("/")
    preview.is_preview = True
    assert _render(source, preview, key=1, value="preview") == "preview"
    assert _render(source, factory.post("/"), key=1, value="posted") == "posted"
    assert _render(source, factory.get("/"), key=1, value="off", fragment_cache_off=True) == "off"
    fragment_cache.invalidate()
    assert _render(source, factory.get("/"), key=1, value="fresh") == "fresh"


def test_a_cache_outage_renders_the_page(client, campaign, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(fragment_cache.PUBLIC_CONTENT, "read", broken)
    monkeypatch.setattr(fragment_cache.PUBLIC_CONTENT, "write", broken)
    assert "Neue Öfen" in _get(client, campaign.url)[0]


def test_footer_and_crisis_banner_follow_their_settings(client, campaign):

    site = Site.objects.get(is_default_site=True)
    crisis = CrisisSettings.for_site(site)
    crisis.banner_active, crisis.title, crisis.text = True, "Hochwasser in der Altstadt", "Bitte helfen Sie."
    crisis.save()
    footer = SiteSettings.for_site(site)
    footer.footer_text = "Ein Projekt der Nachbarschaft"
    footer.save()
    html = _get(client, campaign.url)[0]
    assert "Hochwasser in der Altstadt" in html and "Ein Projekt der Nachbarschaft" in html
    assert _get(client, campaign.url)[0] == html
    crisis.title = "Hochwasser vorbei"
    crisis.save()
    footer.footer_text = "Ein Projekt der Stadt"
    footer.save()
    html = _get(client, campaign.url)[0]
    assert "Hochwasser vorbei" in html and "Ein Projekt der Stadt" in html and "Nachbarschaft" not in html
    # The banner's end is a time, not an event: it disappears at once, whatever the cache holds.
    CrisisSettings.objects.filter(pk=crisis.pk).update(ends_at=timezone.now() - datetime.timedelta(minutes=1))
    crisis.refresh_from_db()

    site_chrome.invalidate_site_chrome()  # the settings row changed behind the ORM's back (update())
    assert "Hochwasser vorbei" not in _get(client, campaign.url)[0]


def test_view_restrictions_are_checked_once_any_exists(client, campaign, django_user_model, settings):

    settings.FRAGMENT_CACHE_SECONDS = 0  # the shortcut works with or without fragments
    business = campaign.get_parent().specific
    assert _get(client, campaign.url)[0]
    _, unrestricted_queries = _get(client, campaign.url)
    restriction = PageViewRestriction.objects.create(page=business, restriction_type=PageViewRestriction.LOGIN)
    for url in (business.url, campaign.url):  # the business and the page below it
        assert client.get(url).status_code == 302, url
    user = django_user_model.objects.create_user("erika", "erika@example.org", "pw")
    client.force_login(user)
    assert client.get(campaign.url).status_code == 200
    client.logout()
    restriction.delete()
    html, queries = _get(client, campaign.url)
    assert queries == unrestricted_queries


def test_a_restriction_loaded_from_a_fixture_is_checked(client, campaign):

    _get(client, campaign.url)  # the flag "no restriction anywhere" is cached now
    PageViewRestriction(page=campaign, restriction_type=PageViewRestriction.LOGIN).save_base(raw=True)  # as loaddata
    assert client.get(campaign.url).status_code == 302


def test_the_site_and_its_root_come_from_the_cache_until_a_site_or_page_changes(client, campaign):
    _get(client, campaign.url)
    html, queries = _get(client, campaign.url)
    with CaptureQueriesContext(connection) as captured:
        client.get(campaign.url)
    tables = " ".join(q["sql"] for q in captured.captured_queries)
    assert "wagtailcore_site" not in tables and "home_homepage" not in tables
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Wir stehen hinter dir"
    site.save()  # a site change: looked up again
    with CaptureQueriesContext(connection) as captured:
        assert client.get(campaign.url).status_code == 200
    assert "wagtailcore_site" in " ".join(q["sql"] for q in captured.captured_queries)
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400  # hosts outside ALLOWED_HOSTS: untouched
