"""Tell owners what happened to their submissions (Wagtail workflow signals); forget failed log-ins after a
password reset (allauth)."""

from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset

from django.dispatch import receiver

from wagtail.signals import workflow_approved, workflow_rejected, workflow_submitted

from .account_limits import FAILED_LOGINS_PER_ACCOUNT
from .notifications import notify_user, page_context
from .services import owner_users_of_page


def _page(workflow_state):
    obj = workflow_state.content_object
    return getattr(obj, "specific", obj)


@receiver(workflow_submitted, dispatch_uid="owners_workflow_submitted")
def on_submitted(sender, instance, user=None, **kwargs):
    page = _page(instance)
    for owner in owner_users_of_page(page):
        notify_user(owner, "submitted", page_context(page))


@receiver(workflow_approved, dispatch_uid="owners_workflow_approved")
def on_approved(sender, instance, user=None, **kwargs):
    page = _page(instance)
    context = {**page_context(page), "url": page.full_url or ""}
    for owner in owner_users_of_page(page):
        notify_user(owner, "approved", context)


@receiver(workflow_rejected, dispatch_uid="owners_workflow_rejected")
def on_rejected(sender, instance, user=None, **kwargs):
    page = _page(instance)
    task_state = instance.current_task_state
    context = {**page_context(page), "comment": task_state.comment if task_state else ""}
    for owner in owner_users_of_page(page):
        notify_user(owner, "rejected", context)


@receiver(password_reset, dispatch_uid="owners_password_reset_clears_failed_logins")
def on_password_reset(sender, request, user, **kwargs):
    """Whoever proved access to the mailbox may log in again at once: the failed log-ins of the account are
    forgotten (the per-address limit stays)."""
    for email in EmailAddress.objects.filter(user=user).values_list("email", flat=True):
        FAILED_LOGINS_PER_ACCOUNT.reset(request, key=email)
