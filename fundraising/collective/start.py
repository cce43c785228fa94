"""Citizens, clubs and associations start a collective campaign from the public site.

The initiator (a logged-in user with a verified email address) fills in one form; the campaign is created as a
draft `CollectiveCampaignPage` under the index (owner and `initiator` = that user) and put into the editors'
"Redaktion" workflow with `owners.moderation.submit_for_moderation`. Nothing is published without an editor, and
the initiator never gets a Wagtail permission: they edit their own draft here, through the same form, until it is
live; after that only the editors change it.
"""

import datetime
import re
import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.models import Collection, Page, WorkflowState

from commons.ratelimit import Limit
from directory.models import BusinessPage, Category, District
from fundraising.money import format_cents, parse_amount_to_cents
from owners.richtext import keep_or_replace, plain_to_richtext, richtext_to_plain
from owners.services import open_workflow_state

from .models import (
    MAX_BENEFICIARIES,
    CollectiveCampaignIndexPage,
    CollectiveCampaignPage,
    Distribution,
    ListedBusiness,
)

# The first possible start day is this many days ahead, so that the editors can review the campaign and the
# businesses found by it can opt out before the list of beneficiaries is frozen on the start day.
START_LEAD_DAYS = getattr(settings, "COLLECTIVE_START_LEAD_DAYS", 7)
MAX_START_AHEAD_DAYS = 365  # the start lies within a year
MAX_DURATION_DAYS = 365  # the end lies within a year of the start
MIN_GOAL_CENTS = 100_00
MAX_GOAL_CENTS = 1_000_000_00
# Submissions per initiator account: new campaigns, and edits of a draft.
STARTS_PER_USER = Limit("collective-start:user", "10/h", per=Limit.USER)
EDITS_PER_USER = Limit("collective-edit:user", "30/h", per=Limit.USER)
MIN_BENEFICIARIES = 2  # one business is not a collective campaign: that is a proposal (collective:propose)
MAX_PENDING_PER_USER = getattr(settings, "COLLECTIVE_MAX_PENDING_STARTS", 3)
MAX_STORY_CHARS = 5000
MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = {"jpeg", "png", "webp"}
UPLOAD_COLLECTION = getattr(settings, "COLLECTIVE_UPLOAD_COLLECTION", "Sammelaktionen (Einsendungen)")
SEARCH_RESULTS = 30  # businesses shown for a search (plus the ones already chosen)
DUPLICATE_WINDOW = datetime.timedelta(minutes=10)
MAX_ID = 2**53
RESERVED_SLUGS = {"starten", "meine", "fuer", "vorschlag"}


class CampaignImageField(WagtailImageField):
    """Wagtail's upload checks (real image, extension matches content, size, pixels), JPEG/PNG/WebP only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_upload_size = min(self.max_upload_size or MAX_IMAGE_BYTES, MAX_IMAGE_BYTES)
        self.help_text = gettext_lazy("JPEG, PNG or WebP, at most 5 MB.")
        self.widget.attrs["accept"] = "image/jpeg,image/png,image/webp"

    def check_image_file_size(self, f):
        if f.size > self.max_upload_size:
            raise ValidationError(
                _("This file is too big. The maximum is %(size)s MB.")
                % {"size": self.max_upload_size // (1024 * 1024)},
                code="file_too_large",
            )

    def check_image_file_format(self, f):
        super().check_image_file_format(f)
        if f.image.format_name not in IMAGE_FORMATS:
            raise ValidationError(_("Please upload a JPEG, PNG or WebP image."), code="invalid_image_extension")


class IdsField(forms.ModelMultipleChoiceField):
    """Rejects anything but plain, database-sized ids before querying (a huge id overflows SQLite)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not text.isdigit() or int(text) > MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text[:20]}
                )
        return super()._check_values(value)


class BusinessLabelField(IdsField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.district.name})" if obj.district_id else obj.title


def _digits(values):
    return [int(v) for v in values if str(v).isdigit() and int(v) <= MAX_ID]


_DE_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$")  # 5.000 or 1.000.000,50
_EN_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d{1,2})?$")  # 5,000 or 1,000,000.50


