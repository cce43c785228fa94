from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Who runs the platform in this city and how to reach them. Platform and city name come from settings."""

    agency_name = models.CharField(
        _("agency name"), max_length=150, blank=True, help_text=_("The organisation that runs the platform.")
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    address = models.TextField(_("postal address"), max_length=400, blank=True)
    footer_text = models.CharField(_("footer text"), max_length=300, blank=True)

    mastodon_url = models.URLField(_("Mastodon"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)

    imprint_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("imprint"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    easy_language_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page in easy language"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Explains the platform in Leichte Sprache; linked from every footer and the start page."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("agency_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("address"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("mastodon_url"),
                FieldPanel("instagram_url"),
                FieldPanel("facebook_url"),
                FieldPanel("linkedin_url"),
            ],
            heading=_("Social media"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("footer_text"),
                FieldPanel("imprint_page"),
                FieldPanel("privacy_page"),
                FieldPanel("accessibility_page"),
                FieldPanel("easy_language_page"),
            ],
            heading=_("Footer"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    @property
    def social_links(self):
        return [
            (label, url)
            for label, url in (
                ("Mastodon", self.mastodon_url),
                ("Instagram", self.instagram_url),
                ("Facebook", self.facebook_url),
                ("LinkedIn", self.linkedin_url),
            )
            if url
        ]
