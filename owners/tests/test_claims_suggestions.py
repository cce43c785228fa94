import pytest

from django.core import mail
from django.urls import reverse

from directory.factories import BusinessPageFactory
from directory.models import BusinessPage
from owners.decisions import create_draft_listing, decide_claim, discard_suggestion
from owners.models import Claim, Suggestion
from owners.testing import make_verified_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def unowned(directory, district, category):
    return BusinessPageFactory(
        title="Schuster Schulz", slug="schuster-schulz", district=district, categories=[category]
    )


def test_claim_flow_with_editor_approval(client, unowned, editor):
    claimant = make_verified_user("schulz@example.org")
    client.force_login(claimant)
    url = reverse("owners:claim", args=[unowned.pk])
    assert client.get(url).status_code == 200
    mail.outbox.clear()
    response = client.post(url, {"role": "Inhaber", "message": "<script>x</script>", "phone": ""})
    assert response.status_code == 200
    claim = Claim.objects.get()
    assert claim.status == "pending"
    recipients = [m.to for m in mail.outbox]
    assert ["schulz@example.org"] in recipients and ["redaktion@example.org"] in recipients
    editor_mail = next(m for m in mail.outbox if m.to == ["redaktion@example.org"])
    assert f"http://testserver/admin/owners/claims/edit/{claim.pk}/" in editor_mail.body
    # Duplicate submit: still one claim.
    client.post(url, {"role": "Inhaber"})
    assert Claim.objects.count() == 1

    # The editor approves in the admin.
    editor_client = client.__class__()
    editor_client.force_login(editor)
    index = editor_client.get("/admin/owners/claims/")
    assert index.status_code == 200 and "Schuster Schulz" in index.content.decode()
    detail = editor_client.get(f"/admin/owners/claims/edit/{claim.pk}/")
    assert detail.status_code == 200
    mail.outbox.clear()
    response = editor_client.post(
        f"/admin/owners/claims/edit/{claim.pk}/", {"status": "approved", "decision_note": "Willkommen!"}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "approved" and claim.decided_by == editor
    assert unowned.ownerships.filter(user=claimant).exists()
    assert unowned.permissions_for_user(claimant).can_edit()
    assert mail.outbox[-1].to == ["schulz@example.org"] and "Willkommen!" in mail.outbox[-1].body

    # Decided claims cannot be flipped.
    response = editor_client.post(f"/admin/owners/claims/edit/{claim.pk}/", {"status": "rejected"})
    claim.refresh_from_db()
    assert claim.status == "approved"
    # Now the business has an owner: new claims are refused.
    other = make_verified_user("trittbrett@example.org")
    client.force_login(other)
    assert client.get(url).status_code == 409


def test_claim_rejection_and_decide_once(unowned, editor):
    claimant = make_verified_user("schulz@example.org")
    claim = Claim.objects.create(business=unowned, user=claimant, role="Inhaber")
    mail.outbox.clear()
    assert decide_claim(claim, False, editor, "Nicht nachweisbar")
    assert not decide_claim(claim, True, editor)
    assert not unowned.ownerships.exists()
    assert "Nicht nachweisbar" in mail.outbox[-1].body


def test_claim_requires_verified_login(client, unowned):
    url = reverse("owners:claim", args=[unowned.pk])
    assert client.get(url).status_code == 302
    client.force_login(make_verified_user("x@example.org", verified=False))
    assert client.get(url).status_code == 403
    assert client.get(reverse("owners:claim", args=[999999])).status_code == 404


def test_claim_malformed(client, unowned):
    client.force_login(make_verified_user("schulz@example.org"))
    response = client.post(reverse("owners:claim", args=[unowned.pk]), {"role": "", "message": "x" * 5000})
    assert response.status_code == 200
    assert {"role", "message"} <= response.context["form"].errors.keys()
    assert not Claim.objects.exists()


def suggestion_data(**overrides):
    data = {
        "name": "Eisdiele Elena",
        "address": "Hansastraße 5, 44137 Dortmund",
        "district": "",
        "reason": "Bestes Eis der Stadt!",
        "contact_name": "",
        "contact_email": "",
        "website": "",
    }
    data.update(overrides)
    return data


def test_suggestion_public_form(client, district):
    url = reverse("owners:suggest")
    assert client.get(url).status_code == 200
    response = client.post(url, suggestion_data())
    assert response.status_code == 200 and "Vielen Dank" in response.content.decode()
    assert Suggestion.objects.get().name == "Eisdiele Elena"


def test_suggestion_honeypot(client):
    response = client.post(reverse("owners:suggest"), suggestion_data(website="http://spam.example"))
    assert response.status_code == 200
    assert not Suggestion.objects.exists()


def test_suggestion_malformed_and_hostile(client):
    url = reverse("owners:suggest")
    response = client.post(url, suggestion_data(name="", address="", reason="x" * 5000, contact_email="nope"))
    assert response.status_code == 200
    assert {"name", "address", "reason", "contact_email"} <= response.context["form"].errors.keys()
    response = client.post(url, suggestion_data(lat="12", lng="120"))
    assert response.status_code == 200 and response.context["form"].errors
    client.post(url, suggestion_data(name="<script>alert(1)</script>"))
    assert Suggestion.objects.get().name == "<script>alert(1)</script>"  # stored as text, escaped on output


def test_suggestion_rate_limit(client):
    url = reverse("owners:suggest")
    for i in range(5):
        assert client.post(url, suggestion_data(name=f"Laden {i}")).status_code == 200
    response = client.post(url, suggestion_data(name="Zu viel"))
    assert response.status_code == 429
    assert Suggestion.objects.count() == 5


def test_suggestion_admin_convert_and_discard(client, editor, directory, district):
    suggestion = Suggestion.objects.create(
        name="<b>Eisdiele</b>", address="Hansastraße 5, 44137 Dortmund", reason="Lecker"
    )
    other = Suggestion.objects.create(name="Spam", reason="Spam", address="x")
    client.force_login(editor)
    index = client.get("/admin/owners/suggestions/")
    assert index.status_code == 200
    html = index.content.decode()
    assert "&lt;b&gt;Eisdiele&lt;/b&gt;" in html and "<b>Eisdiele</b>" not in html
    assert client.get(f"/admin/owners/suggestions/convert/{suggestion.pk}/").status_code == 200
    response = client.post(f"/admin/owners/suggestions/convert/{suggestion.pk}/")
    assert response.status_code == 302
    page = BusinessPage.objects.get(title="<b>Eisdiele</b>")
    assert not page.live and page.postcode == "44137"
    suggestion.refresh_from_db()
    assert suggestion.status == "converted" and suggestion.business_id == page.pk
    # Converting twice creates nothing new.
    assert create_draft_listing(suggestion, editor).pk == page.pk
    assert BusinessPage.objects.filter(title="<b>Eisdiele</b>").count() == 1
    assert client.post(f"/admin/owners/suggestions/discard/{other.pk}/").status_code == 302
    other.refresh_from_db()
    assert other.status == "discarded"
    assert discard_suggestion(other) == 0


def test_owner_cannot_use_editor_views(client, owner_a, business_a):
    suggestion = Suggestion.objects.create(name="X", reason="Y", address="Z")
    client.force_login(owner_a)
    for url in (
        "/admin/owners/suggestions/",
        f"/admin/owners/suggestions/convert/{suggestion.pk}/",
        "/admin/owners/claims/",
    ):
        assert client.get(url).status_code == 302
    client.post(f"/admin/owners/suggestions/convert/{suggestion.pk}/")
    suggestion.refresh_from_db()
    assert suggestion.status == "new"


def test_suggestion_duplicate_counted_once(client):
    url = reverse("owners:suggest")
    client.post(url, suggestion_data())
    response = client.post(url, suggestion_data(name="eisdiele elena "))
    assert response.status_code == 200 and "Vielen Dank" in response.content.decode()
    assert Suggestion.objects.count() == 1
