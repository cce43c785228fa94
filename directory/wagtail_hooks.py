from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from directory.models import Category, District


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = _("Categories")
    list_display = ["name", "name_en", "slug", "colour", "sort_order"]
    list_export = ["name", "name_en", "slug", "icon", "colour", "sort_order"]
    search_fields = ["name", "name_en"]
    ordering = ["sort_order", "name"]


class DistrictViewSet(SnippetViewSet):
    model = District
    icon = "site"
    menu_label = _("Districts")
    list_display = ["name", "slug", "center_lat", "center_lng", "radius_m"]
    list_export = ["name", "slug", "center_lat", "center_lng", "radius_m"]
    search_fields = ["name"]
    ordering = ["name"]


class DirectoryViewSetGroup(SnippetViewSetGroup):
    items = (CategoryViewSet, DistrictViewSet)
    menu_icon = "list-ul"
    menu_label = _("Directory")
    menu_name = "directory"


register_snippet(DirectoryViewSetGroup)
