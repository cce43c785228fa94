from django_tasks import task

from django.core.mail import EmailMultiAlternatives


@task()
def send_rendered_email(subject, body, html, from_email, to):
    """Send an email that was rendered during the request (allauth's mails), outside the request."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
