import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from directory.factories import BusinessPageFactory
from directory.ownership import grant_ownership
from directory.testing import login_url, make_verified_user
from fundraising.collective.beneficiaries import freeze
from fundraising.collective.factories import CollectiveCampaignPageFactory
from fundraising.collective.models import Distribution, ListedBusiness, OptOut
from fundraising.models import Pledge, PledgeState
from fundraising.owner_links import owner_dashboard_url
from fundraising.testing import owner_panels


@pytest.fixture
def setup(city):
    owner = make_verified_user("wirt@example.org")
    grant_ownership(city["gastro_north_1"], owner)
    page = CollectiveCampaignPageFactory(title="Fans für Nord")
    page.rule_categories.set([city["gastro"]])
    page.rule_districts.set([city["north"]])
    page.save()
    url = reverse("collective:opt_out", args=[page.pk, city["gastro_north_1"].pk])
    return {"owner": owner, "page": page, "url": url, **city}


def test_owner_sees_and_confirms_opt_out_once(client, setup):
    client.force_login(setup["owner"])
    response = client.get(setup["url"])
    assert response.status_code == 200
    assert "Do not take part" in response.text or "Nicht teilnehmen" in response.text
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    response = client.post(setup["url"])
    assert response.status_code == 302 and response["Location"] == owner_dashboard_url(setup["gastro_north_1"])
    response = client.post(setup["url"])  # a second click: still one opt-out
    assert response.status_code == 302
    assert OptOut.objects.filter(campaign=setup["page"], business=setup["gastro_north_1"]).count() == 1
    assert OptOut.objects.get().user == setup["owner"]
    freeze(setup["page"])
    assert [b.business_id for b in setup["page"].frozen_beneficiaries.all()] == [setup["gastro_north_2"].pk]


def test_anonymous_is_sent_to_log_in(client, setup):
    response = client.post(setup["url"])
    assert response.status_code == 302 and response["Location"].startswith(login_url())
    assert not OptOut.objects.exists()


def test_other_users_and_businesses_get_404(client, setup):
    stranger = make_verified_user("fremd@example.org")
    client.force_login(stranger)
    assert client.post(setup["url"]).status_code == 404
    # An unverified owner has no owner rights.
    unverified = make_verified_user("unbestaetigt@example.org", verified=False)
    grant_ownership(setup["gastro_north_1"], unverified)
    client.force_login(unverified)
    assert client.post(setup["url"]).status_code == 404
    # The owner, but for a business the campaign does not include.
    grant_ownership(setup["books_north"], setup["owner"])
    client.force_login(setup["owner"])
    other = reverse("collective:opt_out", args=[setup["page"].pk, setup["books_north"].pk])
    assert client.post(other).status_code == 404
    assert not OptOut.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/sammelaktionen/999999/nicht-teilnehmen/1/",
        "/sammelaktionen/99999999999999999999/nicht-teilnehmen/1/",
        "/sammelaktionen/1%27%20OR%201=1--/nicht-teilnehmen/1/",
        "/sammelaktionen/-1/nicht-teilnehmen/1/",
    ],
)
def test_hostile_ids_are_404(client, setup, path):
    client.force_login(setup["owner"])
    assert client.post(path).status_code == 404
    assert not OptOut.objects.exists()


def test_unpublished_campaign_is_404(client, setup):
    setup["page"].unpublish()
    client.force_login(setup["owner"])
    assert client.post(setup["url"]).status_code == 404


def test_other_methods_are_refused(client, setup):
    client.force_login(setup["owner"])
    assert client.put(setup["url"]).status_code == 405
    assert client.delete(setup["url"]).status_code == 405


def test_csrf_is_required(setup):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(setup["owner"])
    assert client.post(setup["url"]).status_code == 403
    assert not OptOut.objects.exists()


