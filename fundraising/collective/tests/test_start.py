"""Citizens and clubs start a collective campaign on the site: moderated drafts, own edits, no admin access."""

import datetime
import io
import os

import pytest
from PIL import Image as PILImage

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import WorkflowState

from directory.factories import BusinessPageFactory
from directory.testing import login_url, make_editor, make_verified_user
from fundraising.collective import start as start_module
from fundraising.collective.factories import CollectiveCampaignPageFactory, collective_index
from fundraising.collective.models import CollectiveCampaignPage, ListedBusiness
from fundraising.collective.start import form as start_form

START_URL = "/sammelaktionen/starten/"
MINE_URL = "/sammelaktionen/meine/"


def png_upload(name="bild.png", size=(40, 30), fmt="PNG", content_type="image/png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def days(n):
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


@pytest.fixture
def index(db):
    return collective_index()


@pytest.fixture
def citizen(db):
    return make_verified_user("fan@example.org")


@pytest.fixture
def editor(db):
    return make_editor("redaktion@example.org")


def valid(city, **overrides):
    data = {
        "title": "Die Nordstadt hält zusammen",
        "story": "Unsere Wirte brauchen uns.\n\nAlle zusammen für die Gastronomie im Norden!",
        "goal_euros": "5.000",
        "start_date": days(10),
        "end_date": days(40),
        "club_name": "Fanclub Nord e. V.",
        "distribution": "equal",
        "rule_categories": [str(city["gastro"].pk)],
        "rule_districts": [str(city["north"].pk)],
        "businesses": [str(city["gastro_south"].pk)],
        "q": "",
        "token": "a" * 32,
        "action": "send",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _codes(response, field="__all__"):
    return [error.code for error in response.context["form"].errors.as_data().get(field, [])]


@pytest.fixture
def logged_in(client, citizen):
    client.force_login(citizen)
    return client


def test_happy_path_creates_a_moderated_draft(
    logged_in, citizen, city, index, editor, django_capture_on_commit_callbacks
):
    response = logged_in.get(START_URL)
    assert response.status_code == 200
    assert 'name="token"' in response.text and 'type="date"' in response.text
    data = valid(city, image=png_upload(), club_logo=png_upload("logo.webp", fmt="WEBP", content_type="image/webp"))
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(START_URL, data)
    assert response.status_code == 302 and response["Location"] == MINE_URL
    page = CollectiveCampaignPage.objects.get()
    assert page.get_parent().pk == index.pk
    assert not page.live and page.first_published_at is None
    assert page.owner == citizen and page.initiator == citizen
    draft = page.get_latest_revision_as_object()
    assert draft.title == "Die Nordstadt hält zusammen"
    assert draft.story == ("<p>Unsere Wirte brauchen uns.</p><p>Alle zusammen für die Gastronomie im Norden!</p>")
    assert draft.goal_cents == 500_000
    assert draft.start_date.isoformat() == days(10) and draft.end_date.isoformat() == days(40)
    assert draft.club_name == "Fanclub Nord e. V." and draft.distribution == "equal"
    assert [c.pk for c in page.rule_categories.all()] == [city["gastro"].pk]
    assert [d.pk for d in page.rule_districts.all()] == [city["north"].pk]
    assert [(r.business_id, r.weight) for r in page.listed_businesses.all()] == [(city["gastro_south"].pk, 1)]
    assert page.image.collection.name == start_module.UPLOAD_COLLECTION
    assert page.club_logo.uploaded_by_user == citizen
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == citizen
    # The initiator is told, in an email that leads to their list (not to an owner dashboard).
    initiator_mail = [m for m in mail.outbox if m.to == ["fan@example.org"]]
    assert len(initiator_mail) == 1 and MINE_URL in initiator_mail[0].body
    assert "mein-unternehmen" not in initiator_mail[0].body
    mine = logged_in.get(MINE_URL)
    assert "Die Nordstadt hält zusammen" in mine.text
    assert reverse("collective:edit", args=[page.pk]) in mine.text
    # The editors see it in their moderation queue.
    editor_client = Client()
    editor_client.force_login(editor)
    dashboard = editor_client.get("/admin/")
    assert dashboard.status_code == 200 and "Die Nordstadt hält zusammen" in dashboard.text


def test_anonymous_is_sent_to_log_in(client, index):
    for url in (START_URL, MINE_URL):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(login_url())
    response = client.post(START_URL, {"title": "x"})
    assert response.status_code == 302 and not CollectiveCampaignPage.objects.exists()


def test_unverified_user_is_refused_with_a_message(client, city, index):
    client.force_login(make_verified_user("neu@example.org", verified=False))
    response = client.get(START_URL)
    assert response.status_code == 403
    assert response.context["problem"] and str(response.context["problem"]) in response.text
    assert 'name="title"' not in response.text
    response = client.post(START_URL, valid(city))
    assert response.status_code == 403
    assert not CollectiveCampaignPage.objects.exists()


def test_hostile_text_is_escaped(logged_in, city, index):
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    response = logged_in.post(
        START_URL,
        valid(city, title=f"Titel {evil}", story=f"Story {evil}\n\n<a href='javascript:x'>x</a>", club_name=evil[:100]),
    )
    assert response.status_code == 302
    draft = CollectiveCampaignPage.objects.get().get_latest_revision_as_object()
    assert "<script>" not in draft.story and "&lt;script&gt;" in draft.story
    assert "<a " not in draft.story and "<img" not in draft.story
    html = logged_in.get(MINE_URL).text
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    edit_html = logged_in.get(reverse("collective:edit", args=[draft.pk])).text
    assert "<script>alert(1)" not in edit_html and "<img src=x" not in edit_html


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"goal_euros": "-500"}, "goal_euros"),
        ({"goal_euros": "0"}, "goal_euros"),
        ({"goal_euros": "99"}, "goal_euros"),
        ({"goal_euros": "1e9"}, "goal_euros"),
        ({"goal_euros": "99999999999999999999"}, "goal_euros"),
        ({"goal_euros": "1000001"}, "goal_euros"),
        ({"goal_euros": "abc"}, "goal_euros"),
        ({"title": "x" * 500}, "title"),
        ({"title": ""}, "title"),
        ({"story": "   "}, "story"),
        ({"story": "y" * 6000}, "story"),
        ({"club_name": "z" * 500}, "club_name"),
        ({"start_date": days(-1)}, "start_date"),
        ({"start_date": days(0)}, "start_date"),
        ({"start_date": days(start_module.START_LEAD_DAYS - 1)}, "start_date"),
        ({"start_date": days(400), "end_date": days(420)}, "start_date"),
        ({"start_date": "not-a-date"}, "start_date"),
        ({"end_date": days(9)}, "end_date"),
        ({"end_date": days(10)}, "end_date"),
        ({"end_date": days(10 + 366)}, "end_date"),
        ({"distribution": "everything-to-me"}, "distribution"),
        ({"rule_categories": ["999999"]}, "rule_categories"),
        ({"rule_categories": ["abc"]}, "rule_categories"),
        ({"rule_districts": ["999999"]}, "rule_districts"),
        ({"businesses": ["99999999999999999999999"]}, "businesses"),
        ({"businesses": ["-1"]}, "businesses"),
    ],
)
def test_malformed_input_is_refused(logged_in, city, index, overrides, field):
    response = logged_in.post(START_URL, valid(city, **overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.text  # the error is shown and linked to the field
    assert not CollectiveCampaignPage.objects.exists()


def test_unpublished_business_cannot_be_chosen(logged_in, city, index):
    response = logged_in.post(START_URL, valid(city, businesses=[str(city["draft_gastro_north"].pk)]))
    assert response.status_code == 400 and "businesses" in response.context["form"].errors


def test_beneficiaries_are_required_and_bounded(logged_in, city, index, monkeypatch):
    response = logged_in.post(START_URL, valid(city, rule_categories=[], rule_districts=[], businesses=[]))
    assert response.status_code == 400 and _codes(response) == ["no_businesses"]
    # One business is not a collective campaign.
    one = valid(city, rule_categories=[], rule_districts=[], businesses=[str(city["books_north"].pk)])
    response = logged_in.post(START_URL, one)
    assert response.status_code == 400 and _codes(response) == ["too_few"]
    monkeypatch.setattr(start_form, "MAX_BENEFICIARIES", 2)
    response = logged_in.post(START_URL, valid(city))  # 3 businesses (2 by the rule, 1 listed)
    assert response.status_code == 400 and _codes(response) == ["too_many"]
    assert not CollectiveCampaignPage.objects.exists()


def test_search_keeps_the_input_and_creates_nothing(logged_in, city, index):
    data = valid(city, q="Buchladen", action="search", businesses=[str(city["gastro_south"].pk)])
    response = logged_in.post(START_URL, data)
    assert response.status_code == 200
    assert "Buchladen Nord" in response.text  # found
    assert "Grill Süd" in response.text  # still chosen
    assert "Entwurf" not in response.text  # unpublished businesses are never offered
    assert 'value="Die Nordstadt hält zusammen"' in response.text
    assert "aria-invalid" not in response.text  # searching is not sending: no errors yet
    assert "3 Unternehmen" in response.text or "3 businesses" in response.text  # the preview count
    assert not CollectiveCampaignPage.objects.exists()
    # Without JavaScript, the list can also be filtered through the address.
    assert "Buchladen Nord" in logged_in.get(START_URL + "?q=buch").text


def test_double_submit_creates_one_page(logged_in, city, index):
    first = logged_in.post(START_URL, valid(city))
    second = logged_in.post(START_URL, valid(city))
    assert first.status_code == second.status_code == 302
    assert CollectiveCampaignPage.objects.count() == 1
    # The same campaign again from a second tab (another token) within minutes: still one.
    third = logged_in.post(START_URL, valid(city, token="b" * 32))
    assert third.status_code == 302 and CollectiveCampaignPage.objects.count() == 1
    # A different campaign is fine.
    fourth = logged_in.post(START_URL, valid(city, token="c" * 32, title="Der Süden hält zusammen"))
    assert fourth.status_code == 302 and CollectiveCampaignPage.objects.count() == 2


def test_pending_drafts_are_limited(logged_in, city, index):
    for n in range(start_module.MAX_PENDING_PER_USER):
        assert logged_in.post(START_URL, valid(city, title=f"Aktion {n}", token=f"t{n}")).status_code == 302
    response = logged_in.post(START_URL, valid(city, title="Eine zu viel", token="tx"))
    assert response.status_code == 429
    assert CollectiveCampaignPage.objects.count() == start_module.MAX_PENDING_PER_USER


def test_csrf_is_required(citizen, city, index):
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    response = client.post(START_URL, valid(city))
    assert response.status_code == 403 and not CollectiveCampaignPage.objects.exists()


def test_wrong_method(logged_in, index):
    assert logged_in.put(START_URL).status_code == 405
    assert logged_in.post(MINE_URL).status_code == 405


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("bild.png", b"#!/bin/sh\nrm -rf /\n", content_type="image/png"),
        SimpleUploadedFile("bild.svg", b"<svg onload=alert(1)></svg>", content_type="image/svg+xml"),
    ],
    ids=["script-named-png", "svg"],
)
def test_non_images_are_refused(logged_in, city, index, upload):
    response = logged_in.post(START_URL, valid(city, image=upload))
    assert response.status_code == 400 and "image" in response.context["form"].errors
    assert not CollectiveCampaignPage.objects.exists()


