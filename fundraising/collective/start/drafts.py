"""An initiator's draft campaign: creating it from the form, its images, and its state in the editors' workflow."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import gettext_lazy

from wagtail.images import get_image_model
from wagtail.models import Collection, Page, WorkflowState
from wagtail.users.models import UserProfile

from commons.moderation import open_workflow_state
from commons.richtext import keep_or_replace, plain_to_richtext

from ..models import (
    CollectiveCampaignIndexPage,
    CollectiveCampaignPage,
    ListedBusiness,
)
from .rules import (
    RESERVED_SLUGS,
    UPLOAD_COLLECTION,
)

# --- helpers -------------------------------------------------------------------------------------------------


def index_page():
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


def unique_slug(index, title):
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
    profile = UserProfile.get_for_user(user)
    if profile.approved_notifications or profile.rejected_notifications:
        profile.approved_notifications = profile.rejected_notifications = False
        profile.save(update_fields=["approved_notifications", "rejected_notifications"])
