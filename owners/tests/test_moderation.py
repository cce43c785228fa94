import pytest

from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from wagtail import hooks
from wagtail.models import Page, WorkflowPage, WorkflowState

from directory.models import BusinessPage
from owners.models import OwnerProfile
from owners.moderation import save_owner_edit, submit_for_moderation
from owners.services import business_status

from .conftest import profile_data

pytestmark = pytest.mark.django_db


def test_redaktion_group_and_workflow_from_migration():
    group = Group.objects.get(name="Redaktion")
    assert group.permissions.filter(codename="access_admin").exists()
    root = Page.objects.get(depth=1)
    codenames = set(group.page_permissions.filter(page=root).values_list("permission__codename", flat=True))
    assert {"add_page", "change_page", "publish_page"} <= codenames
    workflow = WorkflowPage.objects.get(page=root).workflow
    task = workflow.tasks.get().specific
    assert list(task.groups.all()) == [group]


def test_business_pages_get_the_workflow(business_a):
    assert business_a.get_workflow().name == "Redaktion: Freigabe"


def test_rejection_with_comment_reaches_owner(client, owner_a, editor, business_a, district, category):
    client.force_login(owner_a)
    client.post(reverse("owners:edit", args=[business_a.pk]), profile_data(district, category, title="Neuer Name"))
    state = WorkflowState.objects.for_instance(business_a).get(status="in_progress")
    mail.outbox.clear()
    editor_client = client.__class__()
    editor_client.force_login(editor)
    url = reverse("wagtailadmin_pages:workflow_action", args=[business_a.pk, "reject", state.current_task_state.pk])
    editor_client.post(url, {"comment": "Bitte ohne Großbuchstaben <b>hier</b>."})
    state.refresh_from_db()
    assert state.status == "needs_changes"
    assert mail.outbox[-1].to == ["anna@example.org"]
    assert "Bitte ohne Großbuchstaben <b>hier</b>." in mail.outbox[-1].body
    status = business_status(business_a)
    assert status["code"] == "live_rejected" and "Großbuchstaben" in status["comment"]
    html = client.get(reverse("owners:dashboard")).content.decode()
    assert "Großbuchstaben &lt;b&gt;hier&lt;/b&gt;" in html
    business_a.refresh_from_db()
    assert business_a.title == "Café Anna"
    # Resubmitting starts a fresh review.
    client.post(reverse("owners:edit", args=[business_a.pk]), profile_data(district, category, title="Neuer Name 2"))
    assert business_status(business_a)["code"] == "live_review"


def test_trusted_owner_edits_publish_at_once(client, owner_a, business_a, district, category):
    OwnerProfile.objects.create(user=owner_a, trusted=True)
    client.force_login(owner_a)
    client.post(reverse("owners:edit", args=[business_a.pk]), profile_data(district, category, title="Café Anna Neu"))
    business_a.refresh_from_db()
    assert business_a.title == "Café Anna Neu"
    assert not WorkflowState.objects.for_instance(business_a).filter(status="in_progress").exists()


def test_trusted_owner_new_registration_still_moderated(client, owner_a, directory, district, category):
    OwnerProfile.objects.create(user=owner_a, trusted=True)
    client.force_login(owner_a)
    assert client.post(reverse("owners:register"), profile_data(district, category)).status_code == 302
    page = BusinessPage.objects.get(title="Kiosk Kurt")
    assert not page.live
    assert business_status(page)["code"] == "review"


def test_submit_for_moderation_never_publishes_even_for_trusted(owner_a, business_a):
    OwnerProfile.objects.create(user=owner_a, trusted=True)
    draft = business_a.get_latest_revision_as_object()
    draft.title = "Kampagne"
    submit_for_moderation(draft, owner_a)
    business_a.refresh_from_db()
    assert business_a.title == "Café Anna"
    draft.title = "Profil"
    save_owner_edit(draft, owner_a)
    business_a.refresh_from_db()
    assert business_a.title == "Profil"


def test_quick_update_keeps_pending_changes_in_review(client, owner_a, business_a, district, category):
    client.force_login(owner_a)
    client.post(reverse("owners:edit", args=[business_a.pk]), profile_data(district, category, title="Noch geheim"))
    response = client.post(
        reverse("owners:quick_update", args=[business_a.pk]), {"today_opens": "10:00", "today_closes": "14:00"}
    )
    assert response.status_code == 302
    business_a.refresh_from_db()
    assert business_a.title == "Café Anna"  # pending title not published
    assert business_a.temporary_hours.filter(opens="10:00").exists()  # quick change is live
    draft = business_a.get_latest_revision_as_object()
    assert draft.title == "Noch geheim" and any(t.opens for t in draft.temporary_hours.all())
    assert business_status(business_a)["code"] == "live_review"


