"""CampaignPage: a business collects support money; rewards are an orderable inline."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from commons.view_restrictions import ViewRestrictionsShortcutMixin
from fundraising.admin_forms import RewardPageAdminForm
from fundraising.conf import conf
from fundraising.legal import VAT_RATE_CHOICES, VOUCHER_CLASSES, PaymentClass, check_reward_validity
from fundraising.reward_text import display_description, display_title

from .pause import CampaignPause
from .progress import campaign_progress

STORY_FEATURES = ["bold", "italic", "h3", "ol", "ul", "link"]


class CampaignState(models.TextChoices):
    UPCOMING = "upcoming", _("Starting soon")
    ACTIVE = "active", _("Active")
    GOAL_REACHED = "goal_reached", _("Goal reached")
    ENDED = "ended", _("Ended")


class RewardKind(models.TextChoices):
    VOUCHER = "voucher", _("Voucher")
    OTHER = "other", _("Other reward")


def local_today():
    return timezone.localdate()


class PledgeTargetMixin:
    """What a page that takes pledges has in common: a goal, a period, a state, rewards and progress.

    Used by CampaignPage (one business) and by the page models of registered pledge target types
    (fundraising.targets; e.g. a sub-app's campaign for a group of businesses). The page provides `goal_cents`,
    `start_date`, `end_date` and a `rewards` relation; `ended_early_at` is optional. `pledge_target_fields()` are
    the fields a new Pledge gets: `target` always, and what the page type adds (a business's campaign its
    `campaign` and `business`).
    """

    # The label of the pledge form's message field.
    pledge_message_label = _("Message to the business")

    def ensure_ready(self):
        """Called before the page is shown or a pledge is taken: a page that needs a step first does it here (a
        campaign for a group of businesses fixes its list on the first visit after the start)."""

    def pledge_page_context(self, request):
        """Extra context for the page's template."""
        return {}

    def pledge_target_fields(self):
        """The fields that point a new Pledge at this page."""
        return {"target": self}

    def pledge_filter(self):
        """A Q for this page's pledges."""
        return models.Q(target=self)

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date must not be before the start date.")})
        if self.start_date and self.end_date and (self.end_date - self.start_date).days > 366:
            raise ValidationError({"end_date": _("A campaign runs for one year at most.")})

    def _ended(self, today):
        return bool(getattr(self, "ended_early_at", None)) or today > self.end_date

    def state_for(self, raised_cents, today=None):
        today = today or timezone.localdate()
        if self._ended(today):
            return CampaignState.ENDED
        if today < self.start_date:
            return CampaignState.UPCOMING
        if raised_cents >= self.goal_cents:
            return CampaignState.GOAL_REACHED
        return CampaignState.ACTIVE

    def accepts_pledges(self, today=None):
        """Live, started, not ended and not paused city-wide. A campaign that reached its goal still accepts
        support."""
        today = today or timezone.localdate()
        return self.live and not self._ended(today) and self.start_date <= today and CampaignPause.current() is None

    def days_left(self, today=None):
        today = today or timezone.localdate()
        if self._ended(today):
            return 0
        return (self.end_date - max(today, self.start_date)).days + 1

    @cached_property
    def progress(self):
        return campaign_progress(self)

    @classmethod
    def get_subpage_urls(cls):
        """The routes sub-apps add through the `fundraising_page_routes` hook — `fn(page_class) -> [path(...)]`,
        each view called as `view(page, request, *args, **kwargs)` (e.g. outreach's widget `<campaign-url>widget/`,
        a sub-app's own page type's pages) — ahead of the page's own routes. Wagtail builds the resolver once per
        class, after the hooks are loaded."""
        routes = []
        for fn in hooks.get_hooks("fundraising_page_routes"):
            routes.extend(fn(cls) or [])
        return tuple(routes) + tuple(super().get_subpage_urls())

    def short_url(self):
        return conf.BASE_URL.rstrip("/") + reverse("fundraising:short", args=[self.pk])

    def share_text(self):
        return self.title


class CampaignPage(ViewRestrictionsShortcutMixin, PledgeTargetMixin, RoutablePageMixin, Page):
    story = RichTextField(_("story"), features=STORY_FEATURES, help_text=_("Why you need support, in a few words."))
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
        validators=[MinValueValidator(100), MaxValueValidator(100_000_000)],
        help_text=_("In euro cents: 500000 is €5,000."),
    )
    start_date = models.DateField(_("start date"), default=local_today)
    end_date = models.DateField(_("end date"))
    # Set by the owner's "end now" button. Not part of revisions: see with_content_json().
    ended_early_at = models.DateTimeField(_("ended early at"), null=True, blank=True, editable=False)
    # The parent business, kept in step on save so that many businesses' campaigns load in one query.
    business_page = models.ForeignKey(
        "directory.BusinessPage", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = Page.content_panels + [
        FieldPanel("story"),
        FieldPanel("image"),
        MultiFieldPanel(
            [FieldPanel("goal_cents"), FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")])],
            heading=_("Goal and period"),
        ),
        InlinePanel("rewards", label=_("Rewards")),
    ]

    parent_page_types = ["directory.BusinessPage"]
    # Loaded with the page when a request is routed to it (a host project's routing may use it): the page shows
    # the business's picture, district and name, and its progress from the totals row (fundraising.progress).
    route_select_related = ("business_page", "business_page__district", "pledge_totals")
    subpage_types = []
    base_form_class = RewardPageAdminForm

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def with_content_json(self, content):
        """Publishing an older revision must not undo "ended early" (it is state, not content)."""
        obj = super().with_content_json(content)
        obj.ended_early_at = self.ended_early_at
        obj.business_page_id = self.business_page_id
        return obj

    def save(self, *args, **kwargs):
        if self.depth and self.path:
            parent = self.get_parent()
            if parent is not None:
                self.business_page_id = parent.pk
        super().save(*args, **kwargs)

    # Pledge target (see PledgeTargetMixin) ------------------------------------------------------------------

    def accepts_pledges(self, today=None):
        business = self.business
        return super().accepts_pledges(today) and business.live and not getattr(business, "closed_for_good_at", None)

    def pledge_target_fields(self):
        return {"target": self, "campaign": self, "business_id": self.business_page_id or self.get_parent().pk}

    def pledge_filter(self):
        return models.Q(campaign=self)  # the same rows as target=self; the older index, and joins stay typed

    def pledge_page_context(self, request):
        business = self.business
        return {
            "business": business,
            "og_title": f"{self.title} – {business.title}",
            "og_image": reverse("fundraising:og_image", args=[self.pk]),
        }

    def share_text(self):
        return _("Support %(business)s: %(campaign)s") % {"business": self.business.title, "campaign": self.title}

    @cached_property
    def business(self):
        """The business page above (specific), loaded once per instance: the page, its match box, its sharing
        text and the pledge checks all ask for it."""
        if self.business_page_id:  # the parent, kept in step by save()
            return self.business_page
        return self.get_parent().specific

    # Views -----------------------------------------------------------------------------------------------------

    @path("")
    def index_route(self, request):
        from fundraising.views.pledge import campaign_index  # reason: route view imports models (cycle left)

        return campaign_index(self, request)

    @path("unterstuetzen/")
    def pledge_route(self, request):
        from fundraising.views.pledge import pledge_create  # reason: route view imports models (cycle left)

        return pledge_create(self, request)

    def get_sitemap_urls(self, request=None):
        return [
            {
                "location": self.get_full_url(request),
                "lastmod": self.last_published_at or self.latest_revision_created_at,
            }
        ]

    @staticmethod
    def default_dates():
        start = timezone.localdate()
        return start, start + datetime.timedelta(days=30)


class Reward(Orderable):
    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="rewards")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=500, blank=True)
    min_pledge_cents = models.PositiveIntegerField(_("minimum pledge (cents)"), validators=[MinValueValidator(100)])
    kind = models.CharField(_("kind"), max_length=10, choices=RewardKind.choices, default=RewardKind.VOUCHER)
    voucher_value_cents = models.PositiveIntegerField(
        _("voucher face value (cents)"),
        null=True,
        blank=True,
        help_text=_("For vouchers: what the supporter can spend in the shop, e.g. 1200 for €12."),
    )
    quantity_limit = models.PositiveIntegerField(
        _("available quantity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    valid_until = models.DateField(
        _("voucher valid until"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the statutory default: the end of the third year after purchase."),
    )
    payment_class = models.CharField(
        _("what the payment is"),
        max_length=16,
        choices=PaymentClass.choices,
        default=PaymentClass.MULTI_PURPOSE,
        help_text=_(
            "Multi-purpose voucher for shops with several VAT rates (the usual case); single-purpose voucher only "
            "when place and VAT rate are certain at the sale. Rewards that are not vouchers count as support."
        ),
    )
    vat_rate_percent = models.PositiveSmallIntegerField(
        _("VAT rate"),
        null=True,
        blank=True,
        choices=VAT_RATE_CHOICES,
        help_text=_("Only for single-purpose vouchers."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("min_pledge_cents"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("voucher_value_cents"), FieldPanel("quantity_limit"), FieldPanel("valid_until")]),
        FieldRowPanel([FieldPanel("payment_class"), FieldPanel("vat_rate_percent")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")

    def __str__(self):
        return self.title

    @property
    def display_title(self):
        """The title in the reader's language when the platform generated it ("Gutschein über 12 €")."""
        return display_title(self.title, self.voucher_value_cents)

    @property
    def display_description(self):
        return display_description(self.description, self.min_pledge_cents, self.voucher_value_cents)

    def clean(self):
        super().clean()
        if self.kind == RewardKind.VOUCHER and not self.voucher_value_cents:
            raise ValidationError({"voucher_value_cents": _("A voucher needs a face value.")})
        validity_error = check_reward_validity(self)
        if validity_error:
            raise ValidationError(validity_error)
        if self.kind != RewardKind.VOUCHER:
            self.voucher_value_cents = None
            self.payment_class = PaymentClass.SUPPORT
        elif self.payment_class not in VOUCHER_CLASSES:
            raise ValidationError({"payment_class": _("A voucher is a multi-purpose or a single-purpose voucher.")})
        if self.payment_class == PaymentClass.SINGLE_PURPOSE and self.vat_rate_percent is None:
            raise ValidationError({"vat_rate_percent": _("A single-purpose voucher needs its VAT rate.")})
        if self.payment_class != PaymentClass.SINGLE_PURPOSE:
            self.vat_rate_percent = None


class RewardStock(models.Model):
    """How many of a limited reward are claimed (pending or paid). Kept outside the page so revisions never
    overwrite it; claimed with one conditional UPDATE so stock is never oversold."""

    # High-volume records: Wagtail's reference index (admin "usage") would cost a write per save.
    wagtail_reference_index_ignore = True

    reward = models.OneToOneField(Reward, on_delete=models.CASCADE, primary_key=True, related_name="stock")
    claimed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reward stock")

    def __str__(self):
        return f"{self.reward_id}: {self.claimed}"
