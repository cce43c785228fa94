import datetime

import pytest

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.test import Client

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site
from wagtail.rich_text import RichText

from home.blocks import BodyBlock, CallToActionBlock
from home.factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory, home_page
from home.models import HomePage, SiteSettings

pytestmark = pytest.mark.django_db


def publish(page):
    page.save_revision().publish()
    return page


def test_home_page_renders_in_german_with_hero(client, settings):
    home = home_page()
    home.hero_heading = "Die Stadt hält zusammen"
    home.hero_text = "Kleine Läden brauchen Sie."
    publish(home)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de" dir="ltr">' in html
    assert "Die Stadt hält zusammen" in html
    assert "Kleine Läden brauchen Sie." in html
    assert settings.PLATFORM_NAME in html and settings.CITY_NAME in html
    assert "Zum Inhalt springen" in html  # the skip link, translated
    assert html.count("<main") == 1
    assert html.count("<h1") == 1
    assert f"<title>{settings.PLATFORM_NAME} {settings.CITY_NAME}</title>" in html


def test_home_page_in_english_under_en_prefix(client):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Skip to content" in html


def test_home_page_shows_latest_news_slot(client):
    index = NewsIndexPageFactory()
    NewsPageFactory(parent=index, title="Ältere Meldung", date=datetime.date(2026, 1, 1))
    NewsPageFactory(parent=index, title="Neueste Meldung", date=datetime.date(2026, 3, 1))
    draft = NewsPageFactory(parent=index, title="Entwurf", date=datetime.date(2026, 4, 1))
    draft.unpublish()
    html = client.get("/").content.decode()
    assert "Neueste Meldung" in html and "Ältere Meldung" in html
    assert "Entwurf" not in html
    assert html.index("Neueste Meldung") < html.index("Ältere Meldung")


def test_home_page_news_count_zero_hides_section(client):
    NewsPageFactory(title="Versteckte Meldung")
    home = home_page()
    home.news_count = 0
    publish(home)
    assert "Versteckte Meldung" not in client.get("/").content.decode()


def test_home_page_hero_buttons_link_to_chosen_pages(client):
    target = StandardPageFactory(title="Mitmachen", slug="mitmachen")
    home = home_page()
    home.hero_primary_page = target
    home.hero_primary_label = "Jetzt mitmachen"
    publish(home)
    html = client.get("/").content.decode()
    assert 'href="/mitmachen/"' in html and "Jetzt mitmachen" in html


def test_home_page_escapes_hostile_hero_text(client):
    home = home_page()
    home.hero_heading = '<script>alert("x")</script>'
    publish(home)
    html = client.get("/").content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def _image():
    return get_image_model().objects.create(title="Testbild", file=get_test_image_file())


def test_standard_page_renders_every_block(client):
    image = _image()
    target = StandardPageFactory(title="Ziel", slug="ziel")
    body = [
        ("heading", {"text": "Abschnitt eins", "level": "h2"}),
        ("heading", {"text": "Unterabschnitt", "level": "h3"}),
        ("paragraph", {"text": RichText("<p>Ein <b>fetter</b> Absatz.</p>")}),
        ("image", {"image": image, "alt_text": "Ein Laden von außen", "caption": "Foto: Redaktion"}),
        (
            "call_to_action",
            {"title": "Machen Sie mit", "text": "Kurz erklärt.", "page": target, "url": "", "button_label": "Los"},
        ),
        ("faq", {"title": "Fragen", "items": [{"question": "Was kostet das?", "answer": RichText("<p>Nichts.</p>")}]}),
        ("quote", {"quote": "Danke an alle!", "attribution": "Ein Café"}),
    ]
    page = StandardPageFactory(title="Über uns", slug="ueber-uns", introduction="Wer wir sind.", body=body)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Über uns</h1>" in html and "Wer wir sind." in html
    assert f"<title>Über uns – {django_settings.PLATFORM_NAME}" in html
    assert '<h2 class="block-heading">Abschnitt eins</h2>' in html
    assert '<h3 class="block-heading">Unterabschnitt</h3>' in html
    assert "<b>fetter</b>" in html
    assert 'alt="Ein Laden von außen"' in html and "Foto: Redaktion" in html
    assert 'href="/ziel/"' in html and ">Los</a>" in html
    assert "<details" in html and "<summary" in html and "Was kostet das?" in html
    assert "<blockquote" in html and "Danke an alle!" in html and "Ein Café" in html