def test_gif_and_mismatched_extension_are_refused(logged_in, city, index):
    gif = png_upload("bild.gif", fmt="GIF", content_type="image/gif")
    response = logged_in.post(START_URL, valid(city, club_logo=gif))
    assert response.status_code == 400 and "club_logo" in response.context["form"].errors
    jpeg_named_png = png_upload("bild.png", fmt="JPEG")
    response = logged_in.post(START_URL, valid(city, image=jpeg_named_png))
    assert response.status_code == 400 and "image" in response.context["form"].errors


def test_too_large_image_is_refused(logged_in, city, index, monkeypatch):
    monkeypatch.setattr(start_form, "MAX_IMAGE_BYTES", 1000)
    form = start_module.CollectiveStartForm  # fields are built at import: shrink this instance's limit
    buffer = io.BytesIO()
    PILImage.frombytes("RGB", (60, 60), os.urandom(60 * 60 * 3)).save(buffer, format="PNG")
    big = SimpleUploadedFile("gross.png", buffer.getvalue(), content_type="image/png")
    assert big.size > 1000
    original = form.base_fields["image"].max_upload_size
    form.base_fields["image"].max_upload_size = 1000
    try:
        response = logged_in.post(START_URL, valid(city, image=big))
    finally:
        form.base_fields["image"].max_upload_size = original
    assert response.status_code == 400 and _codes(response, "image") == ["file_too_large"]


