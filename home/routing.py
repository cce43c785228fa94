"""Routing in two queries instead of two per URL segment.

Wagtail's ``Page.route`` walks the tree: for /unternehmen/<business>/aktion/ it loads each child page and then its
specific row (6 queries below the root). The site root resolves the whole path instead: one query for the pages
whose ``url_path`` is a prefix of the requested path, then the deepest one's specific row, which routes the rest
(the sub-routes of a RoutablePageMixin page, or a 404). The result is the same as Wagtail's walk, including the
rule that a routable page's own routes win over its children: when a page on the way is routable, routing is
handed to it at that point.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page


def _is_routable(content_type_id):
    model = ContentType.objects.get_for_id(content_type_id).model_class()  # cached by ContentType's manager
    return model is not None and issubclass(model, RoutablePageMixin)


class PathRoutingMixin:
    """For the site's root page: resolve a URL's pages by ``url_path`` (see the module's docstring)."""

    def route(self, request, path_components):
        components = [c for c in path_components if c]
        if not components:
            return super().route(request, path_components)
        prefixes = {}
        path = self.url_path
        for index, component in enumerate(components):
            path = f"{path}{component}/"
            prefixes[path] = index + 1
        rows = sorted(
            Page.objects.filter(url_path__in=list(prefixes)).values_list("pk", "url_path", "content_type_id"),
            key=lambda row: prefixes[row[1]],
        )
        if not rows:
            raise Http404
        chosen, consumed = None, 0
        for pk, url_path, content_type_id in rows:
            if prefixes[url_path] != consumed + 1:
                break  # a gap: a missing page on the way
            chosen, consumed = (pk, content_type_id), consumed + 1
            if _is_routable(content_type_id) and consumed < len(components):
                break  # its own routes come before its children (RoutablePageMixin.route)
        if chosen is None:
            raise Http404
        page = _specific(*chosen)
        return page.route(request, components[consumed:])


def _specific(pk, content_type_id):
    """The specific page in one query, with the relations its model names in ``route_select_related`` (e.g. the
    district a business page shows), so that its template does not fetch them one by one."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        raise Http404
    related = getattr(model, "route_select_related", ())
    queryset = model._default_manager.all()
    if related:
        queryset = queryset.select_related(*related)
    try:
        return queryset.get(pk=pk)
    except model.DoesNotExist as exc:
        raise Http404 from exc
