"""The embeddable widget: content, framing allowed for it only, no cookies, cached, escaped."""

import pytest

from django.core.cache import cache

from fundraising import signals as fundraising_signals

from .conftest import paid


def widget_url(campaign):
    return campaign.url + "widget/"


def test_widget_shows_progress_and_support_link(client, campaign_a):
    paid(campaign_a, 25_000)
    paid(campaign_a, 5_000)
    response = client.get(widget_url(campaign_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hilf Anna" in html and "Café Anna" in html
    assert 'value="30"' in html  # 300 € of 1000 €
    assert "2 Unterstützer" in html  # wording from the shared German catalogue
    assert f'href="http://localhost{campaign_a.url}"' in html or campaign_a.url in html
    assert 'target="_blank" rel="noopener"' in html
    assert "<script" not in html and "style=" not in html and " on" not in html.replace(" one", "")


def test_widget_may_be_framed_but_campaign_page_may_not(client, campaign_a):
    widget = client.get(widget_url(campaign_a))
    assert "X-Frame-Options" not in widget
    csp = widget["Content-Security-Policy"]
    frame_ancestors = next(part for part in csp.split(";") if "frame-ancestors" in part)
    assert "https:" in frame_ancestors and "'none'" not in frame_ancestors
    page = client.get(campaign_a.url)
    page_csp = page.get("Content-Security-Policy", "")
    page_fa = next((part for part in page_csp.split(";") if "frame-ancestors" in part), "")
    assert page.get("X-Frame-Options") in ("DENY", "SAMEORIGIN") or "https:" not in page_fa


def test_widget_sets_no_cookie_and_is_publicly_cacheable(client, campaign_a):
    response = client.get(widget_url(campaign_a))
    assert not response.cookies
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")


def test_widget_in_english(client, campaign_a):
    response = client.get("/en" + widget_url(campaign_a))
    assert response.status_code == 200
    assert "Support now" in response.content.decode()
    assert 'lang="en"' in response.content.decode()


def test_widget_is_cached_and_refreshed_by_pledge_paid(client, campaign_a):
    client.get(widget_url(campaign_a))
    pledge = paid(campaign_a, 50_000)
    assert 'value="0"' in client.get(widget_url(campaign_a)).content.decode()  # cached
    fundraising_signals.pledge_paid.send(sender=type(pledge), pledge=pledge)
    assert 'value="50"' in client.get(widget_url(campaign_a)).content.decode()


def test_widget_escapes_hostile_titles(client, make_campaign):
    campaign = make_campaign(title='<img src=x onerror=alert(1)>"')
    html = client.get(widget_url(campaign)).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_widget_of_ended_campaign_links_without_support_button(client, campaign_a):
    from django.utils import timezone

    type(campaign_a).objects.filter(pk=campaign_a.pk).update(ended_early_at=timezone.now())
    cache.clear()
    html = client.get(widget_url(campaign_a)).content.decode()
    assert "Jetzt unterstützen" not in html and "Zur Aktion" in html


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_widget_of_unpublished_campaign_is_404_and_other_methods_harmless(client, campaign_a, method):
    response = getattr(client, method)(widget_url(campaign_a))
    assert response.status_code in (200, 405)
    assert not response.cookies
    campaign_a.unpublish()
    cache.clear()
    assert client.get(widget_url(campaign_a)).status_code == 404
