import pytest

from home.factories import NewsPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def test_search_page_without_query(client):
    response = client.get("/suche/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Suche</h1>" in html
    assert 'name="q"' in html and '<label class="field__label" for="search-q">' in html
    assert 'content="noindex"' in html
    assert "Ergebnis" not in html


def test_search_finds_published_pages_only(client):
    StandardPageFactory(title="Gutscheine erklärt", slug="gutscheine-erklaert")
    draft = StandardPageFactory(title="Gutscheine geheim", slug="gutscheine-geheim")
    draft.unpublish()
    response = client.get("/suche/", {"q": "Gutscheine"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gutscheine erklärt" in html and 'href="/gutscheine-erklaert/"' in html
    assert "Gutscheine geheim" not in html
    assert "1 Ergebnis für „Gutscheine“" in html


def test_search_in_english(client):
    StandardPageFactory(title="Lieferdienst", slug="lieferdienst")
    html = client.get("/en/suche/", {"q": "Lieferdienst"}).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "1 result for “Lieferdienst”" in html


def test_search_no_results_message(client):
    html = client.get("/suche/", {"q": "xyzzyquux"}).content.decode()
    assert "0 Ergebnisse" in html and "Nichts gefunden" in html


def test_search_paginates_and_keeps_the_query(client):
    for number in range(13):
        NewsPageFactory(title=f"Wochenmarkt {number}", slug=f"wochenmarkt-{number}")
    first = client.get("/suche/", {"q": "Wochenmarkt"}).content.decode()
    assert "13 Ergebnisse" in first
    assert first.count('class="search-result"') == 10
    assert "?q=Wochenmarkt&amp;page=2" in first
    second = client.get("/suche/", {"q": "Wochenmarkt", "page": "2"}).content.decode()
    assert second.count('class="search-result"') == 3


@pytest.mark.parametrize(
    "query",
    [
        '<script>alert("x")</script>',
        '"><img src=x onerror=alert(1)>',
        "' OR 1=1; DROP TABLE wagtailcore_page; --",
        'AND OR NOT "unclosed',
        "a* NEAR(b c) ^ : ( ) { } [ ] ~ -",
        "\x00\x01 nul",
        "ä" * 20000,
        "%00%27",
        "   ",
    ],
)
def test_search_survives_hostile_input(client, query):
    StandardPageFactory(title="Bäckerei", slug="baeckerei")
    response = client.get("/suche/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert len(html) < 200_000  # the query is truncated, never echoed 20,000 times
    # the database is unharmed
    assert client.get("/baeckerei/").status_code == 200


@pytest.mark.parametrize("page", ["0", "-5", "abc", "999999", "1e9", ""])
def test_search_malformed_page_numbers(client, page):
    StandardPageFactory(title="Kiosk", slug="kiosk")
    response = client.get("/suche/", {"q": "Kiosk", "page": page})
    assert response.status_code == 200
    assert "Kiosk" in response.content.decode()


def test_search_query_is_truncated_and_cleaned():
    from home.views import SEARCH_MAX_LENGTH, clean_query

    assert clean_query("  a\x00b \n c  ") == "a b c"
    assert len(clean_query("x" * 1000)) == SEARCH_MAX_LENGTH
    assert clean_query(None) == ""


def test_search_rejects_post(client):
    assert client.post("/suche/", {"q": "x"}).status_code == 405


def test_repeated_identical_searches_give_identical_results(client):
    StandardPageFactory(title="Fahrradladen", slug="fahrradladen")
    first = client.get("/suche/", {"q": "Fahrradladen"}).content
    second = client.get("/suche/", {"q": "Fahrradladen"}).content
    assert first.count(b"search-result__title") == second.count(b"search-result__title") == 1


def test_search_finds_words_in_the_body_and_teaser(client):
    from wagtail.rich_text import RichText

    StandardPageFactory(
        title="Hilfe", slug="hilfe", body=[("paragraph", {"text": RichText("<p>Wir liefern per Lastenfahrrad.</p>")})]
    )
    NewsPageFactory(title="Meldung", slug="meldung-x", teaser="Neuer Wochenmarkt am Hafen.")
    assert "1 Ergebnis" in client.get("/suche/", {"q": "Lastenfahrrad"}).content.decode()
    assert "1 Ergebnis" in client.get("/suche/", {"q": "Hafen"}).content.decode()


# One version of each page: the visitor's language, else the source language (issue 18) ---------------------------


def _translate(page, language, **fields):
    from wagtail.models import Locale

    translated = page.copy_for_translation(Locale.objects.get(language_code=language), copy_parents=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


def _result_links(html):
    import re

    return re.findall(r'<h2 class="search-result__title"><a href="([^"]+)"', html)


def test_search_shows_the_visitors_language_version_only(client):
    page = StandardPageFactory(title="Marktplatz Hilfe", slug="hilfe", introduction="Marktplatz")
    _translate(page, "en", title="Marktplatz Help", slug="help")
    english = client.get("/en/suche/", {"q": "Marktplatz"}).content.decode()
    assert _result_links(english) == ["/en/help/"]
    assert "Marktplatz Help" in english and "Marktplatz Hilfe" not in english
    german = client.get("/suche/", {"q": "Marktplatz"}).content.decode()
    assert _result_links(german) == ["/hilfe/"]
    assert "1 Ergebnis" in german


def test_search_falls_back_to_the_source_language_marked_lang(client):
    page = StandardPageFactory(title="Marktplatz Hilfe", slug="hilfe")
    _translate(page, "en", title="Marktplatz Help", slug="help")
    turkish = client.get("/tr/suche/", {"q": "Marktplatz"}).content.decode()
    assert _result_links(turkish) == ["/tr/hilfe/"]
    assert '<a href="/tr/hilfe/" lang="de">Marktplatz Hilfe</a>' in turkish


def test_an_unpublished_translation_leaves_the_source_page_in_the_results(client):
    page = StandardPageFactory(title="Marktplatz Hilfe", slug="hilfe")
    draft = _translate(page, "en", title="Marktplatz Help", slug="help")
    draft.unpublish()
    english = client.get("/en/suche/", {"q": "Marktplatz"}).content.decode()
    assert _result_links(english) == ["/en/hilfe/"]


def test_a_translated_title_is_found_only_in_its_language(client):
    page = StandardPageFactory(title="Wochenmarkt", slug="wochenmarkt")
    _translate(page, "en", title="Farmers market", slug="farmers-market")
    assert _result_links(client.get("/en/suche/", {"q": "Farmers"}).content.decode()) == ["/en/farmers-market/"]
    assert _result_links(client.get("/suche/", {"q": "Farmers"}).content.decode()) == []
    assert _result_links(client.get("/tr/suche/", {"q": "Farmers"}).content.decode()) == []
