"""Emails to owners and editors, in the recipient's language, through commons.emails.queue_email."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from commons.emails import absolute_url, language_of, queue_email

from .models import OwnerProfile

EDITOR_GROUP = "Redaktion"


def profile_language(user):
    """The language the owner last used (OwnerProfile), for the hook `user_language` (owners/wagtail_hooks.py)."""
    profile = OwnerProfile.objects.filter(user=user).first()
    return profile.language if profile else None


absolute = absolute_url


def localized_url(name, language, **kwargs):
    with translation.override(language):
        return absolute(reverse(name, kwargs=kwargs or None))


def notify_user(user, prefix, context):
    if not user.email:
        return
    language = language_of(user)
    context = {"dashboard_url": localized_url("owners:dashboard", language), **context}
    queue_email(f"owners/emails/{prefix}", [user.email], context, language)


def notify_editors(prefix, context):
    emails = sorted(
        {
            email
            for email in Group.objects.filter(name=EDITOR_GROUP)
            .values_list("user__email", flat=True)
            .exclude(user__email__isnull=True)
            if email
        }
    )
    if emails:
        queue_email(f"owners/emails/{prefix}", emails, context, settings.LANGUAGE_CODE)


def page_context(page):
    return {
        "title": page.title,
        "page_id": page.pk,
        "admin_url": absolute(reverse("wagtailadmin_pages:edit", args=[page.pk])),
    }
