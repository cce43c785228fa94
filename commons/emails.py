"""One way to send email: render a template pair in the recipient's language and send it in a background task.

Templates: `<prefix>_subject.txt` (one line) and `<prefix>.txt` (plain body); `<prefix>.html` is optional (it extends
`emails/base.html`; without it the plain body is shown in that branded layout, so every email has both parts).
Besides the given context they get PLATFORM_NAME, CITY_NAME, BASE_URL and MY_DATA_URL ("My data", for a footer).
The context must be JSON-serialisable (it crosses the task queue), so pass strings and numbers, not models.

Attachments cross the queue as specs, never as bytes: `attachments=[("app.module.builder", {"voucher_id": 7})]`.
The task imports each builder (a function marked with `@attachment_builder`) and calls it with the keyword
arguments, in the recipient's language; it returns a list of `(filename, content, mimetype)`, or
`(filename, content, mimetype, content_id)` for an image shown inline in the HTML part (`src="cid:<content_id>"`).
Every attachment is built before the message is sent, so a builder that fails makes the task retry without having
sent anything.
"""

from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.module_loading import import_string

from wagtail import hooks

from commons.tasks import retrying_task


def attachment_builder(func):
    """Mark a function as allowed to build email attachments (the task imports nothing else by name)."""
    func.email_attachment_builder = True
    return func


def build_attachments(specs):
    files = []
    for path, kwargs in specs or ():
        builder = import_string(path)
        if not getattr(builder, "email_attachment_builder", False):
            raise ValueError(f"{path} is not an email attachment builder")
        files.extend(builder(**kwargs))
    return files


def _my_data_url():
    """Where recipients see or delete their data (URL name `EMAIL_MY_DATA_URL_NAME`, default the host's
    "privacy:overview"), in the active language; "" when the site has no such page."""
    name = getattr(settings, "EMAIL_MY_DATA_URL_NAME", "privacy:overview")
    if not name:
        return ""
    try:
        return _base_url() + reverse(name)
    except NoReverseMatch:
        return ""


def _base_url():
    return getattr(settings, "BASE_URL", "").rstrip("/")


@retrying_task(max_attempts=5)
def send_templated_email(template_prefix, to, context, language="de", attachments=None, headers=None):
    context = {
        "PLATFORM_NAME": getattr(settings, "PLATFORM_NAME", ""),
        "CITY_NAME": getattr(settings, "CITY_NAME", ""),
        "BASE_URL": getattr(settings, "BASE_URL", ""),
        **context,
    }
    with translation.override(language):
        context.setdefault("MY_DATA_URL", _my_data_url())
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        body = render_to_string(f"{template_prefix}.txt", context)
        try:
            html = render_to_string(f"{template_prefix}.html", context)
        except TemplateDoesNotExist:  # every email has an HTML part: the text in the branded layout
            html = render_to_string("emails/base.html", {**context, "subject": subject, "text_body": body})
        files = build_attachments(attachments)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to, headers=headers or None)
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype, *inline in files:
        if inline:  # (…, content_id): an image the HTML shows with src="cid:<content_id>"
            image = MIMEImage(content, _subtype=mimetype.split("/")[-1])
            image.add_header("Content-ID", f"<{inline[0]}>")
            image.add_header("Content-Disposition", "inline", filename=filename)
            message.attach(image)
        else:
            message.attach(filename, content, mimetype)
    message.send()


def absolute_url(path):
    """`path` on the site's public address (setting BASE_URL)."""
    return _base_url() + path


def language_of(user):
    """The language to write to `user` in: the first answer of the Wagtail hook `user_language` (`fn(user) -> code
    or None`; the host knows where people chose theirs), else LANGUAGE_CODE."""
    for fn in hooks.get_hooks("user_language"):
        language = fn(user)
        if language:
            return language
    return settings.LANGUAGE_CODE


def queue_email(template_prefix, to, context, language=None, attachments=None, headers=None):
    """Send after the current transaction commits, so a rolled-back change never sends mail. `headers`: extra mail
    headers as strings (e.g. List-Unsubscribe)."""
    if isinstance(to, str):
        to = [to]
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    extra = {"attachments": [[path, dict(kwargs)] for path, kwargs in attachments]} if attachments else {}
    if headers:
        extra["headers"] = {str(k): str(v) for k, v in headers.items()}
    transaction.on_commit(
        lambda: send_templated_email.enqueue(template_prefix, list(to), dict(context), language[:2], **extra)
    )
