"""Issue 18 in the fundraising plugin: no "Spende" in URLs (old ones redirect permanently), generated reward texts
and dates in the reader's language."""

import datetime

import pytest

from django.utils import translation

from fundraising.factories import PledgeFactory, RewardFactory
from fundraising.models import PledgeState, Voucher
from fundraising.reward_text import display_description, display_title, voucher_description, voucher_title

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/mein-unternehmen/5/spendenaktion/neu/", "/mein-unternehmen/5/aktion/neu/"),
        ("/mein-unternehmen/5/spendenaktion/7/", "/mein-unternehmen/5/aktion/7/"),
        (
            "/mein-unternehmen/5/spendenaktion/7/unterstuetzungen.csv",
            "/mein-unternehmen/5/aktion/7/unterstuetzungen.csv",
        ),
        ("/unternehmen/cafe/spendenaktion/", "/unternehmen/cafe/aktion/"),
        ("/unternehmen/cafe/spendenaktion-2/widget/", "/unternehmen/cafe/aktion-2/widget/"),
        ("/en/unternehmen/cafe/spendenaktion/bericht/", "/en/unternehmen/cafe/aktion/bericht/"),
        ("/ar/unternehmen/cafe/spendenaktion", "/ar/unternehmen/cafe/aktion"),
    ],
)
def test_old_campaign_urls_redirect_permanently(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_old_campaign_url_keeps_its_query_string(client):
    response = client.get("/unternehmen/cafe/spendenaktion/?betrag=25&utm_source=plakat")
    assert response.status_code == 301
    assert response["Location"] == "/unternehmen/cafe/aktion/?betrag=25&utm_source=plakat"


def test_old_campaign_url_keeps_the_method_for_a_post(client):
    response = client.post("/mein-unternehmen/5/spendenaktion/7/beenden/", {"confirm": "yes"})
    assert response.status_code == 308
    assert response["Location"] == "/mein-unternehmen/5/aktion/7/beenden/"


@pytest.mark.parametrize("path", ["/unternehmen/spendenaktionen-im-test/", "/unternehmen/xspendenaktion/", "/aktion/"])
def test_only_whole_old_segments_redirect(client, path):
    assert client.get(path).status_code != 301


def test_the_running_campaign_is_reached_through_its_old_url(client, campaign):
    campaign.slug = "spendenaktion"
    campaign.save()
    old = campaign.url
    assert "/spendenaktion/" in old
    # after the rename (migration fundraising.0009) the same page answers under "aktion"
    campaign.slug = "aktion"
    campaign.save()
    response = client.get(old + "?quelle=plakat", follow=True)
    assert response.redirect_chain[0] == (campaign.url + "?quelle=plakat", 301)
    assert response.status_code == 200


def test_no_url_of_the_platform_says_spende():
    from django.urls import get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            text = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, text)
            elif getattr(pattern, "name", None) != "legacy_campaign_redirect":
                yield text

    assert not [p for p in walk(get_resolver().url_patterns) if "spende" in p.lower()]


@pytest.mark.parametrize(
    ("language", "title", "description"),
    [
        ("de", "Gutschein über 12\u00a0€", "Jetzt 10\u00a0€ zahlen, später für 12\u00a0€ einkaufen."),
        ("en", "Voucher worth €12", "Pay €10 now, shop for €12 later."),
    ],
)
def test_generated_reward_texts_follow_the_reader(campaign, language, title, description):
    with translation.override("de"):
        reward = RewardFactory(
            page=campaign,
            title=voucher_title(1200),
            description="Heute 10 € zahlen, später für 12 € einkaufen.",  # the old demo text
            min_pledge_cents=1000,
            voucher_value_cents=1200,
        )
    with translation.override(language):
        assert reward.display_title == title
        assert reward.display_description == description


@pytest.mark.parametrize("language", ["tr", "uk", "ar"])
def test_generated_reward_title_is_not_german_in_other_languages(campaign, language):
    reward = RewardFactory(page=campaign, title="Gutschein über 12 €", min_pledge_cents=1000, voucher_value_cents=1200)
    with translation.override(language):
        assert "Gutschein" not in reward.display_title
        assert reward.display_title == voucher_title(1200)


def test_an_english_generated_title_shows_in_german_for_german_readers(campaign):
    with translation.override("en"):
        stored = voucher_title(3000)
        stored_description = voucher_description(2500, 3000)
    with translation.override("de"):
        assert display_title(stored, 3000) == "Gutschein über 30\u00a0€"
        assert display_description(stored_description, 2500, 3000).startswith("Jetzt 25")


@pytest.mark.parametrize(
    "own",
    ["Gutschein über 12 € für Stammgäste", "Kaffee mit dem Team", "", "Gutschein über 13 €", "<b>Gutschein</b>"],
)
def test_texts_the_owner_wrote_stay_as_written(campaign, own):
    reward = RewardFactory(page=campaign, title=own, description=own, min_pledge_cents=1000, voucher_value_cents=1200)
    with translation.override("en"):
        assert reward.display_title == own
        assert reward.display_description == own


def test_a_generated_title_with_the_wrong_value_is_the_owners(campaign):
    """The value in the text must be the reward's own value, or it is not the platform's text."""
    with translation.override("en"):
        assert display_title("Gutschein über 12 €", 3000) == "Gutschein über 12 €"
        assert display_title("Gutschein über 12 €", None) == "Gutschein über 12 €"


def test_voucher_page_shows_the_generated_title_and_date_in_english(client, campaign):
    pledge = PledgeFactory(
        campaign=campaign,
        state=PledgeState.PAID,
        reward_title="Gutschein über 12 €",
        voucher_value_cents=1200,
    )
    voucher = Voucher.objects.create(
        code="ABCDEFGHJKM",
        pledge=pledge,
        business_id=campaign.get_parent().pk,
        title=pledge.reward_title,
        face_value_cents=1200,
        balance_cents=1200,
        valid_until=datetime.date(2026, 12, 18),
    )
    html = client.get(f"/en/gutschein/{voucher.token}/").content.decode()
    assert "Voucher worth €12" in html and "Gutschein über" not in html
    assert "18.12.2026" not in html
    german = client.get(f"/gutschein/{voucher.token}/").content.decode()
    assert "Gutschein über 12" in german and "18.12.2026" in german and "12/18/2026" not in german


@pytest.mark.parametrize("language", ["de", "en", "tr", "uk", "ar"])
def test_voucher_pdf_renders_in_every_language(client, campaign, language):
    pledge = PledgeFactory(
        campaign=campaign, state=PledgeState.PAID, reward_title="Gutschein über 12 €", voucher_value_cents=1200
    )
    voucher = Voucher.objects.create(
        code="PDFTESTCODE",
        pledge=pledge,
        business_id=campaign.get_parent().pk,
        title=pledge.reward_title,
        face_value_cents=1200,
        balance_cents=1200,
        valid_until=datetime.date(2026, 12, 18),
    )
    prefix = "" if language == "de" else f"/{language}"
    response = client.get(f"{prefix}/gutschein/{voucher.token}/gutschein.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
