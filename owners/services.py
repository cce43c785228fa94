"""What owner views do, without HTTP: register a business, edit it, quick updates, status, image storage."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model
from wagtail.models import Page, WorkflowState

from commons.moderation import open_workflow_state  # noqa: F401  (owners' callers)
from directory.models import (
    BusinessGalleryImage,
    BusinessOwner,
    BusinessPage,
    ClosingDay,
    DirectoryIndexPage,
    RegularHours,
    TemporaryHours,
)

from .groups import grant_ownership
from .moderation import save_owner_edit, submit_for_moderation

MAX_GALLERY_IMAGES = 8


class DirectoryMissing(Exception):
    """There is no DirectoryIndexPage to put businesses under (an editor must create one first)."""


def directory_index():
    index = DirectoryIndexPage.objects.order_by("path").first()
    if index is None:
        raise DirectoryMissing
    return index


def unique_slug(parent, title):
    base = slugify(title, allow_unicode=False)[:70] or "unternehmen"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def store_image(upload, user, title, description=""):
    Image = get_image_model()
    image = Image(title=title[:255], uploaded_by_user=user, description=description[:255])
    image.file = upload
    image.save()
    return image


def apply_images(page, form, user):
    data = form.cleaned_data
    if data.get("logo"):
        page.logo = store_image(data["logo"], user, f"Logo {page.title}", f"Logo {page.title}")
    if data.get("photo"):
        alt = data.get("photo_alt", "").strip()
        image = store_image(data["photo"], user, f"{page.title}: {alt}", alt)
        kept = list(page.gallery_images.all())[: MAX_GALLERY_IMAGES - 1]
        page.gallery_images = [BusinessGalleryImage(image=image, caption=alt)] + [
            BusinessGalleryImage(image=g.image, caption=g.caption) for g in kept
        ]


def apply_hours(page, regular_rows, temporary_rows):
    page.regular_hours = [
        RegularHours(weekday=row["weekday"], opens=row["opens"], closes=row["closes"], sort_order=i)
        for i, row in enumerate(sorted(regular_rows, key=lambda r: (r["weekday"], r["opens"])))
    ]
    page.temporary_hours = [
        TemporaryHours(
            valid_from=row["valid_from"],
            valid_until=row["valid_until"],
            weekday=row.get("weekday"),
            opens=row.get("opens"),
            closes=row.get("closes"),
            note=row.get("note", ""),
            sort_order=i,
        )
        for i, row in enumerate(temporary_rows)
    ]


def hours_initial(page):
    regular = [{"weekday": h.weekday, "opens": h.opens, "closes": h.closes} for h in page.regular_hours.all()]
    temporary = [
        {
            "valid_from": h.valid_from,
            "valid_until": h.valid_until,
            "weekday": h.weekday,
            "opens": h.opens,
            "closes": h.closes,
            "note": h.note,
        }
        for h in page.temporary_hours.all()
    ]
    return regular, temporary


@transaction.atomic
def register_business(user, form, regular_rows, temporary_rows):
    """Create a draft BusinessPage under the directory, make `user` its owner and submit it for moderation."""
    parent = directory_index()
    page = BusinessPage(live=False, owner=user)
    form.apply(page)
    page.slug = unique_slug(parent, page.title)
    apply_hours(page, regular_rows, temporary_rows)
    apply_images(page, form, user)
    parent.add_child(instance=page)
    grant_ownership(page, user)
    submit_for_moderation(page, user)
    return page


def editable_copy(page):
    """The newest version of the page (the pending revision if there is one) as an object to change."""
    return page.get_latest_revision_as_object() if page.get_latest_revision() else page.specific


@transaction.atomic
def edit_business(page, user, form, regular_rows, temporary_rows):
    draft = editable_copy(page)
    form.apply(draft)
    apply_hours(draft, regular_rows, temporary_rows)
    apply_images(draft, form, user)
    return save_owner_edit(draft, user)


@transaction.atomic
def quick_update(page, user, mutate):
    """Apply a small structured change (hours today, closed today, closed for now) to what the public sees now.

    These changes contain no free text, so they are published at once for every owner; a pending (moderated)
    revision gets the same change and goes back into moderation, so nothing of it is published unreviewed.
    """
    state = open_workflow_state(page)
    has_pending = page.has_unpublished_changes or state is not None
    pending = editable_copy(page) if has_pending else None
    if page.live:
        live = BusinessPage.objects.get(pk=page.pk)
        mutate(live)
        revision = live.save_revision(user=user, log_action=True)
        revision.publish(user=user, skip_permission_checks=True)
    if pending is not None:
        mutate(pending)
        if state is not None or not page.live:
            submit_for_moderation(pending, user)
        else:
            pending.save_revision(user=user, log_action=True)


def quick_mutation(cleaned, today):
    """A function that applies the quick-update form's values to a page object."""

    def mutate(page):
        page.temporarily_closed = bool(cleaned.get("temporarily_closed"))
        closing = [d for d in page.closing_days.all() if d.date != today]
        if cleaned.get("closed_today"):
            closing.append(ClosingDay(date=today))
        page.closing_days = [ClosingDay(date=d.date, note=d.note) for d in closing]
        temporary = [t for t in page.temporary_hours.all() if not (t.valid_from == today and t.valid_until == today)]
        if cleaned.get("today_opens") and cleaned.get("today_closes"):
            temporary.append(
                TemporaryHours(
                    valid_from=today, valid_until=today, opens=cleaned["today_opens"], closes=cleaned["today_closes"]
                )
            )
        page.temporary_hours = [
            TemporaryHours(
                valid_from=t.valid_from,
                valid_until=t.valid_until,
                weekday=t.weekday,
                opens=t.opens,
                closes=t.closes,
                note=t.note,
            )
            for t in temporary
        ]

    return mutate


