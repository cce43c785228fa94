"""Issue 19 in the directory: German alphabetical order, and one campaign-state component (ended never invites)."""

import pytest

from directory.campaign_status import campaign_status
from directory.collation import german_key
from directory.filters import order_businesses
from directory.models import BusinessPage
from directory.serializers import campaign_data

pytestmark = pytest.mark.django_db


def test_a_to_z_sorts_umlauts_as_german_readers_expect(make_business):
    for title in ("Buchhandlung Nord", "Bäckerei Sonne", "Zweirad Ost", "Änderungsschneiderei", "apotheke am Markt"):
        make_business(title=title)
    titles = list(order_businesses(BusinessPage.objects.all(), "name").values_list("title", flat=True))
    assert titles == ["Änderungsschneiderei", "apotheke am Markt", "Bäckerei Sonne", "Buchhandlung Nord", "Zweirad Ost"]


def test_german_key():
    assert german_key("Straße") == "strasse" and german_key("Äpfel") == "apfel" and german_key(None) == ""


SUMMARY = {"title": "Hilfe", "url": "/x/", "raised_cents": 20_000, "goal_cents": 200_000, "supporters": 3}


@pytest.mark.parametrize(
    ("state", "invites"), [("active", True), ("goal_reached", True), ("upcoming", False), ("ended", False)]
)
def test_campaign_status_invites_support_only_while_it_runs(state, invites):
    status = campaign_status(SUMMARY | {"state": state, "days_left": 0 if state == "ended" else 5})
    assert status["invites_support"] is invites
    assert status["days_left"] == (5 if invites else None)
    data = campaign_data(SUMMARY | {"state": state, "days_left": 0})
    assert data["invites_support"] is invites and data["state_label"]


def test_one_total_with_the_citys_top_up():
    status = campaign_status(SUMMARY | {"state": "active", "days_left": 3}, matched_cents=15_000)
    assert (status["raised_cents"], status["matched_cents"], status["total_cents"]) == (20_000, 15_000, 35_000)
    assert status["percent"] == 17


def test_ended_campaign_on_the_business_page_and_card_never_invites_support(client, make_business, settings):
    from django.template.loader import render_to_string

    html = render_to_string(
        "directory/includes/campaign_status.html",
        {
            "summary": SUMMARY | {"state": "ended", "days_left": 0},
            "status": campaign_status(SUMMARY | {"state": "ended"}),
            "variant": "card",
            "cta": True,
            "title": True,
        },
    )
    assert "Jetzt unterstützen" not in html and "0 Tage" not in html and "beendet" in html
    html = render_to_string(
        "directory/includes/campaign_status.html",
        {
            "summary": SUMMARY | {"state": "active", "days_left": 4},
            "status": campaign_status(SUMMARY | {"state": "active", "days_left": 4}),
            "variant": "card",
            "cta": True,
            "title": True,
        },
    )
    assert "Jetzt unterstützen" in html and "Noch 4 Tage" in html


# Pictures ---------------------------------------------------------------------------------------------------------


def test_illustrations_come_from_the_installed_package_and_only_the_listed_icons_are_collected():
    from directory import illustrations

    finder = illustrations.IllustrationFinder()
    listed = sorted(path for path, _storage in finder.list(None))
    assert listed == sorted(f"{name}.svg" for name in illustrations.ICON_NAMES)
    assert finder.find("directory/illustrations/coffee.svg").endswith(
        "node_modules/@tabler/icons/icons/outline/coffee.svg"
    )
    assert finder.find("directory/illustrations/alarm.svg") == []  # in the package, but not ours
    assert finder.find("directory/illustrations/../../package.json") == []
    tile = str(illustrations.tile("cup", "#92400e"))
    assert tile.startswith('<svg class="category-tile" aria-hidden="true"') and 'fill="#92400e"' in tile
    assert "<path" in tile and "width=" not in tile.split(">")[0].replace("viewBox", "")
    assert 'fill="#374151"' in str(illustrations.tile("cup", '"><script>'))  # a hostile colour is not echoed


def test_demo_picture_is_drawn_from_the_illustration():
    import random

    from directory.demo import illustration_jpeg

    data = illustration_jpeg("flower", "#4d7c0f", random.Random(1), 320, 180)
    assert data[:3] == b"\xff\xd8\xff"


def test_cards_show_the_photo_else_the_category_illustration(client, make_business, index_page, taxonomy):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from directory.models import BusinessGalleryImage

    image = get_image_model().objects.create(title="Laden", file=get_test_image_file(size=(800, 450)))
    with_photo = make_business(title="Mit Foto")
    with_photo.gallery_images = [BusinessGalleryImage(image=image, caption="Unser Laden")]
    with_photo.save_revision().publish()
    make_business(title="Ohne Foto")
    html = client.get(index_page.url).content.decode()
    with_card = html[html.index("Mit Foto") - 1500 : html.index("Mit Foto")]
    without_card = html[html.index("Ohne Foto") - 1500 : html.index("Ohne Foto")]
    assert "<picture" in with_card and 'loading="lazy"' in with_card and ".webp" in with_card
    assert 'width="' in with_card and 'height="' in with_card
    assert 'class="category-tile"' in without_card and "<picture" not in without_card
    page_html = client.get(with_photo.url).content.decode()
    assert 'alt="Laden"' in page_html or 'alt="Mit Foto"' in page_html


def test_every_demo_category_has_its_own_fitting_picture_from_the_package():
    """Each category of the demo city names an illustration set whose icons all exist in the installed package, and
    no two categories share a main picture (a visitor tells them apart by it)."""
    from directory import demo, illustrations

    city = demo.load_city()
    mains = []
    for category in city["categories"]:
        assert category["icon"] in illustrations.ILLUSTRATIONS, category["slug"]
        names = illustrations.names_for(category["icon"])
        for name in names:
            assert illustrations.svg(name).startswith("<svg"), f"{category['slug']}: {name} is not in the package"
        mains.append(names[0])
    assert len(set(mains)) == len(mains)
    # The ones that were wrong once: no laundry symbol for hairdressers, no car for office services.
    assert "wash" not in illustrations.names_for("scissors") and "car" not in illustrations.names_for("briefcase")


def test_demo_second_categories_fit_and_never_replace_the_pictured_one():
    """A business's first category (by the city's order) is the one pictured; a demo business's second category is a
    related one that comes later in that order, so a second-hand shop is never pictured as a restaurant."""
    from directory import demo

    order = [category["slug"] for category in demo.load_city()["categories"]]
    for first, second in demo.RELATED_CATEGORY.items():
        assert order.index(first) < order.index(second), (first, second)
    assert demo.RELATED_CATEGORY["mode"] != "gastronomie"
