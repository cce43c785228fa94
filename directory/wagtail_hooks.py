from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from directory import admin_views, freshness
from directory.area_rules import refresh_all
from directory.models import AreaHours, Category, District, Freshness


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


class FreshnessViewSet(SnippetViewSet):
    model = Freshness
    icon = "time"
    menu_label = _("Listing status")
    list_display = ["business", "confirmed_at", "reminded_at", "closed_on"]
    list_filter = ["closed_on"]
    list_export = ["business", "confirmed_at", "reminded_at", "closed_on"]
    search_fields = ["business__title"]
    panels = [FieldPanel("business"), FieldPanel("closed_on")]


class AreaHoursViewSet(SnippetViewSet):
    model = AreaHours
    icon = "time"
    menu_label = _("Hours for areas (crisis)")
    list_display = ["note", "valid_from", "valid_until", "closed"]
    list_filter = ["closed"]
    ordering = ["-valid_from"]


class DirectoryViewSetGroup(SnippetViewSetGroup):
    items = (CategoryViewSet, DistrictViewSet, AreaHoursViewSet, FreshnessViewSet)
    menu_icon = "list-ul"
    menu_label = _("Directory")
    menu_name = "directory"


register_snippet(DirectoryViewSetGroup)


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("directory/import/", admin_views.import_index, name="directory_import"),
        path("directory/import/<int:pk>/", admin_views.import_run, name="directory_import_run"),
        path("directory/import/<int:pk>/apply/", admin_views.import_apply, name="directory_import_apply"),
        path("directory/outdated/", admin_views.stale_listings, name="directory_stale_listings"),
    ]


@hooks.register("register_admin_menu_item")
def register_stale_menu_item():
    return PermissionMenuItem(
        _("Outdated listings"),
        reverse("directory_stale_listings"),
        icon_name="time",
        order=211,
        name="directory-outdated",
        permission="wagtailadmin.access_admin",
    )


class StaleListingsPanel(Component):
    """On the admin dashboard: how many published listings are outdated, with a link to the list."""

    name = "directory_stale_listings"
    order = 150

    def render_html(self, parent_context=None):
        count = freshness.stale_businesses().count()
        if not count:
            return ""
        return format_html(
            '<section class="panel summary nice-padding"><h2>{}</h2><p><a href="{}">{}</a></p></section>',
            _("Outdated listings"),
            reverse("directory_stale_listings"),
            ngettext(
                "%(count)d published listing was not confirmed recently.",
                "%(count)d published listings were not confirmed recently.",
                count,
            )
            % {"count": count},
        )


@hooks.register("construct_homepage_panels")
def add_stale_listings_panel(request, panels):
    panels.append(StaleListingsPanel())


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return PermissionMenuItem(
        _("Import businesses"),
        reverse("directory_import"),
        icon_name="download",
        order=210,
        name="directory-import",
        permission=admin_views.IMPORT_PERMISSION,
    )


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(content_type__app_label="directory", codename__in=["add_importrun"])


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
@hooks.register("after_delete_snippet")
def refresh_after_area_hours_change(request, instances):
    """City-wide hours changed: the businesses' precomputed hours (and cached pages) follow at once."""
    items = instances if isinstance(instances, list | tuple) else [instances]
    if any(isinstance(item, AreaHours) for item in items):
        refresh_all()