def quick_initial(page, today):
    today_row = next(
        (t for t in page.temporary_hours.all() if t.valid_from == today and t.valid_until == today and t.opens), None
    )
    return {
        "closed_today": any(d.date == today for d in page.closing_days.all()),
        "today_opens": today_row.opens if today_row else None,
        "today_closes": today_row.closes if today_row else None,
        "temporarily_closed": page.temporarily_closed,
    }


@dataclass
class DayPlan:
    date: object
    intervals: list
    closed_reason: str = ""
    temporary: bool = False


def week_plan(page, start=None, days=7):
    """What the public sees for the next days: closing day, temporary hours or the regular week."""
    start = start or timezone.localdate()
    regular = list(page.regular_hours.all())
    temporary = list(page.temporary_hours.all())
    closing = {d.date for d in page.closing_days.all()}
    plan = []
    for offset in range(days):
        date = start + timezone.timedelta(days=offset)
        if page.temporarily_closed:
            plan.append(DayPlan(date, [], _("closed until further notice")))
            continue
        if date in closing:
            plan.append(DayPlan(date, [], _("closing day")))
            continue
        active = [t for t in temporary if t.valid_from <= date <= t.valid_until]
        if active:
            latest_start = max(t.valid_from for t in active)
            rows = [
                t
                for t in active
                if t.valid_from == latest_start and (t.weekday is None or t.weekday == date.weekday()) and t.opens
            ]
            plan.append(DayPlan(date, [(t.opens, t.closes) for t in rows], "" if rows else _("closed"), True))
            continue
        rows = sorted((h for h in regular if h.weekday == date.weekday()), key=lambda h: h.opens)
        plan.append(DayPlan(date, [(h.opens, h.closes) for h in rows], "" if rows else _("closed")))
    return plan


STATUS_LABELS = {
    "draft": _("Draft"),
    "review": _("In review"),
    "rejected": _("Changes requested"),
    "live": _("Live"),
    "live_review": _("Live – changes in review"),
    "live_rejected": _("Live – changes not accepted"),
}
STATUS_BADGES = {
    "draft": "info",
    "review": "warning",
    "rejected": "closed",
    "live": "open",
    "live_review": "warning",
    "live_rejected": "closed",
}


def business_status(page):
    """(code, label, badge modifier, editor's comment) for the owner dashboard."""
    state = open_workflow_state(page)
    comment = ""
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        code = "rejected"
        comment = state.current_task_state.comment if state.current_task_state else ""
    elif state is not None:
        code = "review"
    else:
        code = "draft"
    if page.live:
        code = {"draft": "live", "review": "live_review", "rejected": "live_rejected"}[code]
    return {"code": code, "label": STATUS_LABELS[code], "badge": STATUS_BADGES[code], "comment": comment}


def owner_users_of_page(page):
    """Users owning `page` or the business it belongs to (for campaign pages below a business)."""
    ancestor_ids = Page.objects.ancestor_of(page, inclusive=True).values("pk")
    return [o.user for o in BusinessOwner.objects.filter(business_id__in=ancestor_ids).select_related("user")]
