"""Emails to the initiator when the editors act on the campaign (Wagtail's workflow signals)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.signals import workflow_approved, workflow_rejected, workflow_submitted

from commons.emails import absolute_url, language_of, queue_email

from ..models import (
    CollectiveCampaignPage,
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
    queue_email(
        f"collective/email/{prefix}",
        [page.initiator.email],
        {"title": page.title, "mine_url": absolute_url(reverse("collective:mine")), **extra},
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
    workflow_submitted.connect(on_submitted, dispatch_uid="collective_start_submitted")
    workflow_approved.connect(on_approved, dispatch_uid="collective_start_approved")
    workflow_rejected.connect(on_rejected, dispatch_uid="collective_start_rejected")
