import datetime as dt

import pytest

from directory.models import BusinessPage, ClosingDay, RegularHours
from directory.opening_hours_logic import load_rules, rules_from_data

pytestmark = pytest.mark.django_db


def stored_rules(business):
    text = BusinessPage.objects.values_list("hours_data", flat=True).get(pk=business.pk)
    return rules_from_data(text)


def test_hour_rows_created_and_deleted_directly_refresh_the_page(make_business):
    business = make_business(title="Laden")
    assert stored_rules(business).regular == ()
    row = RegularHours.objects.create(page=business, weekday=0, opens=dt.time(9), closes=dt.time(18))
    assert stored_rules(business).regular == ((0, dt.time(9), dt.time(18)),)
    ClosingDay.objects.create(page=business, date=dt.date(2026, 12, 24), note="Heiligabend")
    assert stored_rules(business).closing_days == {dt.date(2026, 12, 24): "Heiligabend"}
    row.delete()
    assert stored_rules(business).regular == ()


def test_publishing_a_revision_with_new_hours_updates_the_live_row(make_business):
    business = make_business(title="Laden")
    page = BusinessPage.objects.get(pk=business.pk)
    page.regular_hours.add(RegularHours(weekday=2, opens=dt.time(20), closes=dt.time(2)))
    revision = page.save_revision()
    assert stored_rules(business).regular == ()  # a draft changes nothing public
    revision.publish()
    assert stored_rules(business).regular == ((2, dt.time(20), dt.time(2)),)
    assert RegularHours.objects.filter(page=business).count() == 1


def test_load_rules_reads_one_query(make_business, django_assert_num_queries):
    for n in range(3):
        business = make_business(title=f"Laden {n}", temporarily_closed=(n == 0))
        RegularHours.objects.create(page=business, weekday=n, opens=dt.time(9), closes=dt.time(17))
    with django_assert_num_queries(1):
        rules = load_rules(BusinessPage.objects.all())
    assert len(rules) == 3 and sum(r.closed for r in rules.values()) == 1
    assert sorted(r.regular[0][0] for r in rules.values()) == [0, 1, 2]


def test_empty_hours_data_means_no_hours():
    assert rules_from_data("").regular == []
