"""Crisis mode: a site-wide banner with a severity, and a home page that shows who is open, delivers or offers
pick-up. Editors switch it in Settings → Crisis mode; everything else about a crisis (closures for a district,
pausing campaigns) lives with the directory and fundraising."""

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site


class Severity(models.TextChoices):
    INFO = "info", _("Information")
    WARNING = "warning", _("Warning")
    CRITICAL = "critical", _("Urgent")


@register_setting(icon="warning")
class CrisisSettings(BaseSiteSetting):
    banner_active = models.BooleanField(_("show the banner"), default=False)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.WARNING)
    title = models.CharField(_("headline (German)"), max_length=120, blank=True)
    title_en = models.CharField(_("headline (English)"), max_length=120, blank=True)
    text = models.TextField(_("text (German)"), max_length=500, blank=True)
    text_en = models.TextField(_("text (English)"), max_length=500, blank=True)
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("more information"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ends_at = models.DateTimeField(
        _("hide the banner after"), null=True, blank=True, help_text=_("Optional; leave empty to hide it by hand.")
    )
    crisis_home = models.BooleanField(
        _("home page shows who is open"),
        default=False,
        help_text=_("The home page leads with businesses open now, with delivery and with pick-up."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("banner_active"), FieldPanel("severity")]),
                FieldPanel("title"),
                FieldPanel("text"),
                FieldPanel("title_en"),
                FieldPanel("text_en"),
                FieldPanel("link_page"),
                FieldPanel("ends_at"),
            ],
            heading=_("Banner on every page"),
        ),
        FieldPanel("crisis_home"),
    ]

    class Meta:
        verbose_name = _("crisis mode")

    @classmethod
    def current(cls, request):
        """The request's site's settings, or unsaved defaults. Unlike for_request() it never creates a row: a row
        created while rendering a page would clear the public page cache (cms.caching) on the first visit."""
        cached = getattr(request, "_crisis_settings", None)
        if cached is None:
            site = Site.find_for_request(request)
            cached = (cls.objects.filter(site=site).first() if site else None) or cls(site=site)
            request._crisis_settings = cached
        return cached

    @property
    def banner_visible(self):
        if not self.banner_active or not (self.title or self.text):
            return False
        return self.ends_at is None or self.ends_at > timezone.now()

    def _localized(self, german, english):
        return english if english and (get_language() or "de").startswith("en") else german

    @property
    def banner_title(self):
        return self._localized(self.title, self.title_en)

    @property
    def banner_text(self):
        return self._localized(self.text, self.text_en)
