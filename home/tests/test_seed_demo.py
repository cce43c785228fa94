import io

import pytest

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from wagtail.images import get_image_model
from wagtail.models import Page

from directory.models import BusinessPage
from fundraising.collective.shares import ledger
from fundraising.models import ClosureOffer, FundraisingSettings
from home.models import NewsPage, SiteSettings, StandardPage

pytestmark = pytest.mark.django_db(transaction=False)


def counts():
    from allauth.account.models import EmailAddress

    return {
        "pages": Page.objects.count(),
        "live_pages": Page.objects.live().count(),
        "images": get_image_model().objects.count(),
        "users": get_user_model().objects.count(),
        "emails": EmailAddress.objects.count(),
        "settings": SiteSettings.objects.count(),
        "revisions": sum(1 for _ in Page.objects.all()),
    }


def run(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_home_generator_builds_the_pages_and_is_idempotent(settings):
    settings.DEMO_PASSWORD = "demo-pass-123"
    first_output = run("--only", "home.demo")
    first = counts()
    second_output = run("--only", "home.demo")
    assert counts() == first
    assert "standard page: Impressum" in first_output
    assert "standard page: Impressum" not in second_output
    slugs = set(StandardPage.objects.values_list("slug", flat=True))
    assert {"impressum", "datenschutz", "barrierefreiheit", "so-funktionierts"} <= slugs
    assert NewsPage.objects.live().filter(locale__language_code="de").count() == 3
    # the demo's own pages are translated into English; the page in Leichte Sprache stays German
    english = StandardPage.objects.live().filter(locale__language_code="en")
    assert set(english.values_list("slug", flat=True)) == {
        "impressum",
        "datenschutz",
        "barrierefreiheit",
        "so-funktionierts",
        "nutzungsbedingungen",
        "so-funktioniert-unterstuetzung",
    }
    assert NewsPage.objects.live().filter(locale__language_code="en").count() == 3
    assert english.get(slug="barrierefreiheit").title == "Accessibility statement"
    privacy = StandardPage.objects.get(slug="datenschutz", locale__language_code="de")
    body = str(privacy.body)
    assert "OpenStreetMap" in body and "Stripe" in body
    accessibility = StandardPage.objects.get(slug="barrierefreiheit", locale__language_code="de")
    assert "kontakt@example.org" in str(accessibility.body)
    site_settings = SiteSettings.objects.get()
    assert site_settings.imprint_page.slug == "impressum"
    assert settings.CITY_NAME in site_settings.agency_name
    assert "redaktion@example.org" in first_output and "demo-pass-123" in first_output


def test_demo_pages_render(client, settings):
    settings.DEMO_PASSWORD = "demo-pass-123"
    run("--only", "home.demo")
    for url in ["/", "/impressum/", "/datenschutz/", "/barrierefreiheit/", "/so-funktionierts/", "/neuigkeiten/"]:
        response = client.get(url)
        assert response.status_code == 200, url
    html = client.get("/").content.decode()
    assert "Neuigkeiten" in html and 'href="/so-funktionierts/"' in html
    assert 'href="/impressum/"' in html  # footer link from the site settings


def test_editor_can_log_in_and_reach_the_admin(client, settings):
    from allauth.account.models import EmailAddress

    settings.DEMO_PASSWORD = "demo-pass-123"
    run("--only", "home.demo")
    editor = get_user_model().objects.get(email="redaktion@example.org")
    assert editor.is_staff and not editor.is_superuser
    assert editor.check_password("demo-pass-123")
    assert EmailAddress.objects.filter(user=editor, verified=True, primary=True).exists()
    assert editor.has_perm("wagtailadmin.access_admin")
    if editor.groups.filter(name="Redaktion").exists():
        assert True
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


def test_whole_seed_demo_is_idempotent(settings):
    """All generators in DEMO_GENERATORS (those that exist yet), twice: the same counts."""
    settings.DEMO_PASSWORD = "demo-pass-123"
    output = run()
    first = counts()
    run()
    assert counts() == first
    assert "Demo data is ready." in output


def test_missing_generator_module_is_skipped_with_a_clear_line(settings):
    settings.DEMO_PASSWORD = "demo-pass-123"
    settings.DEMO_GENERATORS = ["home.demo", "nonexistent_app_xyz.demo"]
    output = run()
    assert "nonexistent_app_xyz.demo: skipped (module does not exist yet)" in output


def test_refuses_without_demo_allowed(settings):
    settings.DEMO_ALLOWED = False
    before = Page.objects.count()
    with pytest.raises(CommandError, match="refuses"):
        run()
    assert Page.objects.count() == before


def test_refuses_under_production_settings_module(settings, monkeypatch):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    with pytest.raises(CommandError, match="refuses"):
        run()


def test_random_password_is_kept_for_the_next_run(settings, tmp_path):
    settings.DEMO_PASSWORD = ""
    settings.BASE_DIR = tmp_path
    first = run("--only", "home.demo")
    stored = (tmp_path / ".demo-password").read_text().strip()
    assert len(stored) >= 12 and stored in first
    second = run("--only", "home.demo")
    assert stored in second
    assert get_user_model().objects.get(email="redaktion@example.org").check_password(stored)


def test_finish_links_the_directory_and_map_into_hero_and_menu(settings):
    from directory.factories import DirectoryIndexPageFactory, MapPageFactory
    from home.models import HomePage

    settings.DEMO_PASSWORD = "demo-pass-123"
    directory = DirectoryIndexPageFactory(show_in_menus=False)
    map_page = MapPageFactory(show_in_menus=False)
    run("--only", "home.demo")
    run("--only", "home.demo")
    home = HomePage.objects.get(locale__language_code="de")  # the demo adds its English translation
    assert home.hero_primary_page_id == directory.pk
    assert home.hero_secondary_page_id == map_page.pk
    menu = [page.pk for page in home.get_children().in_menu()]
    assert menu[:2] == [directory.pk, map_page.pk]
    assert len(menu) == 4  # directory, map, how it works, news


def test_redaktion_group_may_change_site_settings():
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Redaktion")
    codenames = set(group.permissions.filter(content_type__app_label="home").values_list("codename", flat=True))
    assert "change_sitesettings" in codenames


def test_demo_has_terms_support_faq_and_lawful_vouchers(client, settings):
    """Issue 20: terms and a 'how support works' FAQ (no donation receipt), linked from the pledge form's settings;
    the privacy page states the retention periods; no voucher or reward valid for less than the statutory period."""
    from wagtail.models import Site

    settings.DEMO_PASSWORD = "demo-pass-123"
    run()
    fundraising_settings = FundraisingSettings.for_site(Site.objects.get(is_default_site=True))
    assert fundraising_settings.terms_page.slug == "nutzungsbedingungen"
    assert fundraising_settings.privacy_page.slug == "datenschutz"
    assert fundraising_settings.support_info_page.slug == "so-funktioniert-unterstuetzung"
    faq = client.get("/so-funktioniert-unterstuetzung/").content.decode()
    assert "keine Zuwendungsbestätigung" in faq and "Spende" in faq
    # No URL of the demo says "Spende" (support is not a donation); the old campaign URLs redirect (legacy_urls).
    assert not Page.objects.filter(url_path__icontains="spende").exists()
    assert "Zuwendungsbestätigung" in client.get("/nutzungsbedingungen/").content.decode()
    assert "§ 147 AO" in client.get("/datenschutz/").content.decode()
    # The same in English: terms, FAQ, and the privacy page's retention periods.
    faq_en = client.get("/en/so-funktioniert-unterstuetzung/").content.decode()
    assert '<html lang="en"' in faq_en and "no donation receipt" in faq_en
    terms_en = client.get("/en/nutzungsbedingungen/").content.decode()
    assert "Right of withdrawal" in terms_en and "multi-purpose voucher" in terms_en
    assert "§ 147 AO" in client.get("/en/datenschutz/").content.decode()
    # A business closed for good: offers made, one exchanged into the fans' campaign (covered there), one refunded.
    closed = BusinessPage.objects.get(closed_for_good_at__isnull=False)
    offers = ClosureOffer.objects.filter(business=closed)
    assert offers.count() >= 2 and set(offers.exclude(choice="").values_list("choice", flat=True)) == {
        "exchange",
        "refund",
    }
    exchanged = offers.get(choice="exchange").voucher
    assert exchanged.business_id is None and exchanged.scope_id == fundraising_settings.closure_exchange_campaign_id
    assert ledger(exchanged.scope.specific).exchanged_cents == exchanged.balance_cents
    open_offer = offers.filter(choice="").first()
    assert "Erstattung" in client.get(f"/gutschein/schliessung/{open_offer.token}/").content.decode()
    run()  # idempotent: no second business closed, no new offers
    assert BusinessPage.objects.filter(closed_for_good_at__isnull=False).count() == 1
    assert ClosureOffer.objects.filter(business=closed).count() == offers.count()
    out = io.StringIO()
    call_command("report_short_validity", stdout=out)
    assert "0 reward(s) and 0 voucher(s)" in out.getvalue()


def test_site_answers_at_base_url_so_wagtail_full_urls_are_right(settings):
    from wagtail.models import Site

    settings.DEMO_PASSWORD = "demo-pass-123"
    settings.BASE_URL = "http://127.0.0.1:8731"
    output = run("--only", "home.demo")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8731) and "site address: http://127.0.0.1:8731" in output
    assert (
        StandardPage.objects.get(slug="impressum", locale__language_code="de").full_url
        == "http://127.0.0.1:8731/impressum/"
    )
    assert "site address" not in run("--only", "home.demo")  # unchanged: nothing to do

    settings.BASE_URL = "https://demo.example.org"
    run("--only", "home.demo")
    site.refresh_from_db()
    assert (site.hostname, site.port, site.root_url) == ("demo.example.org", 443, "https://demo.example.org")
