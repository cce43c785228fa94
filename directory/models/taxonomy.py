from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Category(index.Indexed, models.Model):
    """A kind of business (gastronomy, retail, crafts …); a snippet the editors curate."""

    name = models.CharField(_("name (German)"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    icon = models.CharField(
        _("icon"), max_length=40, blank=True, help_text=_("Name of an icon in the site's icon set, e.g. 'cup'.")
    )
    colour = models.CharField(
        _("colour"), max_length=7, default="#1d4ed8", help_text=_("Hex colour for map markers, e.g. #1d4ed8.")
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("icon"), FieldPanel("colour")]
    search_fields = [index.SearchField("name"), index.SearchField("name_en"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if self.name_en and (get_language() or "de").startswith("en"):
            return self.name_en
        return self.name


class District(models.Model):
    """A city district (for Dortmund the 12 Stadtbezirke), seeded by a data generator per city."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    center_lat = models.FloatField(_("centre latitude"))
    center_lng = models.FloatField(_("centre longitude"))
    radius_m = models.PositiveIntegerField(
        _("radius in metres"), default=1500, help_text=_("Rough extent, used for privacy points and demo data.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("center_lat"),
        FieldPanel("center_lng"),
        FieldPanel("radius_m"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name