def test_no_opt_out_after_start_or_freeze(client, setup):
    page = setup["page"]
    freeze(page)
    client.force_login(setup["owner"])
    response = client.post(setup["url"])
    assert response.status_code == 409
    assert "final" in response.text or "endgültig" in response.text
    assert not OptOut.objects.exists()
    # Started but not yet frozen (the daily command has not run): also closed.
    late = CollectiveCampaignPageFactory(start_date=timezone.localdate() - datetime.timedelta(days=1))
    late.listed_businesses.add(ListedBusiness(business=setup["gastro_north_1"], weight=1))
    late.save()
    response = client.post(reverse("collective:opt_out", args=[late.pk, setup["gastro_north_1"].pk]))
    assert response.status_code == 409
    assert not OptOut.objects.exists()


def test_public_page_shows_shares_and_escapes_names(client, city):
    hostile = BusinessPageFactory(
        title='<script>alert("x")</script> Kneipe', district=city["north"], categories=[city["gastro"]]
    )
    page = CollectiveCampaignPageFactory(goal_cents=1000, distribution=Distribution.WEIGHTED, club_name="<b>FC</b>")
    page.listed_businesses.add(ListedBusiness(business=hostile, weight=2))
    page.listed_businesses.add(ListedBusiness(business=city["gastro_south"], weight=1))
    page.save()
    freeze(page)
    page.refresh_from_db()
    Pledge.objects.create(target=page, amount_cents=1000, name="A", email="a@example.org", state=PledgeState.PAID)
    response = client.get(page.url)
    assert response.status_code == 200
    text = response.text
    assert '<script>alert("x")</script>' not in text and "&lt;script&gt;" in text
    assert "<b>FC</b>" not in text
    # 1000 cents paid, split 2:1 -> 667 + 333 (the leftover cent to the larger remainder).
    assert "6,67" in text and "3,33" in text
    assert "Grill Süd" in text


def test_preview_before_start_and_index_lists_live_campaigns(client, setup):
    response = client.get(setup["page"].url)
    assert response.status_code == 200
    assert "Brauhaus Nord" in response.text and "Café Nord" in response.text
    assert "Buchladen Nord" not in response.text and "Entwurf" not in response.text
    draft = CollectiveCampaignPageFactory(title="Geheimer Entwurf", live=False)
    response = client.get(setup["page"].get_parent().url)
    assert response.status_code == 200
    assert "Fans für Nord" in response.text and draft.title not in response.text


def test_owner_dashboard_panel_links_opt_out(setup):
    assert setup["url"] in owner_panels(setup["owner"], setup["gastro_north_1"])
    OptOut.objects.create(campaign=setup["page"], business=setup["gastro_north_1"])
    assert setup["url"] not in owner_panels(setup["owner"], setup["gastro_north_1"])


def test_business_page_shows_part_of_with_share_after_freeze(client, setup):
    business = setup["gastro_north_1"]
    assert "Fans für Nord" not in client.get(business.url).text  # not before the list is final
    freeze(setup["page"])
    response = client.get(business.url)
    assert response.status_code == 200
    assert "Fans für Nord" in response.text and "0,00" in response.text  # nothing raised yet
    Pledge.objects.create(
        target=setup["page"], amount_cents=10_001, name="A", email="a@example.org", state=PledgeState.PAID
    )
    response = client.get(business.url)
    assert "50,01" in response.text  # 10,001 cents split equally; Brauhaus Nord has the lower id
    assert "Fans für Nord" not in client.get(setup["books_north"].url).text
    setup["page"].unpublish()
    assert "Fans für Nord" not in client.get(business.url).text


