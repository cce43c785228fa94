"""One way to send email: render a template pair in the recipient's language and send it in a background task.

Templates: `<prefix>_subject.txt` (one line) and `<prefix>.txt` (plain body); `<prefix>.html` is optional.
The context must be JSON-serialisable (it crosses the task queue), so pass strings and numbers, not models.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from cms.retry import retrying_task


@retrying_task(max_attempts=5)
def send_templated_email(template_prefix, to, context, language="de"):
    context = {
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "CITY_NAME": settings.CITY_NAME,
        "BASE_URL": settings.BASE_URL,
        **context,
    }
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        body = render_to_string(f"{template_prefix}.txt", context)
        try:
            html = render_to_string(f"{template_prefix}.html", context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def queue_email(template_prefix, to, context, language=None):
    """Send after the current transaction commits, so a rolled-back change never sends mail."""
    if isinstance(to, str):
        to = [to]
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(lambda: send_templated_email.enqueue(template_prefix, list(to), dict(context), language[:2]))
