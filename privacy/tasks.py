"""Background work of the email-link flow: whether anything is stored for an address is decided here, never in the
request, so the answer page takes the same time for every address."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from commons.emails import queue_email
from commons.tasks import retrying_task

from . import email_access


@retrying_task(max_attempts=3)
def send_access_link(email, language="de"):
    """Email a link to the address's data, only if something is stored for it. Returns whether one was sent."""
    token = email_access.make_token(email)
    if token is None:
        return False
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        url = settings.BASE_URL.rstrip("/") + reverse("privacy:email_link", args=[token])
    queue_email(
        "privacy/email/data_link",
        [email],
        {"url": url, "minutes": email_access.MAX_AGE_SECONDS // 60},
        language,
    )
    return True
