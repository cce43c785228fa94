"""Which city-wide temporary hours (AreaHours) apply to which businesses, and keeping `hours_data` in step with the
hour tables and those rules."""

from directory.cache import invalidate_directory_cache
from directory.models import BusinessPage, ClosingDay, RegularHours, TemporaryHours
from directory.models.area_hours import applies, current_rules
from directory.opening_hours_logic import Rules, rules_to_data


def periods_for_ids(page_ids):
    """{page_id: [periods]} for many businesses, in three queries."""
    rules = current_rules()
    result = {pk: [] for pk in page_ids}
    if not rules or not page_ids:
        return result
    districts = dict(BusinessPage.objects.filter(pk__in=page_ids).values_list("pk", "district_id"))
    categories = {}
    for page_id, category_id in BusinessPage.categories.through.objects.filter(
        businesspage_id__in=page_ids
    ).values_list("businesspage_id", "category_id"):
        categories.setdefault(page_id, set()).add(category_id)
    for pk in page_ids:
        result[pk] = [rule.as_period() for rule in rules if applies(rule, districts.get(pk), categories.get(pk, set()))]
    return result


def affected_ids(rule):
    return set(BusinessPage.objects.filter(rule.business_filter()).values_list("pk", flat=True))


def refresh_all():
    """Recompute `hours_data` of every business after an area rule changed (rare: an editor's action), then drop
    the cached directory responses. Runs in batches so that thousands of businesses stay cheap."""
    ids = list(BusinessPage.objects.values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        refresh_hours_data(ids[start : start + 500])
    invalidate_directory_cache()


def load_rules_from_tables(page_ids):
    """Rules built from the hour tables themselves and the city's area rules (for refreshing `hours_data`), keyed by
    page id."""

    rules = {pk: Rules() for pk in page_ids}
    for page_id, weekday, opens, closes in RegularHours.objects.filter(page_id__in=page_ids).values_list(
        "page_id", "weekday", "opens", "closes"
    ):
        rules[page_id].regular.append((weekday, opens, closes))
    for page_id, *row in TemporaryHours.objects.filter(page_id__in=page_ids).values_list(
        "page_id", "valid_from", "valid_until", "weekday", "opens", "closes", "note"
    ):
        rules[page_id].temporary.append(tuple(row))
    for page_id, date, note in ClosingDay.objects.filter(page_id__in=page_ids).values_list("page_id", "date", "note"):
        rules[page_id].closing_days[date] = note
    for page_id, periods in periods_for_ids(list(page_ids)).items():
        rules[page_id].temporary.extend(periods)
    return rules


def refresh_hours_data(page_ids):
    """Recompute `hours_data` of these businesses from their hour rows and the area rules."""
    for page_id, rules in load_rules_from_tables(list(page_ids)).items():
        BusinessPage.objects.filter(pk=page_id).update(hours_data=rules_to_data(rules))
