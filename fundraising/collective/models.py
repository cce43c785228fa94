"""Collective campaigns: one campaign for a group of businesses (a fixed list and/or a rule), frozen at the start."""

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
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from fundraising.models import RewardKind
from fundraising.models.campaign import PledgeTargetMixin

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
    parent_page_types = ["home.HomePage"]
    subpage_types = ["collective.CollectiveCampaignPage"]
    max_count = 1

    class Meta:
        verbose_name = _("collective campaigns index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from .cards import with_cards

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

    def pledge_target_fields(self):
        return {"collective": self}

    def share_text(self):
        return _("Support the businesses of “%(campaign)s”") % {"campaign": self.title}

    def ensure_ready(self, today=None):
        """Freeze on the first visit or pledge after the start, should the nightly command not have run yet."""
        today = today or timezone.localdate()
        if self.live and not self.is_frozen and self.start_date <= today:
            from .beneficiaries import freeze

            freeze(self)
            self.refresh_from_db(fields=["frozen_at"])

    def pledge_page_context(self, request):
        return {"ledger": self.page_ledger}

    @cached_property
    def page_ledger(self):
        from .shares import ledger

        return ledger(self)

    @cached_property
    def progress(self):
        """From the page's ledger when it is already loaded (the campaign page: one aggregate less)."""
        from fundraising.progress import campaign_progress, progress_from_totals

        loaded = self.__dict__.get("page_ledger")
        if loaded is None:
            return campaign_progress(self)
        return progress_from_totals(self, loaded.paid_cents, loaded.supporters)

    # Views -----------------------------------------------------------------------------------------------------

    @path("")
    def index_route(self, request):
        from fundraising.views.pledge import campaign_index

        return campaign_index(self, request)

    @path("unterstuetzen/")
    def pledge_route(self, request):
        from fundraising.views.pledge import pledge_create

        return pledge_create(self, request)

    @path("bericht/")
    def report_route(self, request):
        from .views import public_report

        return public_report(self, request)

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

    # The same interface as fundraising.Reward, for the pledge form and the fulfilment.
    kind = RewardKind.VOUCHER
    quantity_limit = None

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("min_pledge_cents"), FieldPanel("voucher_value_cents"), FieldPanel("valid_until")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("city-wide voucher")
        verbose_name_plural = _("city-wide vouchers")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
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


class FrozenBeneficiary(models.Model):
    """The final list of beneficiaries, written once when the campaign starts. Never changed afterwards."""

    campaign = models.ForeignKey(CollectiveCampaignPage, on_delete=models.PROTECT, related_name="frozen_beneficiaries")
    business = models.ForeignKey("directory.BusinessPage", on_delete=models.PROTECT, related_name="+")
    business_name = models.CharField(_("business"), max_length=255)
    weight = models.PositiveIntegerField(_("weight"), default=1)
    frozen_at = models.DateTimeField(_("frozen at"), auto_now_add=True)

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["business_name", "business_id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "business"], name="collective_frozen_once"),
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="collective_weight_positive"),
        ]

    def __str__(self):
        return self.business_name


class OptOut(models.Model):
    """A business's owner declined to take part (possible only before the start)."""

    campaign = models.ForeignKey(CollectiveCampaignPage, on_delete=models.CASCADE, related_name="opt_outs")
    business = models.ForeignKey("directory.BusinessPage", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("opt-out")
        verbose_name_plural = _("opt-outs")
        constraints = [models.UniqueConstraint(fields=["campaign", "business"], name="collective_opt_out_once")]

    def __str__(self):
        return f"{self.campaign_id}/{self.business_id}"


class OwnerNotice(models.Model):
    """That the owners of a business were told about a campaign that includes it (each business once)."""

    campaign = models.ForeignKey(CollectiveCampaignPage, on_delete=models.CASCADE, related_name="+")
    business = models.ForeignKey("directory.BusinessPage", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "business"], name="collective_notice_once")]

    def __str__(self):
        return f"{self.campaign_id}/{self.business_id}"


class ProposalState(models.TextChoices):
    PENDING = "pending", _("Waiting for the owner")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class CampaignProposal(models.Model):
    """A citizen asks a business to run a campaign. Only an owner of the business can turn it into a campaign
    (which then goes through the editors' moderation like any owner's campaign); the initiator never gets any right
    on the business or its data."""

    business = models.ForeignKey(
        "directory.BusinessPage", verbose_name=_("business"), on_delete=models.CASCADE, related_name="+"
    )
    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("initiator"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=120)
    story = models.TextField(_("story"), max_length=2000)
    goal_cents = models.PositiveIntegerField(_("goal (cents)"))
    duration_days = models.PositiveSmallIntegerField(_("duration (days)"))
    state = models.CharField(
        _("state"), max_length=10, choices=ProposalState.choices, default=ProposalState.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    campaign = models.ForeignKey(
        "fundraising.CampaignPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("campaign proposal")
        verbose_name_plural = _("campaign proposals")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["business"],
                condition=models.Q(state="pending"),
                name="collective_one_pending_proposal_per_business",
            )
        ]

    def __str__(self):
        return self.title


class PayoutMethod(models.TextChoices):
    CONNECT = "connect", _("Stripe Connect transfer")
    MANUAL = "manual", _("Bank transfer by the editors")


class PayoutState(models.TextChoices):
    PENDING = "pending", _("sent to Stripe, not yet confirmed")
    PAID = "paid", _("paid")
    FAILED = "failed", _("failed")


class CollectivePayout(models.Model):
    """Money paid to one beneficiary of a collective campaign (its share and the vouchers it accepted).

    The money of collective pledges is collected on the platform account; at the end the editors pay each
    business what it is due: a Stripe transfer to its connected account, or a bank transfer they record here.
    A Stripe transfer is one attempt with its own idempotency key, stored (pending) before the call
    (`payouts.transfer_open_amounts`); only paid rows count as paid out.
    """

    campaign = models.ForeignKey(CollectiveCampaignPage, on_delete=models.PROTECT, related_name="payouts")
    business = models.ForeignKey("directory.BusinessPage", on_delete=models.PROTECT, related_name="+")
    amount_cents = models.PositiveIntegerField(_("amount (cents)"))
    method = models.CharField(_("method"), max_length=10, choices=PayoutMethod.choices)
    state = models.CharField(_("state"), max_length=10, choices=PayoutState.choices, default=PayoutState.PAID)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, blank=True)
    stripe_account_id = models.CharField(_("Stripe account"), max_length=255, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    stripe_transfer_id = models.CharField(_("Stripe transfer"), max_length=255, blank=True)
    reference = models.CharField(_("reference"), max_length=140, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("paid at"), auto_now_add=True)

    class Meta:
        verbose_name = _("collective payout")
        verbose_name_plural = _("collective payouts")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_cents__gt=0), name="collective_payout_positive"),
            models.UniqueConstraint(
                fields=["stripe_transfer_id"],
                condition=~models.Q(stripe_transfer_id=""),
                name="collective_payout_transfer_once",
            ),
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="collective_payout_key_once",
            ),
        ]

    def __str__(self):
        return f"{self.campaign_id}/{self.business_id}: {self.amount_cents}"