def test_logo_needs_a_club_name(logged_in, city, index):
    response = logged_in.post(START_URL, valid(city, club_name="", club_logo=png_upload()))
    assert response.status_code == 400 and "club_name" in response.context["form"].errors


def test_initiator_has_no_admin_access(logged_in, citizen, city, index):
    logged_in.post(START_URL, valid(city))
    page = CollectiveCampaignPage.objects.get()
    assert not citizen.has_perm("wagtailadmin.access_admin")
    assert not page.permissions_for_user(citizen).can_edit()
    for url in ("/admin/", f"/admin/pages/{page.pk}/edit/", f"/admin/pages/{index.pk}/", "/admin/images/"):
        response = logged_in.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"].startswith(login_url()), url


def test_other_users_pages_are_not_found(client, city, index):
    other = make_verified_user("andere@example.org")
    foreign = CollectiveCampaignPageFactory(live=False, initiator=other, owner=other)
    no_initiator = CollectiveCampaignPageFactory(live=False)
    client.force_login(make_verified_user("fan@example.org"))
    for pk in (foreign.pk, no_initiator.pk, 999999, 2**63):
        assert client.get(reverse("collective:edit", args=[pk])).status_code == 404
        assert client.post(reverse("collective:edit", args=[pk]), valid(city)).status_code == 404
    mine = client.get(MINE_URL)
    assert foreign.title not in mine.text and no_initiator.title not in mine.text
    foreign.refresh_from_db()
    assert foreign.get_latest_revision() is None  # untouched


