"""Editors create the home app's pages through the Wagtail admin (forms, panels and the block set work)."""

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage, NewsIndexPage, NewsPage, StandardPage


class AdminEditingTests(WagtailPageTestCase):
    def setUp(self):
        self.login()
        self.home = HomePage.objects.get()

    def test_page_type_rules(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, {})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(StandardPage, NewsIndexPage)

    def test_standard_page_with_blocks_can_be_created(self):
        data = nested_form_data(
            {
                "title": "Über die Plattform",
                "slug": "ueber",
                "introduction": "Kurz erklärt.",
                "body": streamfield(
                    [
                        ("heading", {"text": "Warum", "level": "h2"}),
                        ("paragraph", {"text": rich_text("<p>Weil es hilft.</p>")}),
                        ("quote", {"quote": "Danke!", "attribution": "Ein Laden"}),
                    ]
                ),
            }
        )
        self.assertCanCreate(self.home, StandardPage, data)
        page = StandardPage.objects.get(slug="ueber")
        self.assertEqual([block.block_type for block in page.body], ["heading", "paragraph", "quote"])

    def test_call_to_action_without_target_is_refused_in_the_admin(self):
        data = nested_form_data(
            {
                "title": "Aufruf",
                "slug": "aufruf",
                "introduction": "",
                "body": streamfield(
                    [("call_to_action", {"title": "Los", "text": "", "page": "", "url": "", "button_label": "Los"})]
                ),
            }
        )
        with self.assertRaisesRegex(AssertionError, "Seite|page"):
            self.assertCanCreate(self.home, StandardPage, data)
        self.assertFalse(StandardPage.objects.filter(slug="aufruf").exists())

    def test_news_page_needs_alt_text_for_an_image(self):
        from wagtail.images import get_image_model
        from wagtail.images.tests.utils import get_test_image_file

        index = NewsIndexPage(title="Neuigkeiten", slug="neuigkeiten")
        self.home.add_child(instance=index)
        image = get_image_model().objects.create(title="Bild", file=get_test_image_file())
        base = {"title": "Meldung", "slug": "meldung", "date": "2026-11-20", "teaser": "Kurz.", "image": image.pk}
        base["body"] = streamfield([])
        base["tags"] = "Markt, Innenstadt"
        with self.assertRaisesRegex(AssertionError, "image_alt"):
            self.assertCanCreate(index, NewsPage, nested_form_data({**base, "image_alt": ""}))
        self.assertCanCreate(index, NewsPage, nested_form_data({**base, "image_alt": "Ein Marktstand"}))
        page = NewsPage.objects.get(slug="meldung")
        self.assertEqual(sorted(tag.name for tag in page.tags.all()), ["Innenstadt", "Markt"])
