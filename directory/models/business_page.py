from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtailgeowidget.panels import GeoAddressPanel

from commons.view_restrictions import ViewRestrictionsShortcutMixin
from directory import page_context
from directory.collation import sort_key
from directory.conf import conf
from directory.forms import BusinessPageAdminForm
from directory.geo import check_plausible, derive_coordinates
from directory.models.area_hours import periods_for_page
from directory.opening_hours_logic import rules_from_page, rules_to_data
from directory.panels import LocalLeafletPanel
from directory.services import SERVICES

RICH_TEXT_FEATURES = ["bold", "italic", "h3", "ol", "ul", "link"]


class AddressVisibility(models.TextChoices):
    EXACT = "exact", _("Exact address on the map")
    DISTRICT = "district", _("District only (e.g. working from home)")


class BusinessPage(ViewRestrictionsShortcutMixin, Page):
    """One local business, self-employed person or freelancer, with its current situation."""

    short_description = models.CharField(
        _("short description"), max_length=200, help_text=_("Plain text for cards and the map popup.")
    )
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    categories = ParentalManyToManyField("directory.Category", verbose_name=_("categories"), related_name="+")
    district = models.ForeignKey(
        "directory.District", verbose_name=_("district"), on_delete=models.PROTECT, related_name="businesses"
    )

    street = models.CharField(_("street and number"), max_length=120)
    postcode = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("city"), max_length=80)
    geocoding_address = models.CharField(
        _("address search"),
        max_length=250,
        blank=True,
        help_text=_(
            "Type the full address (street, postcode, city) to move the marker there; never shown publicly. "
            "The search runs in your browser (OpenStreetMap Nominatim)."
        ),
    )
    location = models.CharField(
        _("location"), max_length=250, blank=True, help_text=_("Drag the marker to the entrance of the business.")
    )
    zoom = models.PositiveSmallIntegerField(_("map zoom"), default=16)
    address_visibility = models.CharField(
        _("address visibility"), max_length=10, choices=AddressVisibility.choices, default=AddressVisibility.EXACT
    )
    # Derived from `location` on save (see directory.geo): the exact point, and the point the public may see.
    lat = models.FloatField(null=True, blank=True, editable=False)
    lng = models.FloatField(null=True, blank=True, editable=False)
    public_lat = models.FloatField(null=True, blank=True, editable=False, db_index=True)
    public_lng = models.FloatField(null=True, blank=True, editable=False)

    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    shop_url = models.URLField(_("online shop"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    mastodon_url = models.URLField(_("Mastodon"), blank=True)

    # Named as the issuer on the business's vouchers and payment confirmations (fundraising); all optional.
    legal_name = models.CharField(
        _("legal name"),
        max_length=200,
        blank=True,
        help_text=_("The registered name, e.g. 'Café Anna Schmidt e.K.'. Leave empty to use the page title."),
    )
    tax_number = models.CharField(_("tax number"), max_length=30, blank=True)
    vat_id = models.CharField(
        _("VAT id"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}[0-9A-Z]{2,13}$", _("A VAT id such as DE123456789."))],
    )
    # Closed for good (not just temporarily): no more pledges; holders of open vouchers get a refund or exchange.
    closed_for_good_at = models.DateTimeField(_("closed for good"), null=True, blank=True, editable=False)

    offers_delivery = models.BooleanField(_("delivery"), default=False)
    offers_pickup = models.BooleanField(_("pick-up"), default=False)
    has_online_shop = models.BooleanField(_("online shop"), default=False)
    sells_vouchers = models.BooleanField(_("vouchers"), default=False)
    temporarily_closed = models.BooleanField(_("currently closed"), default=False)

    situation_note = models.TextField(
        _("current situation"),
        max_length=600,
        blank=True,
        help_text=_("What is different right now, e.g. 'Only pick-up, order by phone'."),
    )
    situation_updated = models.DateField(_("situation last updated"), null=True, blank=True)
    # The opening hours as compact JSON (directory.opening_hours_logic.rules_to_data), kept in step with the hour
    # rows on save and by signals (directory.signals): lists evaluate "open now" for thousands of businesses from
    # this column instead of reading the hour tables.
    hours_data = models.TextField(blank=True, default="", editable=False)
    # German alphabetical order (directory.collation.sort_key of the title), kept on save; see Meta.indexes.
    sort_key = models.CharField(max_length=255, blank=True, default="", editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("short_description"),
        FieldPanel("description"),
        FieldPanel("logo"),
        InlinePanel("gallery_images", label=_("Gallery"), max_num=8),
        FieldPanel("categories"),
        MultiFieldPanel(
            [
                FieldPanel("district"),
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                FieldPanel("address_visibility"),
            ],
            heading=_("Address"),
        ),
        MultiFieldPanel(
            [
                GeoAddressPanel("geocoding_address"),
                LocalLeafletPanel("location", address_field="geocoding_address", zoom_field="zoom"),
                FieldPanel("zoom"),
            ],
            heading=_("Location on the map"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("website"),
                FieldPanel("shop_url"),
                FieldPanel("instagram_url"),
                FieldPanel("facebook_url"),
                FieldPanel("mastodon_url"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("legal_name"), FieldRowPanel([FieldPanel("tax_number"), FieldPanel("vat_id")])],
            heading=_("Legal details for vouchers"),
            help_text=_("Printed on vouchers and payment confirmations as the issuer. Optional."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("offers_delivery"),
                FieldPanel("offers_pickup"),
                FieldPanel("has_online_shop"),
                FieldPanel("sells_vouchers"),
                FieldPanel("temporarily_closed"),
                FieldPanel("situation_note"),
                FieldPanel("situation_updated"),
            ],
            heading=_("Services and current situation"),
        ),
        InlinePanel("offers", label=_("Current offers")),
        InlinePanel("regular_hours", label=_("Regular opening hours")),
        InlinePanel("temporary_hours", label=_("Temporary opening hours")),
        InlinePanel("closing_days", label=_("Closing days")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("short_description"),
        index.SearchField("description"),
        index.SearchField("street"),
        index.SearchField("situation_note"),
        index.AutocompleteField("title"),
        index.FilterField("district"),
        index.FilterField("offers_delivery"),
        index.FilterField("offers_pickup"),
        index.FilterField("has_online_shop"),
        index.FilterField("sells_vouchers"),
        index.FilterField("temporarily_closed"),
        index.RelatedFields("categories", [index.SearchField("name"), index.SearchField("name_en")]),
        index.RelatedFields("district", [index.SearchField("name")]),
    ]

    base_form_class = BusinessPageAdminForm
    parent_page_types = ["directory.DirectoryIndexPage"]
    # Loaded with the page when a request is routed to it (home.routing): the page shows both.
    route_select_related = ("district", "freshness")
    # Other apps (fundraising) add their child page types through a setting, so directory imports none of them.
    subpage_types = conf.get("DIRECTORY_BUSINESS_SUBPAGE_TYPES")

    class Meta:
        verbose_name = _("business")
        verbose_name_plural = _("businesses")
        # PostgreSQL orders by sort_key under the "C" collation: migration 0010 adds an index of that collation there.
        indexes = [models.Index(fields=["sort_key"], name="directory_business_sort_key")]

    def with_content_json(self, content):
        """Publishing an older revision must not reopen a business closed for good (state, not content)."""
        obj = super().with_content_json(content)
        obj.closed_for_good_at = self.closed_for_good_at
        return obj

    @property
    def is_closed_for_good(self):
        return self.closed_for_good_at is not None

    def clean(self):
        super().clean()
        if self.location:
            try:
                derive_coordinates(self)
                check_plausible(self.lat, self.lng)
            except ValueError as error:
                raise ValidationError({"location": str(error)}) from error

    def save(self, *args, **kwargs):
        derive_coordinates(self)
        # From the hour rows as they are about to be saved (in memory for modelcluster), so the child rows'
        # own signals need not recompute it while this save commits them.
        self.hours_data = rules_to_data(self.hours_rules())
        self.sort_key = sort_key(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields and "sort_key" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "sort_key"]
        self._hours_data_fresh = True
        try:
            super().save(*args, **kwargs)
        finally:
            self._hours_data_fresh = False

    # Helpers for templates, the map and the API -------------------------------------------------------------

    @property
    def shows_exact_location(self):
        return self.address_visibility == AddressVisibility.EXACT

    @property
    def has_public_point(self):
        return self.public_lat is not None and self.public_lng is not None

    def service_keys(self):
        """Service slugs as used by the filters and the API (see directory.services)."""
        return [key for key, (attr, _label) in SERVICES.items() if getattr(self, attr)]

    def current_offers(self, today=None):
        """Offers valid today (in the city's time zone); expired and not-yet-valid ones are left out."""
        today = today or timezone.localdate()
        return [
            offer
            for offer in self.offers.all()
            if (offer.valid_from is None or offer.valid_from <= today)
            and (offer.valid_until is None or offer.valid_until >= today)
        ]

    def hours_rules(self):
        """The business's own hours plus the city's temporary hours for its district/category (AreaHours)."""
        rules = rules_from_page(self)
        rules.temporary = list(rules.temporary) + periods_for_page(self)
        return rules

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_context.build(self, request))
        return context


class BusinessGalleryImage(Orderable):
    page = ParentalKey(BusinessPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class BusinessOffer(Orderable):
    """A short current offer ("lunch to go"); it disappears by itself after `valid_until`."""

    page = ParentalKey(BusinessPage, on_delete=models.CASCADE, related_name="offers")
    title = models.CharField(_("offer"), max_length=120)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    panels = [FieldPanel("title"), FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")])]

    class Meta(Orderable.Meta):
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end date must not be before the start date.")})


class BusinessOwner(models.Model):
    """A user who owns a business. Not part of page revisions; rights come from the business's owner group."""

    business = models.ForeignKey(BusinessPage, on_delete=models.CASCADE, related_name="ownerships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="business_ownerships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["business", "user"], name="unique_business_owner")]
        verbose_name = _("business owner")
        verbose_name_plural = _("business owners")

    def __str__(self):
        return f"{self.user} – {self.business}"