def test_standard_page_escapes_hostile_block_text(client):
    body = [
        ("heading", {"text": "<img src=x onerror=alert(1)>", "level": "h2"}),
        ("quote", {"quote": "<script>alert(1)</script>", "attribution": '"><svg onload=alert(1)>'}),
    ]
    page = StandardPageFactory(slug="boese", body=body)
    html = client.get(page.url).content.decode()
    assert "<img src=x" not in html and "<script>alert(1)</script>" not in html and "<svg onload" not in html


def test_rich_text_features_are_limited():
    paragraph = BodyBlock().child_blocks["paragraph"].child_blocks["text"]
    assert "embed" not in paragraph.features and "image" not in paragraph.features


def test_call_to_action_needs_a_page_or_link():
    block = CallToActionBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"title": "T", "text": "", "page": None, "url": "", "button_label": "Los"}))
    cleaned = block.clean(
        block.to_python({"title": "T", "text": "", "page": None, "url": "https://example.org/", "button_label": "Los"})
    )
    assert cleaned["url"] == "https://example.org/"


def test_call_to_action_rejects_javascript_urls():
    block = CallToActionBlock()
    with pytest.raises(ValidationError):
        block.clean(
            block.to_python({"title": "T", "text": "", "page": None, "url": "javascript:alert(1)", "button_label": "x"})
        )


def test_block_set_is_small_and_documented():
    block = BodyBlock()
    assert set(block.child_blocks) == {"heading", "paragraph", "image", "call_to_action", "faq", "quote"}
    for child in block.child_blocks.values():
        assert child.meta.icon and child.meta.template and child.meta.description
        assert child.meta.template.startswith("home/blocks/")


def test_news_index_lists_paginates_and_filters_by_tag(client):
    index = NewsIndexPageFactory()
    for number in range(12):
        NewsPageFactory(parent=index, title=f"Meldung Nr. {number:02d}", date=datetime.date(2026, 1, 1 + number))
    tagged = NewsPageFactory(parent=index, title="Gutschein-Tipp", date=datetime.date(2025, 1, 1))
    tagged.tags.add("Gutscheine")
    publish(tagged)

    first = client.get(index.url)
    assert first.status_code == 200
    html = first.content.decode()
    assert "Meldung Nr. 11" in html and "Meldung Nr. 02" in html and "Meldung Nr. 01" not in html
    assert 'rel="next"' in html and "Seite 1 von 2" in html
    second = client.get(index.url, {"page": 2}).content.decode()
    assert "Meldung Nr. 01" in second and "Gutschein-Tipp" in second

    filtered = client.get(index.url, {"tag": "gutscheine"}).content.decode()
    assert "Gutschein-Tipp" in filtered and "Meldung Nr. 11" not in filtered


@pytest.mark.parametrize("page_param", ["abc", "-1", "99999", "1 OR 1=1", "", "1" * 500])
def test_news_index_survives_malformed_page_numbers(client, page_param):
    index = NewsIndexPageFactory()
    NewsPageFactory(parent=index, title="Einzige Meldung")
    response = client.get(index.url, {"page": page_param})
    assert response.status_code == 200
    assert "Einzige Meldung" in response.content.decode()


