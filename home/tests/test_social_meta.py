"""One set of canonical/Open Graph/Twitter tags on every page type, with addresses from BASE_URL (issue 19)."""

import re
import subprocess
from pathlib import Path

import pytest

from directory.factories import BusinessPageFactory
from fundraising.factories import CampaignPageFactory
from home.factories import NewsPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _meta(html, attr, name):
    return re.findall(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', html)


def _check(html, expected_url):
    for attr, name in (
        ("property", "og:site_name"),
        ("property", "og:title"),
        ("property", "og:url"),
        ("property", "og:type"),
        ("name", "twitter:card"),
        ("name", "twitter:title"),
    ):
        assert len(_meta(html, attr, name)) == 1, f"{name} is not there exactly once"
    assert _meta(html, "property", "og:url") == [expected_url]
    assert re.findall(r'<link rel="canonical" href="([^"]*)"', html) == [expected_url]
    assert "localhost" not in " ".join(_meta(html, "property", "og:url") + _meta(html, "property", "og:image"))


@pytest.mark.parametrize("kind", ["business", "campaign", "standard", "news", "home", "search"])
def test_every_page_type_has_one_set_of_social_tags_from_base_url(client, settings, kind):
    settings.BASE_URL = "https://wir.example.org"
    if kind == "business":
        page = BusinessPageFactory(title="Bäckerei Sonne")
        path = page.url
    elif kind == "campaign":
        page = CampaignPageFactory(title="Hilfe für die Sonne")
        path = page.url
    elif kind == "standard":
        path = StandardPageFactory().url
    elif kind == "news":
        path = NewsPageFactory().url
    elif kind == "home":
        path = "/"
    else:
        path = "/suche/"
    response = client.get(path, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, path
    html = response.content.decode()
    _check(html, "https://wir.example.org" + path)
    if kind in ("business", "campaign"):
        (image,) = _meta(html, "property", "og:image")
        assert image.startswith("https://wir.example.org/")
        assert _meta(html, "name", "twitter:card") == ["summary_large_image"]
    if kind == "campaign":
        assert _meta(html, "property", "og:title") == ["Hilfe für die Sonne – " + page.get_parent().title]


def test_make_run_serves_and_links_on_the_same_port():
    """`make run PORT=8080`: seed_demo and runserver get BASE_URL on port 8080 (emails, share links, checkout)."""
    dry = subprocess.run(  # noqa: S603 (make from PATH, fixed arguments)
        ["make", "-n", "run", "PORT=8080"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    ).stdout
    runserver = next(line for line in dry.splitlines() if "runserver" in line)
    assert "http://127.0.0.1:8080" in runserver and "127.0.0.1:8080" in runserver.split("runserver")[1]
    assert "http://127.0.0.1:8080" in next(line for line in dry.splitlines() if "seed_demo" in line)
