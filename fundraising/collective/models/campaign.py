"""Collective campaigns: one campaign for a group of businesses (a fixed list and/or a rule), frozen at the start.

The index page, the campaign page with its city-wide vouchers and its listed businesses."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from fundraising.admin_forms import RewardPageAdminForm
from fundraising.legal import PaymentClass, check_reward_validity
from fundraising.models import RewardKind
from fundraising.models.campaign import PledgeTargetMixin
from fundraising.models.progress import campaign_progress, progress_from_totals
from fundraising.reward_text import display_description, display_title

from ..conf import conf
from .beneficiaries import FrozenBeneficiary
from .cards import with_cards

STORY_FEATURES = ["bold", "italic", "h3", "ol", "ul", "link"]
MAX_BENEFICIARIES = 500
MAX_WEIGHT = 10_000


def local_today():
    return timezone.localdate()


class Distribution(models.TextChoices):
    EQUAL = "equal", _("Equal shares")
    WEIGHTED = "weighted", _("Weighted by a factor the editors enter")


class CollectiveCampaignIndexPage(Page):
    intro = RichTextField(_("introduction"), features=STORY_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = conf.get("COLLECTIVE_PARENT_PAGE_TYPES")
    subpage_types = ["collective.CollectiveCampaignPage"]
    max_count = 1

    class Meta:
        verbose_name = _("collective campaigns index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["campaigns"] = with_cards(
            CollectiveCampaignPage.objects.child_of(self).live().select_related("image").order_by("-start_date")
        )
        return context


class CollectiveCampaignPage(PledgeTargetMixin, RoutablePageMixin, Page):
    story = RichTextField(
        _("story"), features=STORY_FEATURES, help_text=_("Why this group of businesses needs support.")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    goal_cents = models.PositiveIntegerField(
        _("goal (cents)"),
        validators=[MinValueValidator(100), MaxValueValidator(1_000_000_000)],
        help_text=_("In euro cents: 10000000 is €100,000."),
    )
    start_date = models.DateField(
        _("start date"),
        default=local_today,
        help_text=_("On this day the list of beneficiaries is frozen; businesses can opt out until then."),
    )
    end_date = models.DateField(_("end date"))
    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("initiator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The person who started the campaign (a user with a verified email address)."),
    )
    club_name = models.CharField(
        _("on behalf of (club or association)"), max_length=120, blank=True, help_text=_("Optional.")
    )
    club_logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("club logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    distribution = models.CharField(
        _("distribution"), max_length=10, choices=Distribution.choices, default=Distribution.EQUAL
    )
    rule_categories = ParentalManyToManyField(
        "directory.Category",
        verbose_name=_("all businesses in these categories"),
        blank=True,
        related_name="+",
    )
    rule_districts = ParentalManyToManyField(
        "directory.District",
        verbose_name=_("all businesses in these districts"),
        blank=True,
        related_name="+",
        help_text=_("With categories and districts, a business must match both (e.g. gastronomy in one district)."),
    )
    # Set when the beneficiaries were frozen. State, not content: never part of a revision (with_content_json).
    frozen_at = models.DateTimeField(_("beneficiaries frozen at"), null=True, blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("story"),
        FieldPanel("image"),
        MultiFieldPanel(
            [FieldPanel("goal_cents"), FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")])],
            heading=_("Goal and period"),
        ),
        MultiFieldPanel(
            [FieldPanel("initiator"), FieldPanel("club_name"), FieldPanel("club_logo")], heading=_("Initiator")
        ),
        MultiFieldPanel(
            [
                FieldPanel("distribution"),
                FieldPanel("rule_categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("rule_districts", widget=forms.CheckboxSelectMultiple),
                InlinePanel("listed_businesses", label=_("Businesses (fixed list, and weights)")),
            ],
            heading=_("Beneficiaries"),
        ),
        InlinePanel(
            "rewards",
            label=_("City-wide vouchers (optional)"),
            help_text=_("Vouchers valid in every participating business. Without any, pledges are pure support."),
        ),
    ]

    parent_page_types = ["collective.CollectiveCampaignIndexPage"]
    subpage_types = []
    base_form_class = RewardPageAdminForm

    class Meta:
        verbose_name = _("collective campaign")
        verbose_name_plural = _("collective campaigns")

    def with_content_json(self, content):
        """Publishing an older revision must not un-freeze the beneficiaries."""
        obj = super().with_content_json(content)
        obj.frozen_at = self.frozen_at
        return obj

    @property
    def is_frozen(self):
        return self.frozen_at is not None

    def opt_out_open(self, today=None):
        today = today or timezone.localdate()
        return not self.is_frozen and today < self.start_date

    # Pledge target (fundraising.models.campaign.PledgeTargetMixin) ---------------------------------------------

    def accepts_pledges(self, today=None):
        """As for any campaign, and only with a frozen, non-empty list of beneficiaries (the split must be final)."""
        return (
            super().accepts_pledges(today)
            and self.is_frozen
            and FrozenBeneficiary.objects.filter(campaign_id=self.pk).exists()
        )

    pledge_message_label = _("Message to the businesses")

    def share_text(self):
        return _("Support the businesses of “%(campaign)s”") % {"campaign": self.title}

    @cached_property
    def rule_category_list(self):
        """The rule's categories, read once per page instance (the beneficiaries and the picture's fallback)."""
        return list(self.rule_categories.all())

    @cached_property
    def page_ledger(self):
        """The campaign's ledger (shares of every beneficiary), loaded once per page instance."""
        from ..shares import ledger  # reason: shares imports these models

        return ledger(self)

    @cached_property
    def progress(self):
        """From the page's ledger when it is already loaded (the campaign page: one aggregate less)."""
        loaded = self.__dict__.get("page_ledger")
        if loaded is None:
            return campaign_progress(self)
        return progress_from_totals(self, loaded.paid_cents, loaded.supporters)

    def get_sitemap_urls(self, request=None):
        return [{"location": self.get_full_url(request), "lastmod": self.last_published_at}]


