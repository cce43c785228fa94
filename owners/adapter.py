"""django-allauth adapter: owners land in their dashboard, never in the Wagtail admin; mails go out in the
background; the user's language is remembered for later notifications; the client address and the rate limits are
the platform's own (commons.client_address, owners/account_limits.py)."""

from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from commons.client_address import client_address

from . import account_limits as limits
from .models import OwnerProfile
from .tasks import send_rendered_email


def can_use_admin(user):
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


class AccountAdapter(DefaultAccountAdapter):
    def is_safe_url(self, url):
        if not super().is_safe_url(url):
            return False
        request = getattr(allauth_context, "request", None)
        path = urlsplit(url or "").path
        if request is not None and path.startswith("/admin") and not can_use_admin(request.user):
            # Wagtail sends users without admin rights to the log-in page with ?next=/admin/…; following it would
            # loop. They go to their dashboard instead.
            return False
        return True

    def get_login_redirect_url(self, request):
        if can_use_admin(request.user):
            return reverse("wagtailadmin_home")
        return reverse("owners:dashboard")

    def get_signup_redirect_url(self, request):
        return reverse("owners:dashboard")

    def get_client_ip(self, request):
        return client_address(request)

    def authenticate(self, request, **credentials):
        """Failed log-ins are limited per client address and per account. Every attempt is counted before the
        password is checked (so parallel guesses cannot slip through); a right password takes it back."""
        account = str(credentials.get("email") or credentials.get("username") or "").lower()
        allowed = [
            limits.FAILED_LOGINS_PER_ADDRESS.hit(request),
            limits.FAILED_LOGINS_PER_ACCOUNT.hit(request, key=account),
        ]
        if not all(allowed):
            raise self.validation_error("too_many_login_attempts")
        user = super().authenticate(request, **credentials)
        if user is not None:
            limits.FAILED_LOGINS_PER_ADDRESS.undo(request)
            limits.FAILED_LOGINS_PER_ACCOUNT.undo(request, key=account)
        return user

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            OwnerProfile.objects.update_or_create(
                user=user, defaults={"language": (translation.get_language() or settings.LANGUAGE_CODE)[:2]}
            )
        return user

    def send_mail(self, template_prefix, email, context):
        request = getattr(allauth_context, "request", None)
        if template_prefix in limits.UNSOLICITED_MAILS and request is not None:
            if not limits.ACCOUNT_MAILS_PER_RECIPIENT.hit(request, key=email):
                return  # silently: the page says the same either way, so it reveals nothing about the address
        context = {
            "PLATFORM_NAME": settings.PLATFORM_NAME,
            "CITY_NAME": settings.CITY_NAME,
            "BASE_URL": settings.BASE_URL,
            **context,
        }
        context.setdefault("request", request)
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), None
        )
        subject, body, to, from_email = message.subject, message.body, list(message.to), message.from_email
        transaction.on_commit(lambda: send_rendered_email.enqueue(subject, body, html, from_email, to))


def user_display(user):
    """How allauth names a person in messages and pages: their name, else their email address.

    Never the generated user name (e.g. "owner1796521877"): settings.ACCOUNT_USER_DISPLAY points here.
    """
    name = (user.get_full_name() or "").strip() if hasattr(user, "get_full_name") else ""
    return name or getattr(user, "email", "") or str(user._meta.verbose_name)
