"""Which city-wide temporary hours (AreaHours) apply to which businesses, and keeping `hours_data` in step."""

import datetime as dt

from django.utils import timezone

from directory.cache import invalidate_directory_cache
from directory.models import AreaHours, BusinessPage
from directory.signals import refresh_hours_data


def current_rules():
    """Rules that still matter (not ended before yesterday), with their districts and categories."""
    since = timezone.localdate() - dt.timedelta(days=1)
    return list(AreaHours.objects.filter(valid_until__gte=since).prefetch_related("districts", "categories"))


def _applies(rule, district_id, category_ids):
    districts = {d.pk for d in rule.districts.all()}
    categories = {c.pk for c in rule.categories.all()}
    return (not districts or district_id in districts) and (not categories or bool(categories & category_ids))


def periods_for_page(page, rules=None):
    """Temporary periods for one business (its categories may be in memory, e.g. an unsaved preview)."""
    rules = current_rules() if rules is None else rules
    if not rules:
        return []
    category_ids = {c.pk for c in page.categories.all()}
    return [rule.as_period() for rule in rules if _applies(rule, page.district_id, category_ids)]


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
        result[pk] = [
            rule.as_period() for rule in rules if _applies(rule, districts.get(pk), categories.get(pk, set()))
        ]
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
