"""Leichte Sprache (BITV 2.0 §4): a page in easy German, in the demo, linked from every footer and the start page;
the accessibility statement names it (issue 18)."""

import io
import re

import pytest

from django.core.management import call_command

from home.models import SiteSettings, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEMO_PASSWORD = "demo-pass-123"
    call_command("seed_demo", "--only", "home.demo", stdout=io.StringIO())


def test_demo_has_the_page_in_easy_language_and_the_setting_points_to_it(demo):
    page = StandardPage.objects.get(slug="leichte-sprache")
    assert page.live and page.title == "Leichte Sprache"
    assert SiteSettings.objects.get().easy_language_page_id == page.pk
    text = re.sub(r"<[^>]+>", " ", str(page.body))
    sentences = [s.strip() for s in re.split(r"[.!?:]", text) if s.strip()]
    assert len(sentences) > 15
    # easy language: short sentences
    assert max(len(s.split()) for s in sentences) <= 12, max(sentences, key=lambda s: len(s.split()))
    assert "Gutschein" in text and "Spende" not in text


def test_seeding_twice_keeps_one_easy_language_page(demo):
    call_command("seed_demo", "--only", "home.demo", stdout=io.StringIO())
    assert StandardPage.objects.filter(slug="leichte-sprache").count() == 1


@pytest.mark.parametrize("path", ["/", "/en/", "/ar/", "/impressum/", "/tr/impressum/", "/uk/barrierefreiheit/"])
def test_every_footer_links_it_marked_as_german(client, demo, path):
    response = client.get(path)
    if response.status_code == 404:
        pytest.skip(f"{path} does not exist in this demo")
    html = response.content.decode()
    footer = html[html.index('<footer class="site-footer"') :]
    assert re.search(
        r'<a class="site-footer__easy" href="/leichte-sprache/" lang="de" hreflang="de">Leichte Sprache</a>', footer
    )


@pytest.mark.parametrize(("path", "note"), [("/", False), ("/en/", True), ("/ar/", True)])
def test_the_start_page_links_it(client, demo, path, note):
    html = client.get(path).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert 'href="/leichte-sprache/" lang="de"' in main
    assert ("(in German)" in main or "(باللغة الألمانية)" in main) is note


def test_the_accessibility_statement_names_it(demo):
    statement = StandardPage.objects.get(slug="barrierefreiheit", locale__language_code="de")
    assert "Leichte Sprache" in str(statement.body) and "/leichte-sprache/" in str(statement.body)
    english = StandardPage.objects.get(slug="barrierefreiheit", locale__language_code="en")
    assert "Leichte Sprache" in str(english.body) and 'lang="de"' in str(english.body)


def test_no_link_when_the_page_is_unpublished(client, demo):
    StandardPage.objects.get(slug="leichte-sprache").unpublish()
    assert "Leichte Sprache</a>" not in client.get("/").content.decode()
