"""The regular week grid (issue 19, point 8): several periods per day, checks with formal German messages, the
no-JavaScript "add a period" and "copy to Monday–Friday" buttons, temporary periods as cards."""

import datetime

import pytest

from django.urls import reverse
from django.utils import translation

from directory.models import BusinessPage, RegularHours
from owners.hours_forms import (
    MAX_INTERVALS_PER_DAY,
    MAX_REGULAR_FORMS,
    RegularHoursFormSet,
    raw_slots,
    week_slots,
    week_slots_after_action,
)

from .conftest import profile_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _german():
    with translation.override("de"):
        yield


def week_data(*periods, total=None):
    """Formset data: one row per (weekday, opens, closes)."""
    data = {
        "regular-TOTAL_FORMS": str(total if total is not None else len(periods)),
        "regular-INITIAL_FORMS": "0",
        "regular-MIN_NUM_FORMS": "0",
        "regular-MAX_NUM_FORMS": str(MAX_REGULAR_FORMS),
    }
    for index, (weekday, opens, closes) in enumerate(periods):
        data.update(
            {f"regular-{index}-weekday": weekday, f"regular-{index}-opens": opens, f"regular-{index}-closes": closes}
        )
    return data


def bound(*periods, **kwargs):
    return RegularHoursFormSet(week_data(*periods, **kwargs), prefix="regular")


def messages_of(formset):
    found = [str(e) for form in formset.forms for errors in form.errors.values() for e in errors]
    return found + [str(e) for e in formset.non_form_errors()]


def test_several_periods_a_day_and_empty_slots_are_ignored():
    formset = bound(
        ("0", "08:00", "12:00"), ("0", "14:00", "18:30"), ("0", "", ""), ("5", "09:00", "13:00"), ("6", "", "")
    )
    assert formset.is_valid(), messages_of(formset)
    assert formset.rows() == [
        {"weekday": 0, "opens": datetime.time(8), "closes": datetime.time(12)},
        {"weekday": 0, "opens": datetime.time(14), "closes": datetime.time(18, 30)},
        {"weekday": 5, "opens": datetime.time(9), "closes": datetime.time(13)},
    ]


@pytest.mark.parametrize(
    "periods, expected",
    [
        ([("0", "08:00", "12:00"), ("0", "11:00", "14:00")], "überschneidet sich mit 08:00–12:00 am Montag"),
        # out of order and contained in a long period that is not the direct predecessor
        ([("2", "11:00", "12:00"), ("2", "08:00", "20:00"), ("2", "09:00", "10:00")], "08:00–20:00 am Mittwoch"),
        ([("1", "18:00", "09:00")], "Das Ende liegt vor dem Beginn"),
        ([("1", "10:00", "10:00")], "dürfen nicht gleich sein"),
        ([("1", "10:00", "")], "Bitte geben Sie Beginn und Ende an"),
        ([("1", "", "17:00")], "Bitte geben Sie Beginn und Ende an"),
        ([("1", "25:00", "26:00")], "gültige Uhrzeit"),
        ([("1", "<script>alert(1)</script>", "12:00")], "gültige Uhrzeit"),
        ([("9", "08:00", "12:00")], "gültige Auswahl"),
        ([("", "08:00", "12:00")], "Bitte wählen Sie den Tag"),
        ([("1", "08:00", "09:00"), ("1", "08:00", "09:00")], "überschneidet sich"),  # duplicate
    ],
)
def test_invalid_weeks_are_refused_with_formal_german_messages(periods, expected):
    formset = bound(*periods)
    assert not formset.is_valid()
    assert any(expected in message for message in messages_of(formset)), messages_of(formset)


def test_past_midnight_is_allowed_until_six_and_counts_for_overlaps():
    assert bound(("4", "18:00", "02:00"), ("4", "10:00", "14:00")).is_valid()
    assert bound(("4", "20:00", "00:00")).is_valid()
    assert not bound(("4", "18:00", "02:00"), ("4", "23:00", "23:30")).is_valid()


def test_too_many_periods_and_forged_management_form():
    too_many = [("3", f"{h:02d}:00", f"{h:02d}:30") for h in range(8, 8 + MAX_INTERVALS_PER_DAY + 1)]
    assert any("Höchstens 6 Zeiträume" in m for m in messages_of(bound(*too_many)))
    forged = bound(("0", "08:00", "12:00"), total=5000)
    assert not forged.is_valid() and len(forged.forms) <= MAX_REGULAR_FORMS
    assert not bound(("0", "08:00", "12:00"), total="viele").is_valid()


def test_week_slots_give_every_day_its_periods_and_a_spare_slot():
    slots = week_slots([{"weekday": 2, "opens": datetime.time(14), "closes": datetime.time(18)}])
    assert [s["weekday"] for s in slots] == [0, 1, 2, 2, 3, 4, 5, 6]
    assert slots[2]["opens"] == datetime.time(14) and slots[3]["opens"] is None
    full = [{"weekday": 0, "opens": datetime.time(h), "closes": datetime.time(h, 30)} for h in range(8, 14)]
    assert sum(1 for s in week_slots(full) if s["weekday"] == 0) == MAX_INTERVALS_PER_DAY


