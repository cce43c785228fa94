from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from directory.views_support import crisis_sections
from home.routing import PathRoutingMixin

from .crisis import CrisisSettings
from .news import NewsPage


class HomePage(PathRoutingMixin, Page):
    """The site root: hero, intro, and slots for featured campaigns, key figures and the latest news.

    `subpage_types` is left open on purpose: the directory and fundraising apps are plug-ins, and each of their
    page types says where it may live through its own `parent_page_types`.
    """

    hero_heading = models.CharField(_("hero heading"), max_length=120, blank=True)
    hero_text = models.CharField(_("hero text"), max_length=300, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Decorative background; it is shown without alternative text."),
    )
    hero_primary_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("main button target"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_primary_label = models.CharField(_("main button label"), max_length=60, blank=True)
    hero_secondary_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("second button target"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_secondary_label = models.CharField(_("second button label"), max_length=60, blank=True)
    intro = RichTextField(_("intro"), features=["bold", "italic", "link", "ul"], blank=True)
    news_count = models.PositiveSmallIntegerField(
        _("number of news items"),
        default=3,
        validators=[MaxValueValidator(12)],
        help_text=_("How many of the latest news items the home page shows (0 hides the section)."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_primary_page"),
                FieldPanel("hero_primary_label"),
                FieldPanel("hero_secondary_page"),
                FieldPanel("hero_secondary_label"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("intro"),
        FieldPanel("news_count"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if CrisisSettings.current(request).crisis_home:
            context["crisis_sections"] = crisis_sections()
        context["latest_news"] = (
            NewsPage.objects.live().public().select_related("image").order_by("-date", "-pk")[: self.news_count]
            if self.news_count
            else []
        )
        return context
