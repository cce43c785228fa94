"""The whole story in one test: sign up → verify → register → editor approves → live → hours → others locked out."""

import re

import pytest
from allauth.account.models import EmailAddress

from django.core import mail
from django.urls import reverse

from wagtail.models import WorkflowState

from directory.models import BusinessPage
from owners.testing import TEST_PASSWORD as PASSWORD

from .conftest import profile_data


@pytest.mark.django_db
def test_full_owner_story(client, directory, district, category, editor, owner_b, business_b):
    # Sign up.
    response = client.post(
        reverse("account_signup"), {"email": "neu@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    user = EmailAddress.objects.get(email="neu@example.org").user
    assert not EmailAddress.objects.get(email="neu@example.org").verified

    # Unverified: no owner rights.
    client.force_login(user)
    assert client.get(reverse("owners:register")).status_code == 403

    # Verify with the link from the email.
    confirmation_mail = mail.outbox[-1]
    assert confirmation_mail.to == ["neu@example.org"]
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", confirmation_mail.body).group(0)
    path = link.split("testserver", 1)[1]
    assert client.post(path).status_code == 302
    assert EmailAddress.objects.get(email="neu@example.org").verified

    # Register a business.
    mail.outbox.clear()
    response = client.post(reverse("owners:register"), profile_data(district, category))
    assert response.status_code == 302, response.content.decode()[:3000]
    page = BusinessPage.objects.get(title="Kiosk Kurt")
    assert not page.live
    assert page.ownerships.filter(user=user).exists()
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert any("Kiosk Kurt" in m.subject for m in mail.outbox if m.to == ["neu@example.org"])

    dashboard = client.get(reverse("owners:dashboard")).content.decode()
    assert "Kiosk Kurt" in dashboard and "In Prüfung" in dashboard  # German is the default language

    # The editor approves in the Wagtail admin.
    mail.outbox.clear()
    editor_client = client.__class__()
    editor_client.force_login(editor)
    task_state = state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    response = editor_client.post(url, {"comment": ""})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert any(m.to == ["neu@example.org"] for m in mail.outbox)

    # Live in the directory (public URL serves it).
    assert client.get(page.url).status_code == 200

    # The owner marks "closed today" from the dashboard: visible immediately.
    response = client.post(reverse("owners:quick_update", args=[page.pk]), {"closed_today": "on"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.closing_days.count() == 1

    # The owner changes the regular hours: goes into review, live page unchanged until approved.
    initial_hours = list(page.regular_hours.values_list("opens", "closes"))
    data = profile_data(district, category, **{"regular-0-opens": "09:30", "regular-0-closes": "17:00"})
    assert client.post(reverse("owners:edit", args=[page.pk]), data).status_code == 302
    page.refresh_from_db()
    assert list(page.regular_hours.values_list("opens", "closes")) == initial_hours
    assert page.get_latest_revision_as_object().regular_hours.all()[0].opens.strftime("%H:%M") == "09:30"

    # Another owner cannot touch it.
    other = client.__class__()
    other.force_login(owner_b)
    for name in ("business", "edit", "preview", "leave"):
        assert other.get(reverse(f"owners:{name}", args=[page.pk])).status_code == 404
    assert other.post(reverse("owners:quick_update", args=[page.pk]), {"closed_today": ""}).status_code == 404
    assert other.post(reverse("owners:edit", args=[page.pk]), data).status_code == 404
    assert other.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 302