@pytest.mark.parametrize("tag", ['"><script>alert(1)</script>', "' OR 1=1 --", "x" * 5000, "\x00"])
def test_news_index_hostile_tag_filter(client, tag):
    index = NewsIndexPageFactory()
    NewsPageFactory(parent=index, title="Meldung")
    response = client.get(index.url, {"tag": tag})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert len(html) < 100_000


def test_news_index_tag_filter_with_a_real_tag_and_junk(client):
    index = NewsIndexPageFactory()
    tagged = NewsPageFactory(parent=index, title="Mit Schlagwort")
    tagged.tags.add("Märkte")
    publish(tagged)
    NewsPageFactory(parent=index, title="Ohne Schlagwort")
    slug = tagged.tags.get().slug
    html = client.get(index.url, {"tag": slug}).content.decode()
    assert "Mit Schlagwort" in html and "Ohne Schlagwort" not in html
    junk = client.get(index.url, {"tag": "' OR 1=1 --"}).content.decode()
    assert "Noch keine Neuigkeiten." in junk


def test_news_page_renders_with_image_alt_and_tags(client):
    image = _image()
    page = NewsPageFactory(title="Neue Karte", teaser="Die Karte ist da.", image=image, image_alt="Stadtplan")
    page.tags.add("Karte")
    publish(page)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Neue Karte</h1>" in html and "Die Karte ist da." in html
    assert 'alt="Stadtplan"' in html
    assert "?tag=karte" in html


def test_news_page_needs_alt_text_for_its_image():
    page = NewsPageFactory.build(title="Ohne Alt", teaser="x", image=_image(), image_alt="  ")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "image_alt" in error.value.message_dict


def test_rss_and_atom_feeds(client):
    index = NewsIndexPageFactory()
    NewsPageFactory(parent=index, title="Feed-Meldung <&>", teaser="Im Feed.")
    rss = client.get(f"{index.url}rss/")
    assert rss.status_code == 200
    assert rss["Content-Type"].startswith("application/rss+xml")
    body = rss.content.decode()
    assert "<title>Feed-Meldung &lt;&amp;&gt;</title>" in body and "Im Feed." in body
    assert "http://testserver/neuigkeiten/" in body
    atom = client.get(f"{index.url}atom/")
    assert atom.status_code == 200
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "Feed-Meldung &lt;&amp;&gt;" in atom.content.decode()
    html = client.get(index.url).content.decode()
    assert 'type="application/rss+xml"' in html and 'type="application/atom+xml"' in html


def test_feed_excludes_drafts(client):
    index = NewsIndexPageFactory()
    draft = NewsPageFactory(parent=index, title="Geheimer Entwurf")
    draft.unpublish()
    assert "Geheimer Entwurf" not in client.get(f"{index.url}rss/").content.decode()


def test_main_menu_and_footer(client):
    StandardPageFactory(title="Im Menü", slug="im-menue", show_in_menus=True)
    imprint = StandardPageFactory(title="Impressum", slug="impressum")
    StandardPageFactory(title="Nicht im Menü", slug="versteckt", show_in_menus=False)
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.agency_name = "Wirtschaftsförderung Beispielstadt"
    site_settings.contact_email = "kontakt@example.org"
    site_settings.imprint_page = imprint
    site_settings.save()
    response = client.get("/im-menue/")
    html = response.content.decode()
    assert 'href="/im-menue/" aria-current="page"' in html
    assert "Nicht im Menü" not in html.split("<footer")[0]
    footer = html.split("<footer")[1]
    assert 'href="/impressum/"' in footer and "Wirtschaftsförderung Beispielstadt" in footer
    assert "mailto:kontakt@example.org" in footer
    assert 'href="/konto/login/"' in html  # log-in link for owners


def test_standard_page_switcher_on_english_page_links_back_to_german(client):
    page = StandardPageFactory(slug="info")
    html = client.get(f"/en{page.url}").content.decode()
    assert 'href="/info/" hreflang="de"' in html and 'href="/tr/info/" hreflang="tr"' in html


