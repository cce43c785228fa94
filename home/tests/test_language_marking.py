"""Owner-entered and German-fallback text is marked with its language and isolated from the surrounding direction in
cards, lists and emails (WCAG 3.1.2; issue 18): `{% content_lang %}` where the page's language is known, <bdi> for
names whose language is not, dir="rtl" on Arabic HTML emails."""

import pytest

from django.core import mail
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from commons.emails import queue_email
from directory.factories import BusinessPageFactory
from fundraising.collective.factories import CollectiveCampaignPageFactory
from fundraising.factories import CampaignPageFactory, RewardFactory
from home.factories import NewsPageFactory

pytestmark = pytest.mark.django_db

GERMAN_IN_ARABIC = ' lang="de" dir="ltr"'


def render(template, language, **context):
    with translation.override(language):
        return render_to_string(template, context)


def test_business_card_marks_the_german_name_and_description_in_arabic():
    business = BusinessPageFactory(title="Bäckerei Kaya", short_description="Frisches Brot jeden Morgen.")
    arabic = render("directory/includes/business_card.html", "ar", business=business)
    assert f"{GERMAN_IN_ARABIC}>Bäckerei Kaya</a>" in arabic
    assert f"<p{GERMAN_IN_ARABIC}>Frisches Brot jeden Morgen.</p>" in arabic
    assert f"<bdi>{business.district.name}</bdi>" in arabic
    turkish = render("directory/includes/business_card.html", "tr", business=business)
    assert ' lang="de">Bäckerei Kaya</a>' in turkish and 'dir="ltr"' not in turkish
    german = render("directory/includes/business_card.html", "de", business=business)
    assert 'lang="de"' not in german


def test_collective_card_marks_the_title_and_isolates_the_club(client):
    campaign = CollectiveCampaignPageFactory(title="Gemeinsam für die Nordstadt", club_name="SV Borussia 09")
    response = client.get("/ar" + campaign.get_parent().url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{GERMAN_IN_ARABIC}>Gemeinsam für die Nordstadt</a>" in html
    assert "<bdi>SV Borussia 09</bdi>" in html


def test_news_card_marks_title_and_teaser():
    item = NewsPageFactory(title="Neue Läden im Viertel", teaser="Drei Geschäfte sind dazugekommen.")
    html = render("home/includes/news_card.html", "uk", item=item)
    assert ' lang="de"><a href="' in html and ">Neue Läden im Viertel</a>" in html
    assert '<p lang="de">Drei Geschäfte sind dazugekommen.</p>' in html


def test_map_list_isolates_names_and_escapes_hostile_ones():
    record = {
        "id": 1,
        "name": '<script>alert("x")</script>',
        "url": "/unternehmen/x/",
        "category_names": ["Bäckerei"],
        "district_name": "Innenstadt-Nord",
        "open_now": True,
        "temporarily_closed": False,
        "lat": None,
        "layers": [],
        "campaign": None,
    }
    html = render("directory/includes/map_list.html", "ar", list_records=[record], result_count=1)
    assert "<script>" not in html
    assert "<bdi>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</bdi>" in html
    assert "<bdi>Innenstadt-Nord</bdi>" in html


def test_outreach_card_and_campaign_status_isolate_owner_titles():
    card = {"title": "Kühltheke für Kaya", "business": "Bäckerei Kaya", "url": "/a/", "percent": 10}
    card.update(raised_cents=1000, goal_cents=10000, days_left=3)
    html = render("outreach/includes/campaign_card.html", "ar", campaign=card)
    assert "<bdi>Kühltheke für Kaya</bdi>" in html and "<bdi>Bäckerei Kaya</bdi>" in html
    summary = {"title": "Kühltheke für Kaya", "url": "/a/", "state": "active", "goal_cents": 100, "days_left": 2}
    with translation.override("ar"):
        tag = Template("{% load directory_tags %}{% campaign_status summary %}")
        status = tag.render(Context({"summary": summary}))
    assert "<bdi>Kühltheke für Kaya</bdi>" in status


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("de", "ltr"), ("tr", "ltr")])
def test_html_emails_carry_the_direction_on_html_and_body(language, direction, django_capture_on_commit_callbacks):
    context = {"name": "Anna", "campaign": "Kühltheke <b>jetzt</b>", "amount": "10,00 €", "payment": None}
    with django_capture_on_commit_callbacks(execute=True):
        queue_email("fundraising/email/pledge_paid", "a@example.org", context, language)
    html = mail.outbox[-1].alternatives[0][0]
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert f'<body lang="{language}" dir="{direction}"' in html
    assert "<bdi>Kühltheke &lt;b&gt;jetzt&lt;/b&gt;</bdi>" in html
    assert "<bdi>Anna</bdi>" in html


def test_campaign_page_isolates_owner_reward_texts_in_arabic(client):
    campaign = CampaignPageFactory()
    RewardFactory(page=campaign, title="Kaffee mit dem Team", description="Wir laden Sie ein.")
    response = client.get("/ar" + campaign.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<bdi>Kaffee mit dem Team</bdi>") >= 1
    assert "<bdi>Wir laden Sie ein.</bdi>" in html
