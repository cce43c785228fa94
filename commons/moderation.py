"""Putting a page change into Wagtail's moderation workflow (never publishing it): for plugins and the host alike.

`submit_for_moderation(page, user)` saves `page` (an in-memory object carrying the changes, e.g. from
`page.get_latest_revision_as_object()` or a new, not-live child page) as a new revision and (re)starts the workflow
Wagtail finds for it. Without an active workflow ImproperlyConfigured is raised, so that nothing is ever published
unmoderated by mistake.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from wagtail.models import WorkflowState


def cancel_open_workflow(page, user):
    """Cancel an in-progress or rejected workflow of `page` (so that a fresh one can start)."""
    for state in WorkflowState.objects.for_instance(page).filter(
        status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES]
    ):
        state.cancel(user=user)


@transaction.atomic
def submit_for_moderation(page, user):
    """Save `page` as a new revision and (re)start its moderation workflow; never publishes."""
    workflow = page.get_workflow()
    if workflow is None or not workflow.active:
        raise ImproperlyConfigured("No active moderation workflow covers this page (create one in the admin).")
    revision = page.save_revision(user=user, log_action=True)
    cancel_open_workflow(page, user)
    workflow.start(page, user)
    return revision


def open_workflow_state(page):
    """The page's moderation in progress (or sent back for changes), newest first; None without one."""
    return (
        WorkflowState.objects.for_instance(page)
        .filter(status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES])
        .select_related("current_task_state")
        .order_by("-created_at")
        .first()
    )
