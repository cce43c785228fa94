"""The hooks through which sub-apps add to the core's pages: campaign routes, campaign page sections, thank-you page
sections. The core renders what they return, escaped unless it is marked safe, and needs none of them."""

from django.http import HttpResponse
from django.urls import path
from django.utils.html import format_html

from wagtail import hooks

from commons.money import format_cents
from fundraising.factories import PledgeFactory
from fundraising.models import CampaignPage, PledgeState


def forget_routes():
    if "_routablepage_urlresolver" in CampaignPage.__dict__:
        del CampaignPage._routablepage_urlresolver


def test_a_hooked_route_is_served_on_the_campaign_page(client, campaign):
    def hello(page, request):
        return HttpResponse(f"hello {page.pk}")

    routes = [path("hallo/", hello, name="hallo")]
    forget_routes()  # Wagtail builds the resolver once per class
    try:
        with hooks.register_temporarily("fundraising_page_routes", lambda page_class: routes):
            response = client.get(campaign.url + "hallo/")
            assert response.status_code == 200 and response.content == f"hello {campaign.pk}".encode()
    finally:
        forget_routes()
    assert client.get(campaign.url + "hallo/").status_code == 404


def test_outreach_widget_route_comes_through_the_hook(client, campaign):
    response = client.get(campaign.url + "widget/")
    assert response.status_code == 200 and campaign.title in response.text


def test_campaign_page_sections_are_rendered_and_escaped(client, campaign):
    PledgeFactory(campaign=campaign, state=PledgeState.PAID, amount_cents=10_000)

    def section(request, page, progress):
        assert progress["raised_cents"] == 10_000
        return {
            "summary": format_html("<p class='test-summary'>{}</p>", page.title),
            "story": "<script>alert(1)</script>",
            "top_up_cents": 5_000,
        }

    hooked = [("fundraising_campaign_page_sections", section), ("fundraising_campaign_page_sections", lambda *a: None)]
    with hooks.register_temporarily(hooked):
        response = client.get(campaign.url)
    html = response.text
    assert response.status_code == 200
    assert f"<p class='test-summary'>{campaign.title}</p>" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert format_cents(15_000) in html  # 100 € pledged + 50 € added on top, in the one total


def test_thanks_sections_are_rendered(client, campaign):
    pledge = PledgeFactory(campaign=campaign, state=PledgeState.PAID)
    with hooks.register_temporarily("fundraising_thanks_sections", lambda request, p: format_html("<p>{}</p>", p.pk)):
        response = client.get(f"/unterstuetzen/danke/{pledge.public_token}/")
    assert response.status_code == 200 and f"<p>{pledge.pk}</p>" in response.text
