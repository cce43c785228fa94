"""The geo widget with Leaflet served from our own static files (xstatic-leaflet), never from a CDN.

wagtailgeowidget's LeafletField hard-codes Leaflet from unpkg in its `media`; we subclass the field and point the
panel at the subclass (see the project's DEPENDENCY_NOTES).
"""

from django import forms
from django.utils.functional import cached_property

from wagtailgeowidget.panels import LeafletPanel
from wagtailgeowidget.widgets import LeafletField


class LocalLeafletField(LeafletField):
    @cached_property
    def media(self):
        return forms.Media(
            css={"all": ("vendor/leaflet/leaflet.css", "wagtailgeowidget/css/leaflet-field.css")},
            js=(
                "vendor/leaflet/leaflet.js",
                "wagtailgeowidget/js/leaflet-field.js",
                "wagtailgeowidget/js/leaflet-field-controller.js",
            ),
        )


class LocalLeafletPanel(LeafletPanel):
    def widget_overrides(self):
        widgets = super().widget_overrides()
        original = widgets[self.field_name]
        widget = LocalLeafletField(
            address_field=self.address_field,
            zoom_field=self.zoom_field,
            hide_latlng=self.hide_latlng,
            zoom=self.zoom,
            srid=original.srid,
            id_prefix="id_",
        )
        return {self.field_name: widget}