def test_copy_to_workdays_replaces_monday_to_friday_and_keeps_the_weekend():
    data = week_data(("2", "09:00", "12:00"), ("2", "13:00", "17:00"), ("0", "07:00", "08:00"), ("5", "10:00", "14:00"))
    data["hours_action"] = "copy:2"
    slots = week_slots_after_action(data)
    used = [(s["weekday"], s["opens"], s["closes"]) for s in slots if s["opens"]]
    for day in (0, 1, 2, 3, 4):
        assert [u[1:] for u in used if u[0] == day] == [("09:00", "12:00"), ("13:00", "17:00")]
    assert [u[1:] for u in used if u[0] == 5] == [("10:00", "14:00")]
    assert not [u for u in used if u[0] == 6]


@pytest.mark.parametrize("action", ["", "copy", "copy:", "copy:7", "add:-1", "delete:1", "add:1:2", "copy:x"])
def test_unknown_or_hostile_button_values_are_not_actions(action):
    assert week_slots_after_action({**week_data(("0", "08:00", "12:00")), "hours_action": action}) is None


def test_raw_slots_skip_rows_without_a_valid_day_and_cut_long_values():
    slots = raw_slots(week_data(("0", "08:00" + "x" * 500, "12:00"), ("nine", "08:00", "12:00"), ("12", "", "")))
    assert slots == [{"weekday": 0, "opens": "08:00xxx", "closes": "12:00"}]


def test_edit_page_shows_the_week_grid_without_dashes(client, owner_a, business_a):
    RegularHours.objects.create(page=business_a, weekday=0, opens="08:00", closes="12:00")
    RegularHours.objects.create(page=business_a, weekday=0, opens="14:00", closes="18:00")
    client.force_login(owner_a)
    html = client.get(reverse("owners:edit", args=[business_a.pk])).content.decode()
    assert html.count('class="week-day"') == 7 and "<table" not in html
    assert 'value="08:00"' in html and 'value="14:00"' in html
    assert 'name="hours_action" value="add:0"' in html and 'name="hours_action" value="copy:0"' in html
    assert "Montag auf Montag–Freitag übertragen" in html
    assert "---------" not in html
    assert html.index("form-default-submit") < html.index('name="hours_action"')


def test_add_button_without_javascript_adds_a_slot_and_saves_nothing(client, owner_a, business_a, district, category):
    client.force_login(owner_a)
    before = business_a.latest_revision_id
    data = profile_data(district, category, title="Geänderter Name", hours_action="add:0")
    response = client.post(reverse("owners:edit", args=[business_a.pk]), data)
    assert response.status_code == 200
    regular = response.context["regular"]
    monday = next(slots for value, _label, slots in regular.days() if value == 0)
    assert len(monday) == 3  # 08:00–18:00, the spare slot and the added one
    html = response.content.decode()
    assert 'value="Geänderter Name"' in html and "field__error" not in html
    business_a.refresh_from_db()
    assert business_a.latest_revision_id == before and business_a.title == "Café Anna"


def test_copy_button_without_javascript_then_save(client, owner_a, business_a, district, category):
    client.force_login(owner_a)
    data = profile_data(district, category, hours_action="copy:0")
    response = client.post(reverse("owners:edit", args=[business_a.pk]), data)
    regular = response.context["regular"]
    posted = {
        **profile_data(district, category),
        **{k: v for k, v in week_data().items() if k != "regular-TOTAL_FORMS"},
        "regular-TOTAL_FORMS": str(len(regular.forms)),
        "regular-INITIAL_FORMS": str(len(regular.forms)),
    }
    for index, form in enumerate(regular.forms):
        for name in ("weekday", "opens", "closes"):
            value = form[name].value()
            posted[f"regular-{index}-{name}"] = "" if value is None else str(value)[:5]
    response = client.post(reverse("owners:edit", args=[business_a.pk]), posted)
    assert response.status_code == 302
    draft = BusinessPage.objects.get(pk=business_a.pk).get_latest_revision_as_object()
    assert sorted(h.weekday for h in draft.regular_hours.all()) == [0, 1, 2, 3, 4]


def test_overlap_on_save_shows_the_message_next_to_the_period(client, owner_a, business_a, district, category):
    client.force_login(owner_a)
    data = profile_data(
        district,
        category,
        **{
            "regular-TOTAL_FORMS": "2",
            "regular-1-weekday": "0",
            "regular-1-opens": "17:00",
            "regular-1-closes": "19:00",
        },
    )
    response = client.post(reverse("owners:edit", args=[business_a.pk]), data, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    html = response.content.decode()
    assert "überschneidet sich mit 08:00–18:00 am Montag" in html
    assert 'id="id_regular-1-opens_error"' in html


def test_temporary_hours_are_cards_not_a_table(client, owner_a, business_a):
    client.force_login(owner_a)
    html = client.get(reverse("owners:edit", args=[business_a.pk])).content.decode()
    assert 'class="period-card"' in html and "table-wrap" not in html
