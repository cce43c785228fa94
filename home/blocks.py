"""The small, tested block set for StandardPage bodies (and anything else that wants it).

Every block is a StructBlock with an icon, a template in home/templates/home/blocks/, a preview value and a
description, so editors see what they pick. There is deliberately no raw-HTML block.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "home/blocks/heading_block.html"
        label = _("Heading")
        description = _("A section heading (level 2 or 3).")
        preview_value = {"text": "So können Sie helfen", "level": "h2"}


class ParagraphBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(label=_("text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "pilcrow"
        template = "home/blocks/paragraph_block.html"
        label = _("Paragraph")
        description = _("Rich text: paragraphs, lists, links.")
        preview_value = {"text": "<p>Kaufen Sie einen Gutschein und lösen Sie ihn später ein.</p>"}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        max_length=250,
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "home/blocks/image_block.html"
        label = _("Image")
        description = _("An image with required alternative text and an optional caption.")


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    text = blocks.TextBlock(label=_("text"), max_length=400, required=False)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("external link"), required=False)
    button_label = blocks.CharBlock(label=_("button label"), max_length=60)

    class Meta:
        icon = "pick"
        template = "home/blocks/call_to_action_block.html"
        label = _("Call to action")
        description = _("A highlighted box with a button that links to a page or an address.")
        preview_value = {
            "title": "Machen Sie mit",
            "text": "Stellen Sie Ihr Unternehmen in wenigen Minuten vor.",
            "url": "https://example.org/",
            "button_label": "Jetzt eintragen",
        }

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or enter an external link."))}
            )
        return value


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=200)
    answer = blocks.RichTextBlock(label=_("answer"), features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        label = _("Question")


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120, required=False)
    items = blocks.ListBlock(FAQItemBlock(), label=_("questions"), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "home/blocks/faq_block.html"
        label = _("FAQ")
        description = _("Questions and answers that open and close (works without JavaScript).")
        preview_value = {
            "title": "Häufige Fragen",
            "items": [
                {"question": "Was kostet das?", "answer": "<p>Für Unternehmen ist die Teilnahme kostenlos.</p>"},
            ],
        }


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"), max_length=600)
    attribution = blocks.CharBlock(label=_("attribution"), max_length=120, required=False)

    class Meta:
        icon = "openquote"
        template = "home/blocks/quote_block.html"
        label = _("Quote")
        description = _("A quotation with an optional name.")
        preview_value = {
            "quote": "Ohne unsere Stammkundschaft hätten wir es nicht geschafft.",
            "attribution": "Ein Café",
        }


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    call_to_action = CallToActionBlock()
    faq = FAQBlock()
    quote = QuoteBlock()