def normalise_amount(text):
    """Drop thousands separators (German "5.000", English "5,000") and spaces; parse_amount_to_cents does the rest."""
    text = (text or "").replace("\u00a0", "").replace(" ", "").replace("€", "")
    if _DE_THOUSANDS.match(text):
        return text.replace(".", "")
    if _EN_THOUSANDS.match(text):
        return text.replace(",", "")
    return text


def count_beneficiaries(categories, districts, business_ids, limit=MAX_BENEFICIARIES):
    """How many live businesses the rule plus the fixed list would include now (counted up to `limit` + 1).
    Mirrors `beneficiaries.candidate_weights` (categories: any of them; with districts, both must match)."""
    ids = set(BusinessPage.objects.live().filter(pk__in=list(business_ids)).values_list("pk", flat=True))
    if categories or districts:
        matches = BusinessPage.objects.live()
        if categories:
            matches = matches.filter(categories__in=list(categories))
        if districts:
            matches = matches.filter(district__in=list(districts))
        ids.update(matches.values_list("pk", flat=True).distinct()[: limit + len(ids) + 1])
    return len(ids)


class CollectiveStartForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=120,
        help_text=gettext_lazy("For example: “Our neighbourhood stands behind its restaurants”."),
    )
    story = forms.CharField(
        label=gettext_lazy("Your story"),
        max_length=MAX_STORY_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "Why do these businesses need support, and who is behind the campaign? Plain text; "
            "an empty line starts a new paragraph."
        ),
    )
    goal_euros = forms.CharField(
        label=gettext_lazy("Goal in euros"),
        max_length=20,
        help_text=gettext_lazy("Between €100 and €1,000,000."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    start_date = forms.DateField(
        label=gettext_lazy("Start date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end_date = forms.DateField(
        label=gettext_lazy("End date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("At most one year after the start."),
    )
    club_name = forms.CharField(
        label=gettext_lazy("On behalf of a club or association"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("Optional: its name, if you start the campaign for a club or association."),
    )
    distribution = forms.ChoiceField(
        label=gettext_lazy("How is the money shared?"),
        choices=Distribution.choices,
        initial=Distribution.EQUAL,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Weighted: the editors enter a transparent factor per business (for example the number of employees). "
            "The editors approve the rule."
        ),
    )
    rule_categories = IdsField(
        label=gettext_lazy("All businesses in these categories"),
        queryset=Category.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rule_districts = IdsField(
        label=gettext_lazy("All businesses in these districts"),
        queryset=District.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("With categories and districts, a business must match both."),
    )
    q = forms.CharField(label=gettext_lazy("Find businesses by name"), max_length=80, required=False)
    businesses = BusinessLabelField(
        label=gettext_lazy("Chosen businesses"),
        queryset=BusinessPage.objects.live().select_related("district").order_by("title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Businesses that take part in any case, in addition to the rule."),
    )
    image = CampaignImageField(label=gettext_lazy("Image"), required=False)
    club_logo = CampaignImageField(label=gettext_lazy("Logo of the club or association"), required=False)
    token = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, today=None, keep_start=None, has_image=False, has_logo=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.keep_start = keep_start  # editing: the stored start date stays valid while it is in the future
        self.has_image, self.has_logo = has_image, has_logo
        earliest = self.today + datetime.timedelta(days=START_LEAD_DAYS)
        self.fields["start_date"].help_text = _(
            "The earliest start is %(date)s. Until the start, the businesses can decline to take part; "
            "on the start day the list of beneficiaries is fixed."
        ) % {"date": date_format(earliest, "SHORT_DATE_FORMAT")}
        self.fields["start_date"].widget.attrs["min"] = earliest.isoformat()
        if has_image:
            self.fields["image"].help_text = _(
                "Leave empty to keep the current image. JPEG, PNG or WebP, at most 5 MB."
            )
        if has_logo:
            self.fields["club_logo"].help_text = _(
                "Leave empty to keep the current logo. JPEG, PNG or WebP, at most 5 MB."
            )
        self._limit_business_choices()

    def _raw(self, name):
        if self.is_bound:
            return self.data.getlist(name) if hasattr(self.data, "getlist") else self.data.get(name, [])
        value = self.initial.get(name, [])
        return [getattr(v, "pk", v) for v in value]

    def query(self):
        value = self.data.get("q", "") if self.is_bound else self.initial.get("q", "")
        return (value or "").strip()[:80]

    def _limit_business_choices(self):
        """Render only the chosen businesses and the search results; validation still accepts any live one."""
        field = self.fields["businesses"]
        chosen = _digits(self._raw("businesses"))[:MAX_BENEFICIARIES]
        shown = list(field.queryset.filter(pk__in=chosen))
        query = self.query()
        self.search_results = None
        if query:
            found = list(field.queryset.filter(title__icontains=query).exclude(pk__in=chosen)[:SEARCH_RESULTS])
            self.search_results = len(found)
            shown += found
        field.widget.choices = [(b.pk, field.label_from_instance(b)) for b in shown]

    def clean_goal_euros(self):
        cents = parse_amount_to_cents(normalise_amount(self.cleaned_data["goal_euros"]))
        if cents is None:
            raise ValidationError(_("Please enter an amount in euros, e.g. 5000."))
        if cents < MIN_GOAL_CENTS or cents > MAX_GOAL_CENTS:
            raise ValidationError(
                _("The goal must be between %(min)s and %(max)s.")
                % {"min": format_cents(MIN_GOAL_CENTS), "max": format_cents(MAX_GOAL_CENTS)}
            )
        return cents

    def clean_story(self):
        story = self.cleaned_data["story"]
        if not plain_to_richtext(story):
            raise ValidationError(_("Please tell the story of your campaign."))
        return story

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        earliest = self.today + datetime.timedelta(days=START_LEAD_DAYS)
        if self.keep_start and start == self.keep_start and start > self.today:
            return start
        if start < earliest:
            raise ValidationError(
                _("The campaign can start on %(date)s at the earliest.")
                % {"date": date_format(earliest, "SHORT_DATE_FORMAT")}
            )
        if start > self.today + datetime.timedelta(days=MAX_START_AHEAD_DAYS):
            raise ValidationError(_("The start must lie within the next year."))
        return start

    def clean_businesses(self):
        businesses = self.cleaned_data["businesses"]
        if len(businesses) > MAX_BENEFICIARIES:
            raise ValidationError(
                _("Please choose at most %(max)s businesses.") % {"max": MAX_BENEFICIARIES}, code="too_many"
            )
        return businesses

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end:
            if end <= start:
                self.add_error("end_date", _("The end date must be after the start date."))
            elif (end - start).days > MAX_DURATION_DAYS:
                self.add_error("end_date", _("A campaign runs for one year at most."))
        if data.get("club_logo") and not data.get("club_name"):
            self.add_error("club_name", _("Please name the club or association the logo belongs to."))
        if all(name in data for name in ("rule_categories", "rule_districts", "businesses")):
            categories, districts, listed = data["rule_categories"], data["rule_districts"], data["businesses"]
            if not (categories or districts or listed):
                raise ValidationError(
                    _("Please choose the businesses: by category or district, or by name."), code="no_businesses"
                )
            count = count_beneficiaries(categories, districts, [b.pk for b in listed])
            self.beneficiary_count = count
            if count < MIN_BENEFICIARIES:
                raise ValidationError(
                    _("A collective campaign needs at least %(min)s businesses; your choice includes %(count)s.")
                    % {"count": count, "min": MIN_BENEFICIARIES},
                    code="too_few",
                )
            if count > MAX_BENEFICIARIES:
                raise ValidationError(
                    _("Your choice includes more than %(max)s businesses. Please narrow it down.")
                    % {"max": MAX_BENEFICIARIES},
                    code="too_many",
                )
        return data

    def preview_count(self):
        """The number of businesses the current choice includes (one query), for the preview."""
        categories = _digits(self._raw("rule_categories"))
        districts = _digits(self._raw("rule_districts"))
        listed = _digits(self._raw("businesses"))[:MAX_BENEFICIARIES]
        if not (categories or districts or listed):
            return None
        return count_beneficiaries(categories, districts, listed)

    @classmethod
    def initial_from_page(cls, page):
        return {
            "title": page.title,
            "story": richtext_to_plain(page.story),
            "goal_euros": str(page.goal_cents // 100) if page.goal_cents % 100 == 0 else f"{page.goal_cents / 100:.2f}",
            "start_date": page.start_date,
            "end_date": page.end_date,
            "club_name": page.club_name,
            "distribution": page.distribution,
            "rule_categories": [c.pk for c in page.rule_categories.all()],
            "rule_districts": [d.pk for d in page.rule_districts.all()],
            "businesses": [row.business_id for row in page.listed_businesses.all()],
        }


# --- helpers -------------------------------------------------------------------------------------------------


def _verified(user):
    from owners.permissions import user_is_verified

    return user_is_verified(user)


def _index():
    index = CollectiveCampaignIndexPage.objects.live().first() or CollectiveCampaignIndexPage.objects.first()
    if index is None:
        raise Http404
    return index


def upload_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=UPLOAD_COLLECTION).first()
    return existing or root.add_child(name=UPLOAD_COLLECTION)


def store_image(upload, user, title):
    image = get_image_model()(title=title[:255], uploaded_by_user=user, collection=upload_collection())
    image.file = upload
    image.save()
    return image


def _unique_slug(index, title):
    base = (slugify(title) or "sammelaktion")[:60].strip("-") or "sammelaktion"
    if base in RESERVED_SLUGS:  # the paths of this app's own views under /sammelaktionen/
        base = f"{base}-sammelaktion"
    slug, n = base, 2
    while index.get_children().filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def apply_form(page, form, user):
    """Copy the form's data onto `page` (new or the latest revision as an object). Listed weights are kept."""
    data = form.cleaned_data
    page.title = data["title"]
    page.draft_title = data["title"]
    page.story = keep_or_replace(page.story, data["story"]) if page.pk else plain_to_richtext(data["story"])
    page.goal_cents = data["goal_euros"]
    page.start_date = data["start_date"]
    page.end_date = data["end_date"]
    page.club_name = data["club_name"]
    page.distribution = data["distribution"]
    page.rule_categories = list(data["rule_categories"])
    page.rule_districts = list(data["rule_districts"])
    weights = {row.business_id: row.weight for row in page.listed_businesses.all()} if page.pk else {}
    page.listed_businesses = [
        ListedBusiness(business=business, weight=weights.get(business.pk, 1)) for business in data["businesses"]
    ]
    if data.get("image"):
        page.image = store_image(data["image"], user, data["title"])
    if data.get("club_logo"):
        page.club_logo = store_image(data["club_logo"], user, f"Logo {data['club_name'] or data['title']}")


STATUS = {
    "draft": (gettext_lazy("Draft"), "info"),
    "review": (gettext_lazy("In review"), "warning"),
    "rejected": (gettext_lazy("Changes requested"), "closed"),
    "live": (gettext_lazy("Live"), "open"),
    "offline": (gettext_lazy("Taken offline by the editors"), "closed"),
}


def campaign_status(page):
    """{code, label, badge, comment, editable} of one of the initiator's campaigns."""
    comment = ""
    if page.live:
        code = "live"
    elif page.first_published_at is not None:
        code = "offline"
    else:
        state = open_workflow_state(page)
        if state is None:
            code = "draft"
        elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            code = "rejected"
            comment = state.current_task_state.comment if state.current_task_state else ""
        else:
            code = "review"
    label, badge = STATUS[code]
    return {
        "code": code,
        "label": label,
        "badge": badge,
        "comment": comment,
        "editable": code in ("draft", "review", "rejected"),
    }


def pending_count(user):
    """Never-published campaigns of `user` that wait for the editors (rejected ones do not count)."""
    page_ids = [
        str(pk)
        for pk in CollectiveCampaignPage.objects.filter(initiator=user, first_published_at__isnull=True).values_list(
            "pk", flat=True
        )
    ]
    if not page_ids:
        return 0
    return (
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=page_ids,
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
        .values("object_id")
        .distinct()
        .count()
    )


def mute_admin_emails(user):
    """Wagtail's own workflow emails go to the submitter and link into the admin; initiators without admin access
    get this app's emails instead (see `on_approved`/`on_rejected`)."""
    if user.has_perm("wagtailadmin.access_admin"):
        return
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    if profile.approved_notifications or profile.rejected_notifications:
        profile.approved_notifications = profile.rejected_notifications = False
        profile.save(update_fields=["approved_notifications", "rejected_notifications"])


def _problem(request, text, status, template="collective/start.html"):
    return TemplateResponse(request, template, {"problem": text}, status=status)


def _recent_duplicate(user, title):
    since = timezone.now() - DUPLICATE_WINDOW
    return (
        CollectiveCampaignPage.objects.filter(initiator=user, title=title, live=False, first_published_at=None)
        .filter(latest_revision_created_at__gte=since)
        .order_by("-pk")
        .first()
    )


def _search_form(request, **kwargs):
    """The form as the visitor filled it in, without validating it (the "search/preview" button)."""
    initial = {
        name: request.POST.getlist(name)
        if name in ("rule_categories", "rule_districts", "businesses")
        else request.POST.get(name, "")
        for name in CollectiveStartForm.base_fields
        if name not in ("image", "club_logo")
    }
    return CollectiveStartForm(initial=initial, **kwargs)


def _context(form, **extra):
    return {"form": form, "preview_count": form.preview_count(), "max_beneficiaries": MAX_BENEFICIARIES, **extra}


# --- views ---------------------------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    from owners.moderation import submit_for_moderation

    index = _index()
    if not _verified(request.user):
        return _problem(request, _("Please confirm your email address first. We have sent you a link."), 403)
    if request.method == "POST" and request.POST.get("action") == "search":
        return TemplateResponse(request, "collective/start.html", _context(_search_form(request)))
    if request.method == "GET":
        form = CollectiveStartForm(initial={"token": uuid.uuid4().hex, "q": request.GET.get("q", "")[:80]})
        return TemplateResponse(request, "collective/start.html", _context(form))

    if pending_count(request.user) >= MAX_PENDING_PER_USER:
        return _problem(
            request,
            _("You have %(count)s campaigns waiting for the editors. Please wait until they have checked them.")
            % {"count": MAX_PENDING_PER_USER},
            429,
        )
    if not STARTS_PER_USER.hit(request):
        return _problem(request, _("Too many attempts. Please try again in an hour."), 429)
    form = CollectiveStartForm(request.POST, request.FILES)
    if not form.is_valid():
        return TemplateResponse(request, "collective/start.html", _context(form), status=400)
    data = form.cleaned_data
    token_key = f"collective:start:{request.user.pk}:{data['token'][:64]}" if data["token"] else None
    with transaction.atomic():
        # One start at a time per user: lock the user's row, then look for the same campaign sent twice.
        get_user_model().objects.select_for_update().filter(pk=request.user.pk).first()
        duplicate = _recent_duplicate(request.user, data["title"])
        if duplicate is None and token_key and cache.get(token_key):  # this very form was sent before
            duplicate = CollectiveCampaignPage.objects.filter(pk=cache.get(token_key), initiator=request.user).first()
        if duplicate is not None:
            messages.info(request, _("We already have this campaign; it was sent only once."))
            return redirect(reverse("collective:mine"))
        page = CollectiveCampaignPage(
            slug=_unique_slug(index, data["title"]), live=False, owner=request.user, initiator=request.user
        )
        apply_form(page, form, request.user)
        index.add_child(instance=page)
        mute_admin_emails(request.user)
        submit_for_moderation(page, request.user)
        if token_key:  # remembered only once the page exists (a failed send may be repeated)
            transaction.on_commit(
                lambda: cache.set(token_key, page.pk, int(DUPLICATE_WINDOW.total_seconds())), robust=True
            )
    messages.success(
        request,
        _("Thank you! The editors will check your campaign and publish it, usually within a few days."),
    )
    return redirect(reverse("collective:mine"))


def _own_campaign(user, pk):
    if pk > MAX_ID:
        raise Http404
    page = CollectiveCampaignPage.objects.filter(pk=pk, initiator=user).first()
    if page is None:
        raise Http404
    return page


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    from owners.moderation import submit_for_moderation

    if not _verified(request.user):
        return _problem(request, _("Please confirm your email address first. We have sent you a link."), 403)
    page = _own_campaign(request.user, pk)
    status = campaign_status(page)
    if not status["editable"]:
        return TemplateResponse(request, "collective/start.html", {"locked": page, "status": status}, status=409)
    draft = page.get_latest_revision_as_object()
    form_kwargs = {
        "keep_start": draft.start_date,
        "has_image": bool(draft.image_id),
        "has_logo": bool(draft.club_logo_id),
    }
    context = {"editing": page, "status": status}
    if request.method == "POST" and request.POST.get("action") == "search":
        return TemplateResponse(
            request, "collective/start.html", _context(_search_form(request, **form_kwargs), **context)
        )
    if request.method == "GET":
        form = CollectiveStartForm(initial=CollectiveStartForm.initial_from_page(draft), **form_kwargs)
        return TemplateResponse(request, "collective/start.html", _context(form, **context))
    if not EDITS_PER_USER.hit(request):
        return _problem(request, _("Too many attempts. Please try again in an hour."), 429)
    form = CollectiveStartForm(request.POST, request.FILES, **form_kwargs)
    if not form.is_valid():
        return TemplateResponse(request, "collective/start.html", _context(form, **context), status=400)
    with transaction.atomic():
        locked = CollectiveCampaignPage.objects.select_for_update().get(pk=page.pk)
        if locked.live or locked.first_published_at is not None:  # approved meanwhile
            return TemplateResponse(
                request, "collective/start.html", {"locked": locked, "status": campaign_status(locked)}, status=409
            )
        draft = locked.get_latest_revision_as_object()
        apply_form(draft, form, request.user)
        submit_for_moderation(draft, request.user)
    messages.success(request, _("Thank you! Your changes have been sent to the editors."))
    return redirect(reverse("collective:mine"))


@never_cache
@login_required
@require_http_methods(["GET"])
def mine(request):
    campaigns = list(CollectiveCampaignPage.objects.filter(initiator=request.user).order_by("-pk"))
    rows = []
    for page in campaigns:
        latest = page.get_latest_revision_as_object() if not page.live else page
        rows.append({"page": page, "title": latest.title, "status": campaign_status(page), "latest": latest})
    return TemplateResponse(
        request,
        "collective/mine.html",
        {"rows": rows, "verified": _verified(request.user), "index": CollectiveCampaignIndexPage.objects.first()},
    )


# --- emails to the initiator (Wagtail workflow signals) -------------------------------------------------------


def _initiator_page(workflow_state):
    obj = workflow_state.content_object
    page = getattr(obj, "specific", obj)
    if not isinstance(page, CollectiveCampaignPage) or page.initiator_id is None:
        return None
    if not page.initiator.email:
        return None
    return page


def _notify(page, prefix, **extra):
    from home.emails import queue_email
    from owners.notifications import absolute, language_of

    queue_email(
        f"collective/email/{prefix}",
        [page.initiator.email],
        {"title": page.title, "mine_url": absolute(reverse("collective:mine")), **extra},
        language_of(page.initiator),
    )


def on_submitted(sender, instance, user=None, **kwargs):
    page = _initiator_page(instance)
    if page is not None and user is not None and user.pk == page.initiator_id:
        _notify(page, "start_submitted")


def on_approved(sender, instance, user=None, **kwargs):
    page = _initiator_page(instance)
    if page is not None:
        page.refresh_from_db()
        _notify(page, "start_approved", url=page.full_url or "")


def on_rejected(sender, instance, user=None, **kwargs):
    page = _initiator_page(instance)
    if page is not None:
        task_state = instance.current_task_state
        _notify(page, "start_rejected", comment=task_state.comment if task_state else "")


def initiator_menu_item(request):
    """ "Your collective campaigns" in the owners' dashboard navigation, for owners who have started one."""
    if request.user.is_authenticated and CollectiveCampaignPage.objects.filter(initiator=request.user).exists():
        return [(_("Your collective campaigns"), reverse("collective:mine"))]
    return []


def connect():
    from wagtail import hooks
    from wagtail.signals import workflow_approved, workflow_rejected, workflow_submitted

    hooks.register("owner_dashboard_menu_items", initiator_menu_item)

    workflow_submitted.connect(on_submitted, dispatch_uid="collective_start_submitted")
    workflow_approved.connect(on_approved, dispatch_uid="collective_start_approved")
    workflow_rejected.connect(on_rejected, dispatch_uid="collective_start_rejected")