class TestPageTypeRules:
    def test_parent_and_subpage_rules(self):
        from wagtail.models import Page

        from home.models import NewsIndexPage, NewsPage, StandardPage

        assert HomePage.allowed_parent_page_models() == [Page]
        assert set(StandardPage.allowed_parent_page_models()) == {HomePage, StandardPage}
        assert StandardPage.allowed_subpage_models() == [StandardPage]
        assert NewsIndexPage.allowed_parent_page_models() == [HomePage]
        assert NewsIndexPage.allowed_subpage_models() == [NewsPage]
        assert NewsPage.allowed_parent_page_models() == [NewsIndexPage]
        assert NewsPage.allowed_subpage_models() == []
        children = HomePage.allowed_subpage_models()
        assert StandardPage in children and NewsIndexPage in children
        assert NewsPage not in children and HomePage not in children

    def test_only_one_home_page_and_one_news_index(self):
        from home.models import NewsIndexPage

        home = home_page()
        assert not HomePage.can_create_at(home.get_parent())
        assert NewsIndexPage.can_create_at(home)
        NewsIndexPageFactory()
        assert not NewsIndexPage.can_create_at(home_page())


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Seite nicht gefunden" in html
    assert 'action="/suche/"' in html
    assert '<html lang="de" dir="ltr">' in html


def test_404_in_english(client):
    response = client.get("/en/does-not-exist/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_500_template_renders_without_request_context():
    from django.template import loader

    html = loader.get_template("500.html").render({})
    assert "500" in html and "<html" in html
    assert "Etwas ist schiefgelaufen" in html or "Something went wrong" in html


@pytest.mark.parametrize(("language", "home"), [("de", 'href="/"'), ("ar", 'href="/ar/"'), ("tr", 'href="/tr/"')])
def test_500_page_leads_to_the_home_page_in_the_visitors_language(language, home):
    from django.template import loader
    from django.utils import translation

    with translation.override(language):
        html = loader.get_template("500.html").render({})
    assert f'<a class="btn btn--primary" {home}>' in html and f'lang="{language}"' in html


def test_server_error_page_is_served(settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    client = Client(raise_request_exception=False)
    from unittest import mock

    with mock.patch("home.models.home_page.HomePage.get_context", side_effect=RuntimeError("boom")):
        response = client.get("/")
    assert response.status_code == 500
    assert b"500" in response.content


def test_home_slots_are_filled_by_hooks(client):
    from wagtail import hooks

    def key_figures(request, page):
        return '<section class="section"><p class="stat">42 supporters</p></section>'

    def featured(request, page):
        return None  # nothing to show: the slot stays empty

    with (
        hooks.register_temporarily("home_key_figures", key_figures),
        hooks.register_temporarily("home_featured_campaigns", featured),
    ):
        html = client.get("/").content.decode()
    assert '<p class="stat">42 supporters</p>' in html


def test_main_menu_items_hook_adds_links(client):
    from wagtail import hooks

    def items(request):
        return [("Mein Unternehmen", "/mein-unternehmen/")]

    with hooks.register_temporarily("main_menu_items", items):
        html = client.get("/").content.decode()
    assert 'href="/mein-unternehmen/"' in html and "Mein Unternehmen" in html


def test_hero_image_is_decorative(client):
    home = home_page()
    home.hero_image = _image()
    publish(home)
    html = client.get("/").content.decode()
    assert 'class="hero hero--image"' in html
    hero = html.split('class="hero hero--image"', 1)[1].split("</section>", 1)[0]
    assert 'alt=""' in hero and "hero__image" in hero


def test_a_failing_home_slot_hook_does_not_break_the_home_page(client):
    from wagtail import hooks

    def broken(request, page):
        raise RuntimeError("boom")

    with hooks.register_temporarily("home_featured_campaigns", broken):
        response = client.get("/")
    assert response.status_code == 200
