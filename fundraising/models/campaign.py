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
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from fundraising.conf import conf

from .pause import CampaignPause

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

    Used by CampaignPage (one business) and collective.CollectiveCampaignPage (a group of businesses). The page
    provides `goal_cents`, `start_date`, `end_date`, a `rewards` relation and `pledge_target_fields()` (the Pledge
    fields that point at it, the first of which names the foreign key); `ended_early_at` is optional.
    """

    # The label of the pledge form's message field.
    pledge_message_label = _("Message to the business")

    def ensure_ready(self):
        """Called before the page is shown or a pledge is taken: a page that needs a step first does it here (a
        collective campaign freezes its beneficiaries on the first visit after the start)."""

    def pledge_page_context(self, request):
        """Extra context for the page's template."""
        return {}

    def pledge_filter(self):
        """A Q for this page's pledges."""
        field = next(iter(self.pledge_target_fields()))
        return models.Q(**{field: self})

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
        from fundraising.progress import campaign_progress  # reason: progress imports models

        return campaign_progress(self)

    def short_url(self):
        return conf.BASE_URL.rstrip("/") + reverse("fundraising:short", args=[self.pk])

    def share_text(self):
        return self.title


class CampaignPage(PledgeTargetMixin, RoutablePageMixin, Page):
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
    subpage_types = []

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
        return super().accepts_pledges(today) and self.get_parent().live

    def pledge_target_fields(self):
        return {"campaign": self, "business_id": self.business_page_id or self.get_parent().pk}

    def pledge_page_context(self, request):
        business = self.get_parent().specific
        return {
            "business": business,
            "og_title": f"{self.title} – {business.title}",
            "og_image": reverse("fundraising:og_image", args=[self.pk]),
        }

    def share_text(self):
        return _("Support %(business)s: %(campaign)s") % {"business": self.get_parent().title, "campaign": self.title}

    @property
    def business(self):
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

    @path("widget/")
    def widget_route(self, request):
        """The embeddable progress card (fundraising/outreach): `<campaign-url>widget/`, framable by other sites."""
        from fundraising.outreach.views.public import campaign_widget  # reason: outreach route (moves to a hook)

        return campaign_widget(self, request)

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

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("min_pledge_cents"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("voucher_value_cents"), FieldPanel("quantity_limit"), FieldPanel("valid_until")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.kind == RewardKind.VOUCHER and not self.voucher_value_cents:
            raise ValidationError({"voucher_value_cents": _("A voucher needs a face value.")})
        if self.kind != RewardKind.VOUCHER:
            self.voucher_value_cents = None


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
