from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from commons.embedding import allow_embedding
from directory import page_context
from directory.conf import conf


class DirectoryIndexPage(Page):
    """The searchable directory of all published businesses (listing and filters built in get_context)."""

    intro = RichTextField(_("intro"), features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = conf.get("DIRECTORY_PARENT_PAGE_TYPES")
    subpage_types = ["directory.BusinessPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("business directory")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_context.build(self, request))
        return context


class MapPage(RoutablePageMixin, Page):
    """The interactive city map, with a list alternative and an embeddable version at ./embed/."""

    intro = RichTextField(_("intro"), features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = conf.get("DIRECTORY_PARENT_PAGE_TYPES")
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("map")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_context.build(self, request))
        return context

    @path("")
    def map_view(self, request):
        return self.render(request)

    @path("embed/")
    @allow_embedding
    def embed_view(self, request):
        request.directory_map_embed = True
        return self.render(
            request,
            context_overrides={"embed": True},
            template="directory/map_page_embed.html",
        )