def _approve_or_reject(editor, page, action, comment=""):
    state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    editor_client = Client()
    editor_client.force_login(editor)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.current_task_state.pk])
    response = editor_client.post(url, {"comment": comment})
    assert response.status_code in (200, 302)
    state.refresh_from_db()
    return state


def test_editors_approval_publishes_and_ends_initiator_edits(
    logged_in, citizen, city, index, editor, django_capture_on_commit_callbacks
):
    logged_in.post(START_URL, valid(city))
    page = CollectiveCampaignPage.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        state = _approve_or_reject(editor, page, "approve")
    assert state.status == WorkflowState.STATUS_APPROVED
    page.refresh_from_db()
    assert page.live and page.title == "Die Nordstadt hält zusammen"
    assert page.frozen_at is None  # the start lies ahead: businesses can still opt out
    approved = [m for m in mail.outbox if m.to == ["fan@example.org"]]
    assert "/admin/" not in approved[0].body  # not Wagtail's own email, which links into the admin
    assert len(approved) == 1 and page.full_url in approved[0].body
    public = Client().get(page.url)
    assert public.status_code == 200 and "Fanclub Nord" in public.text
    edit_url = reverse("collective:edit", args=[page.pk])
    response = logged_in.get(edit_url)
    assert response.status_code == 409 and 'name="title"' not in response.text
    response = logged_in.post(edit_url, valid(city, title="Heimlich geändert"))
    assert response.status_code == 409
    page.refresh_from_db()
    assert (
        page.title == "Die Nordstadt hält zusammen"
        and page.get_latest_revision().content["title"] != "Heimlich geändert"
    )
    assert "badge--open" in logged_in.get(MINE_URL).text  # shown as live


