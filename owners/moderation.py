"""Moderation of owner changes. Other apps call these two functions; they never publish by themselves.

- `submit_for_moderation(page, user)`: save `page` (an in-memory object carrying the owner's changes, e.g. from
  `page.get_latest_revision_as_object()` or a new, not-live child page) as a new revision and put it into the
  editorial workflow. The live page stays unchanged until an editor approves. Use it for new campaigns.
- `save_owner_edit(page, user)`: the same, except that a *trusted* owner's edit of a page that has been approved
  before is published at once. Use it for profile edits.

Both return the saved `Revision`. The workflow is the one Wagtail finds for the page (the "Redaktion" workflow
on the root page, created by the owners data migration); without any workflow, ImproperlyConfigured is raised so
that nothing is ever published unmoderated by mistake.
"""

from django.db import transaction

from wagtail.models import Page

from commons.moderation import cancel_open_workflow, submit_for_moderation  # noqa: F401  (owners' callers)

from .models import OwnerProfile


def is_trusted(user):
    return OwnerProfile.objects.filter(user=user, trusted=True).exists()


@transaction.atomic
def save_owner_edit(page, user):
    """Publish a trusted owner's edit of an already approved page at once; moderate everything else."""
    # Ask the database: an in-memory copy (e.g. from a revision) may not know that the page was published.
    approved_before = Page.objects.filter(pk=page.pk, first_published_at__isnull=False).exists()
    if approved_before and is_trusted(user):
        revision = page.save_revision(user=user, log_action=True)
        # Publishing also cancels an open workflow (WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH).
        revision.publish(user=user, skip_permission_checks=True)
        return revision
    return submit_for_moderation(page, user)