def test_quick_update_invalid_and_toggle_off(client, owner_a, business_a):
    client.force_login(owner_a)
    url = reverse("owners:quick_update", args=[business_a.pk])
    response = client.post(url, {"today_opens": "10:00"}, follow=True)
    assert "Bitte beide Uhrzeiten" in response.content.decode()
    client.post(url, {"closed_today": "on", "temporarily_closed": "on"})
    business_a.refresh_from_db()
    assert business_a.closing_days.count() == 1 and business_a.temporarily_closed
    client.post(url, {})
    business_a.refresh_from_db()
    assert business_a.closing_days.count() == 0 and not business_a.temporarily_closed
    assert client.get(url).status_code == 405


def test_registration_without_directory_page(client, owner_a, district, category):
    client.force_login(owner_a)
    response = client.get(reverse("owners:register"))
    assert response.status_code == 503
    assert "noch nicht eingerichtet" in response.content.decode()


def test_registration_duplicate_submit_creates_one_page(client, owner_a, directory, district, category):
    client.force_login(owner_a)
    first = client.post(reverse("owners:register"), profile_data(district, category))
    second = client.post(reverse("owners:register"), profile_data(district, category, title="kiosk KURT"))
    assert first["Location"] == second["Location"]
    assert BusinessPage.objects.filter(title__iexact="Kiosk Kurt").count() == 1


def test_same_name_by_two_owners_gets_unique_slugs(client, owner_a, owner_b, directory, district, category):
    for user in (owner_a, owner_b):
        client.force_login(user)
        assert client.post(reverse("owners:register"), profile_data(district, category)).status_code == 302
    slugs = sorted(BusinessPage.objects.filter(title="Kiosk Kurt").values_list("slug", flat=True))
    assert slugs == ["kiosk-kurt", "kiosk-kurt-2"]


def test_registration_without_point_uses_district_centre(client, owner_a, directory, district, category):
    client.force_login(owner_a)
    client.post(reverse("owners:register"), profile_data(district, category, lat="", lng=""))
    page = BusinessPage.objects.get(title="Kiosk Kurt")
    assert (page.lat, page.lng) == (pytest.approx(district.center_lat), pytest.approx(district.center_lng))


def test_registration_form_renders_with_map(client, owner_a, directory, district, category):
    client.force_login(owner_a)
    html = client.get(reverse("owners:register")).content.decode()
    assert 'id="owners-map-config"' in html and "vendor/leaflet/leaflet.js" in html
    assert "<script>" not in html.replace('<script id="owners-map-config" type="application/json">', "")
    assert "onclick" not in html and "style=" not in html


def test_dashboard_hooks(client, owner_a, business_a):
    def panel(request, business):
        return f"<section class='card'>Kampagnen für {business.pk}</section>"

    def menu(request):
        return [("Gutscheine", "/gutscheine/")]

    with (
        hooks.register_temporarily("owner_dashboard_business_panels", panel),
        hooks.register_temporarily("owner_dashboard_menu_items", menu),
    ):
        client.force_login(owner_a)
        html = client.get(reverse("owners:business", args=[business_a.pk])).content.decode()
    assert f"Kampagnen für {business_a.pk}" in html
    assert 'href="/gutscheine/"' in html


def test_editor_marks_owner_trusted_in_admin(client, editor, owner_a):
    profile = OwnerProfile.objects.create(user=owner_a)
    client.force_login(editor)
    assert client.get("/admin/owners/profiles/").status_code == 200
    response = client.post(f"/admin/owners/profiles/edit/{profile.pk}/", {"trusted": "on", "language": "de"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.trusted


def test_browser_style_post_with_empty_extra_rows(client, owner_a, business_a, district, category):
    """A browser sends every row of the formset; unused rows (empty weekday and times) are ignored."""
    data = profile_data(district, category)
    data.update({"regular-TOTAL_FORMS": "4", "temporary-TOTAL_FORMS": "1"})
    for i in (1, 2, 3):
        data.update({f"regular-{i}-weekday": "", f"regular-{i}-opens": "", f"regular-{i}-closes": ""})
    data.update({f"temporary-0-{f}": "" for f in ("valid_from", "valid_until", "weekday", "opens", "closes", "note")})
    client.force_login(owner_a)
    response = client.post(reverse("owners:edit", args=[business_a.pk]), data)
    assert response.status_code == 302
    draft = BusinessPage.objects.get(pk=business_a.pk).get_latest_revision_as_object()
    assert len(draft.regular_hours.all()) == 1 and len(draft.temporary_hours.all()) == 0
    # A half-filled row is an error, not silently dropped.
    data["regular-1-opens"] = "09:00"
    response = client.post(reverse("owners:edit", args=[business_a.pk]), data)
    assert response.status_code == 200 and not response.context["regular"].is_valid()
