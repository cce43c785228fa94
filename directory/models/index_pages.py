from functools import wraps

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_exempt

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page


def embeddable(view_func):
    """Let other sites frame this view (and only this view): no X-Frame-Options header, and the CSP
    `frame-ancestors` replaced by settings.EMBED_FRAME_ANCESTORS (django-csp's per-response replace mechanism)."""

    @wraps(view_func)
    def wrapper(*args, **kwargs):
        response = view_func(*args, **kwargs)
        replace = dict(getattr(response, "_csp_replace", None) or {})
        replace["frame-ancestors"] = list(getattr(settings, "EMBED_FRAME_ANCESTORS", ["'self'", "https:"]))
        response._csp_replace = replace
        return response

    return xframe_options_exempt(wrapper)


class DirectoryIndexPage(Page):
    """The searchable directory of all published businesses (listing and filters built in get_context)."""

    intro = RichTextField(_("intro"), features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["directory.BusinessPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("business directory")

    def get_context(self, request, *args, **kwargs):
        from directory.views_support import listing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(listing_context(self, request))
        return context


class MapPage(RoutablePageMixin, Page):
    """The interactive city map, with a list alternative and an embeddable version at ./embed/."""

    intro = RichTextField(_("intro"), features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("map")

    def get_context(self, request, *args, **kwargs):
        from directory.views_support import map_context

        context = super().get_context(request, *args, **kwargs)
        context.update(map_context(self, request, embed=getattr(request, "directory_map_embed", False)))
        return context

    @path("")
    def map_view(self, request):
        return self.render(request)

    @path("embed/")
    @embeddable
    def embed_view(self, request):
        request.directory_map_embed = True
        return self.render(
            request,
            context_overrides={"embed": True},
            template="directory/map_page_embed.html",
        )