class CollectiveReward(Orderable):
    """A city-wide voucher: valid in every frozen beneficiary of the campaign; each redemption is booked on the
    shop that accepted it. No quantity limit (nothing is scarce), and its face value never exceeds the minimum
    pledge, so the money paid always covers the vouchers issued."""

    page = ParentalKey(CollectiveCampaignPage, on_delete=models.CASCADE, related_name="rewards")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=500, blank=True)
    min_pledge_cents = models.PositiveIntegerField(_("minimum pledge (cents)"), validators=[MinValueValidator(100)])
    voucher_value_cents = models.PositiveIntegerField(
        _("voucher face value (cents)"),
        validators=[MinValueValidator(100)],
        help_text=_("What the supporter can spend in any participating business; at most the minimum pledge."),
    )
    valid_until = models.DateField(
        _("voucher valid until"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the statutory default: the end of the third year after purchase."),
    )

    # The same interface as fundraising.Reward, for the pledge form and the fulfilment. A city-wide voucher is
    # redeemed in shops of every kind (several VAT rates): always a multi-purpose voucher (§ 3 Abs. 15 UStG).
    kind = RewardKind.VOUCHER
    quantity_limit = None
    payment_class = PaymentClass.MULTI_PURPOSE
    vat_rate_percent = None

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("min_pledge_cents"), FieldPanel("voucher_value_cents"), FieldPanel("valid_until")]),
    ]

    @property
    def display_title(self):
        """The title in the reader's language when the platform generated it (as fundraising.Reward)."""
        return display_title(self.title, self.voucher_value_cents)

    @property
    def display_description(self):
        return display_description(self.description, self.min_pledge_cents, self.voucher_value_cents)

    class Meta(Orderable.Meta):
        verbose_name = _("city-wide voucher")
        verbose_name_plural = _("city-wide vouchers")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        validity_error = check_reward_validity(self)
        if validity_error:
            raise ValidationError(validity_error)
        if self.voucher_value_cents and self.min_pledge_cents and self.voucher_value_cents > self.min_pledge_cents:
            raise ValidationError(
                {"voucher_value_cents": _("A city-wide voucher may not be worth more than its minimum pledge.")}
            )


class ListedBusiness(Orderable):
    """A business named by the editors: always a beneficiary (unless it opts out); its weight also applies
    when the same business is found by the rule."""

    page = ParentalKey(CollectiveCampaignPage, on_delete=models.CASCADE, related_name="listed_businesses")
    business = models.ForeignKey(
        "directory.BusinessPage", verbose_name=_("business"), on_delete=models.CASCADE, related_name="+"
    )
    weight = models.PositiveIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WEIGHT)],
        help_text=_(
            "Only for weighted distribution, e.g. the number of employees. Businesses found by the rule count 1."
        ),
    )

    panels = [FieldRowPanel([FieldPanel("business"), FieldPanel("weight")])]

    class Meta(Orderable.Meta):
        verbose_name = _("listed business")
        verbose_name_plural = _("listed businesses")