def test_rejected_campaign_shows_the_comment_and_can_be_resubmitted(
    logged_in, citizen, city, index, editor, django_capture_on_commit_callbacks
):
    logged_in.post(START_URL, valid(city))
    page = CollectiveCampaignPage.objects.get()
    # The editors set a weight for the listed business; the initiator's edit keeps it.
    draft = page.get_latest_revision_as_object()
    draft.listed_businesses = [ListedBusiness(business=city["gastro_south"], weight=7)]
    draft.save_revision(user=editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        state = _approve_or_reject(editor, page, "reject", "Bitte <b>ohne</b> Vereinslogo.")
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert any(m.to == ["fan@example.org"] and "Bitte <b>ohne</b> Vereinslogo." in m.body for m in mail.outbox)
    html = logged_in.get(MINE_URL).text
    assert "Bitte &lt;b&gt;ohne&lt;/b&gt; Vereinslogo." in html
    edit_url = reverse("collective:edit", args=[page.pk])
    form_html = logged_in.get(edit_url).text
    assert "Die Nordstadt hält zusammen" in form_html and "Unsere Wirte brauchen uns." in form_html
    response = logged_in.post(edit_url, valid(city, title="Die Nordstadt hält weiter zusammen", goal_euros="6000"))
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    draft = page.get_latest_revision_as_object()
    assert draft.title == "Die Nordstadt hält weiter zusammen" and draft.goal_cents == 600_000
    assert [(r.business_id, r.weight) for r in draft.listed_businesses.all()] == [(city["gastro_south"].pk, 7)]
    assert draft.initiator == citizen and draft.owner == citizen
    assert WorkflowState.objects.for_instance(page).filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 1
    assert CollectiveCampaignPage.objects.count() == 1


def test_edit_keeps_a_stored_start_date_that_is_now_close(logged_in, citizen, city, index):
    logged_in.post(START_URL, valid(city))
    page = CollectiveCampaignPage.objects.get()
    CollectiveCampaignPage.objects.filter(pk=page.pk).update(
        start_date=timezone.localdate() + datetime.timedelta(days=2)
    )
    draft = page.get_latest_revision_as_object()
    draft.start_date = timezone.localdate() + datetime.timedelta(days=2)
    draft.save_revision(user=citizen)
    edit_url = reverse("collective:edit", args=[page.pk])
    assert logged_in.post(edit_url, valid(city, start_date=days(2))).status_code == 302
    # Moving it to another close day is not allowed.
    assert logged_in.post(edit_url, valid(city, start_date=days(3))).status_code == 400


def test_index_links_to_the_start_form(client, index):
    html = client.get(index.url).text
    assert START_URL in html and MINE_URL in html


def test_slugs_never_shadow_the_apps_own_paths(logged_in, city, index):
    logged_in.post(START_URL, valid(city, title="Starten"))
    page = CollectiveCampaignPage.objects.get()
    assert page.slug != "starten" and page.url != START_URL


def test_owner_dashboard_links_to_own_campaigns(logged_in, citizen, city, index):
    from django.test import RequestFactory

    from wagtail import hooks

    request = RequestFactory().get("/")
    request.user = citizen
    items = [item for fn in hooks.get_hooks("owner_dashboard_menu_items") for item in fn(request)]
    assert MINE_URL not in [url for _label, url in items]
    logged_in.post(START_URL, valid(city))
    items = [item for fn in hooks.get_hooks("owner_dashboard_menu_items") for item in fn(request)]
    assert MINE_URL in [url for _label, url in items]


def test_many_businesses_offered_only_by_search(logged_in, city, index):
    for n in range(40):
        BusinessPageFactory(title=f"Kiosk {n:02d}", district=city["south"], categories=[city["books"]])
    html = logged_in.get(START_URL).text
    assert "Kiosk 00" not in html  # the list shows only what was searched or chosen
    html = logged_in.get(START_URL + "?q=Kiosk").text
    assert html.count("Kiosk ") == start_module.SEARCH_RESULTS


def test_the_same_form_is_accepted_once(logged_in, city, index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert logged_in.post(START_URL, valid(city)).status_code == 302
    # The same form (token) again, even with another title (e.g. back button, edit, send): still one campaign.
    response = logged_in.post(START_URL, valid(city, title="Noch einmal, anders"))
    assert response.status_code == 302 and response["Location"] == MINE_URL
    assert list(CollectiveCampaignPage.objects.values_list("title", flat=True)) == ["Die Nordstadt hält zusammen"]


@pytest.mark.parametrize(
    "text,cents",
    [
        ("5.000", 500_000),
        ("5000", 500_000),
        ("5,000", 500_000),
        ("5000,50", 500_050),
        ("1.000.000", 100_000_000),
        ("2 500 €", 250_000),
        ("12.50", 1250),
        ("1.00.0", None),
        ("", None),
    ],
)
def test_goal_amounts(text, cents):
    from commons.money import parse_amount_to_cents

    assert parse_amount_to_cents(start_module.normalise_amount(text)) == cents


def test_english_form(logged_in, index):
    response = logged_in.get("/en" + START_URL)
    assert response.status_code == 200 and "Start a collective campaign" in response.text