def test_running_collective_page_has_the_phone_support_bar_like_a_business_campaign(client, city):
    today = timezone.localdate()
    page = CollectiveCampaignPageFactory(
        goal_cents=500_000, start_date=today - datetime.timedelta(days=1), end_date=today + datetime.timedelta(days=20)
    )
    page.listed_businesses.add(ListedBusiness(business=city["gastro_south"], weight=1))
    page.save()
    freeze(page)
    page.refresh_from_db()
    Pledge.objects.create(target=page, amount_cents=2500, name="A", email="a@example.org", state=PledgeState.PAID)
    html = client.get(page.url).text
    assert '<nav class="support-bar"' in html and 'href="#unterstuetzen"' in html and 'id="unterstuetzen"' in html
    assert "has-support-bar" in html and "5.000" in html

    page.end_date = today - datetime.timedelta(days=1)  # ended: no invitation to support
    page.start_date = today - datetime.timedelta(days=30)
    page.save_revision().publish()
    html = client.get(page.url).text
    assert "support-bar" not in html


# The hero picture and the cards (issue 19: "campaigns have no hero image") ------------------------------------------


def test_collective_page_and_card_show_its_own_picture(client, city):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(
        title="Bild", description="Fans vor der Kneipe", file=get_test_image_file(size=(1280, 720))
    )
    page = CollectiveCampaignPageFactory(title="Fans mit Bild", image=image)
    html = client.get(page.url).text
    figure = html[html.index('<figure class="campaign-picture">') :]
    figure = figure[: figure.index("</figure>")]
    assert "<picture" in figure and 'alt="Fans vor der Kneipe"' in figure and ".webp" in figure
    assert 'width="' in figure and 'height="' in figure and "category-tile" not in figure
    card = client.get(page.get_parent().url).text
    card = card[card.index('<div class="card__media">') : card.index("Fans mit Bild")]
    assert "<img" in card and 'loading="lazy"' in card and 'alt=""' in card  # the title beside it names it


def test_collective_page_without_picture_shows_its_categorys_illustration(client, city):
    city["gastro"].icon, city["gastro"].colour = "utensils", "#b91c1c"
    city["gastro"].save()
    page = CollectiveCampaignPageFactory(title="Fans ohne Bild")
    page.rule_categories.set([city["gastro"]])
    page.save_revision().publish()
    html = client.get(page.url).text
    figure = html[html.index('<figure class="campaign-picture">') :]
    figure = figure[: figure.index("</figure>")]
    assert 'class="category-tile" aria-hidden="true"' in figure and 'fill="#b91c1c"' in figure
    card = client.get(page.get_parent().url).text
    card = card[card.index('<div class="card__media">') : card.index("Fans ohne Bild")]
    assert 'class="category-tile"' in card and 'fill="#b91c1c"' in card
    # Listed businesses instead of categories: still a picture (the default illustration), never an empty box.
    other = CollectiveCampaignPageFactory(title="Ohne Regeln")
    html = client.get(other.url).text
    figure = html[html.index('<figure class="campaign-picture">') :]
    assert "category-tile" in figure[: figure.index("</figure>")]


def test_collective_card_counts_supporters_like_the_page(client, city):
    today = timezone.localdate()
    page = CollectiveCampaignPageFactory(
        title="Zählt mit", start_date=today - datetime.timedelta(days=1), end_date=today + datetime.timedelta(days=9)
    )
    page.listed_businesses.add(ListedBusiness(business=city["gastro_south"], weight=1))
    page.save()
    freeze(page)
    for n in range(3):
        Pledge.objects.create(target=page, amount_cents=1000, name="A", email=f"{n}@ex.org", state=PledgeState.PAID)
    Pledge.objects.create(target=page, amount_cents=9900, name="B", email="b@ex.org", state=PledgeState.PENDING)
    Pledge.objects.create(target=page, amount_cents=9900, name="C", email="c@ex.org", state=PledgeState.REFUNDED)
    html = client.get(page.get_parent().url).text
    card = html[html.index("Zählt mit") :]
    card = card[: card.index("</article>")]
    assert "30 €" in card and ("3 Unterstützer" in card or "3 supporters" in card)  # paid ones only
    assert "Noch 10 Tage" in card or "10 days left" in card
