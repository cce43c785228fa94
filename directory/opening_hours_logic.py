"""Opening hours: "open now?", "next opening" and the week view — one module, pure functions, no queries.

Rules (documented for editors and owners, and tested in tests/test_opening_hours_logic.py):

* All times are wall-clock times in the city's time zone (settings.TIME_ZONE, Europe/Berlin).
* Regular hours: one or more intervals per weekday; a weekday without an interval is closed.
* An interval whose closing time is earlier than its opening time runs past midnight into the next day
  (Fri 20:00–02:00 is open until Saturday 02:00). **Closing time equal to opening time means 24 hours**
  (00:00–00:00 is the whole day; 08:00–08:00 is open until 08:00 the next morning).
  The part after midnight belongs to the day on which the interval started.
* Temporary hours apply on every date from `valid_from` to `valid_until` (inclusive) and then *replace* the regular
  week entirely. A period is the set of temporary rows with the same dates; on a date inside it, the day's intervals
  are the rows for that weekday or for every day (empty weekday); a row without times, or no row at all, means
  closed. When periods overlap, the one that started last wins (the more recent announcement).
* Expired or future temporary rules have no effect outside their dates.
* Closing days close the whole date (no interval starts on it; a night interval from the day before still ends).
* The "currently closed" flag of a business overrides everything: it is never open and has no next opening.
* Clock changes: 02:30 on the March change day does not exist and is read as 03:30 summer time; 02:30 on the
  October change day is read as its first occurrence. Comparisons are made in UTC, so an interval over the
  change simply lasts one hour less (March) or more (October).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

LOOKAHEAD_DAYS = 14


@lru_cache(maxsize=4)
def _zone(name):
    return ZoneInfo(name)


def city_zone():
    return _zone(settings.TIME_ZONE)


@dataclass(frozen=True)
class Interval:
    opens: dt.time
    closes: dt.time
    note: str = ""

    @property
    def overnight(self):
        return self.closes <= self.opens

    def label(self):
        end = "24:00" if self.closes == dt.time(0) and self.opens != dt.time(0) else self.closes.strftime("%H:%M")
        if self.opens == self.closes:
            if self.opens == dt.time(0):
                return "00:00–24:00"
            return f"{self.opens:%H:%M}–{end} (+1)"
        suffix = " (+1)" if self.overnight and self.closes != dt.time(0) else ""
        return f"{self.opens:%H:%M}–{end}{suffix}"


@dataclass(slots=True)
class Rules:
    """Everything needed to evaluate one business, as plain values (built once, evaluated many times)."""

    regular: list = field(default_factory=list)  # (weekday, opens, closes)
    temporary: list = field(
        default_factory=list
    )  # (valid_from, valid_until, weekday|None, opens|None, closes|None, note)
    closing_days: dict = field(default_factory=dict)  # date -> note
    closed: bool = False  # the business's "currently closed" flag


@dataclass
class Day:
    date: dt.date
    intervals: list
    temporary: bool = False
    closing_day: bool = False
    note: str = ""
    is_today: bool = False

    @property
    def is_closed(self):
        return not self.intervals


@dataclass
class Status:
    is_open: bool
    closes_at: dt.datetime | None = None
    next_opening: dt.datetime | None = None
    note: str = ""


def rules_from_page(page):
    """Build Rules from a BusinessPage whose hour relations are prefetched (or still in memory, for previews)."""
    return Rules(
        regular=[(r.weekday, r.opens, r.closes) for r in page.regular_hours.all()],
        temporary=[
            (t.valid_from, t.valid_until, t.weekday, t.opens, t.closes, t.note) for t in page.temporary_hours.all()
        ],
        closing_days={c.date: c.note for c in page.closing_days.all()},
        closed=page.temporarily_closed,
    )


def rules_to_data(rules):
    """A compact JSON text of the hours (without the closed flag), stored on the page row as `hours_data` so that
    lists of thousands of businesses evaluate "open now" without reading the hour tables."""
    data = {
        "r": sorted([weekday, _hm(opens), _hm(closes)] for weekday, opens, closes in rules.regular),
        "t": sorted(
            [f.isoformat(), u.isoformat(), weekday, _hm(opens), _hm(closes), note or ""]
            for f, u, weekday, opens, closes, note in rules.temporary
            if f is not None and u is not None
        ),
        "c": sorted([date.isoformat(), note or ""] for date, note in rules.closing_days.items() if date is not None),
    }
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def _hm(value):
    return value.isoformat(timespec="minutes") if value is not None else None


@lru_cache(maxsize=4096)
def _parse_data(text):
    data = json.loads(text)
    regular = tuple((w, _parse_time(o), _parse_time(c)) for w, o, c in data.get("r", ()))
    temporary = tuple(
        (
            _parse_date(f),
            _parse_date(u),
            w,
            _parse_time(o) if o else None,
            _parse_time(c) if c else None,
            note,
        )
        for f, u, w, o, c, note in data.get("t", ())
    )
    closing = tuple((_parse_date(d), note) for d, note in data.get("c", ()))
    return regular, temporary, closing


def rules_from_data(text, closed=False):
    """Rules from `rules_to_data` text (parsed once per distinct text; the lists are shared, treat as read-only)."""
    if not text:
        return Rules(closed=closed)
    regular, temporary, closing = _parse_data(text)
    return Rules(regular=regular, temporary=temporary, closing_days=dict(closing), closed=closed)


def _active_period(rules, date):
    """The (valid_from, valid_until) of the temporary period that governs `date`, or None."""
    best = None
    for valid_from, valid_until, *_ in rules.temporary:
        if valid_from is None or valid_until is None or not (valid_from <= date <= valid_until):
            continue
        key = (valid_from, -(valid_until - valid_from).days)
        if best is None or key > best[0]:
            best = (key, (valid_from, valid_until))
    return best[1] if best else None


def day_plan(rules, date):
    """The intervals that start on `date`, and whether they come from temporary hours or a closing day."""
    if date in rules.closing_days:
        return Day(date, [], closing_day=True, note=rules.closing_days[date] or "")
    period = _active_period(rules, date)
    if period:
        intervals, notes = [], []
        for valid_from, valid_until, weekday, opens, closes, note in rules.temporary:
            if (valid_from, valid_until) != period or weekday not in (None, date.weekday()):
                continue
            if note and note not in notes:
                notes.append(note)
            if opens is not None and closes is not None:
                intervals.append(Interval(opens, closes, note or ""))
        intervals.sort(key=lambda i: i.opens)
        return Day(date, intervals, temporary=True, note="; ".join(notes))
    intervals = sorted(
        (Interval(opens, closes) for weekday, opens, closes in rules.regular if weekday == date.weekday()),
        key=lambda i: i.opens,
    )
    return Day(date, intervals)


@lru_cache(maxsize=4096)
def _aware(date, time, zone):
    """The UTC instant of a wall-clock time in `zone` (cached: a city has few distinct (date, time) pairs)."""
    return dt.datetime.combine(date, time).replace(tzinfo=zone).astimezone(dt.UTC)


def _spans(rules, date, zone):
    """(start_utc, end_utc, note) for each interval starting on `date`."""
    for interval in day_plan(rules, date).intervals:
        end_date = date + dt.timedelta(days=1) if interval.overnight else date
        yield _aware(date, interval.opens, zone), _aware(end_date, interval.closes, zone), interval.note


def _local(moment, zone):
    if moment is None:
        moment = timezone.now()
    if timezone.is_naive(moment):
        raise ValueError("moment must be timezone-aware")
    return moment.astimezone(zone)


def status(rules, moment=None, lookahead_days=LOOKAHEAD_DAYS):
    """Open now?, until when (contiguous intervals merged), and the next opening within `lookahead_days`."""
    zone = city_zone()
    local = _local(moment, zone)
    now = local.astimezone(dt.UTC)
    if rules.closed:
        return Status(False)
    today = local.date()
    spans = []
    for offset in range(-1, lookahead_days + 1):
        spans.extend(_spans(rules, today + dt.timedelta(days=offset), zone))
    spans.sort()
    current = [s for s in spans if s[0] <= now < s[1]]
    if current:
        closes_at = max(s[1] for s in current)
        note = current[0][2]
        # Merge with intervals that continue seamlessly (e.g. 00:00–00:00 on consecutive days).
        changed = True
        while changed:
            changed = False
            for start, end, _note in spans:
                if start <= closes_at < end:
                    closes_at, changed = end, True
        return Status(True, closes_at=closes_at.astimezone(zone), note=note)
    upcoming = [s for s in spans if s[0] > now]
    if upcoming:
        return Status(False, next_opening=upcoming[0][0].astimezone(zone), note=upcoming[0][2])
    return Status(False)


def _raw_intervals(rules, date):
    """(opens, closes) pairs starting on `date` — the hot path of is_open, without building display objects."""
    if date in rules.closing_days:
        return ()
    if rules.temporary:
        period = _active_period(rules, date)
        if period:
            weekday = date.weekday()
            return [
                (opens, closes)
                for valid_from, valid_until, day, opens, closes, _note in rules.temporary
                if (valid_from, valid_until) == period
                and day in (None, weekday)
                and opens is not None
                and closes is not None
            ]
    weekday = date.weekday()
    return [(opens, closes) for day, opens, closes in rules.regular if day == weekday]


def is_open(rules, moment=None):
    """True when the business is open at `moment` (default: now). Looks only at yesterday and today (fast)."""
    return OpenChecker(moment)(rules)


class OpenChecker:
    """is_open for many businesses at one moment: the moment is converted once, and businesses that only have
    regular hours share results by their weekly pattern (most businesses in a city share a handful of patterns)."""

    def __init__(self, moment=None):
        self.zone = city_zone()
        local = _local(moment, self.zone)
        self.now = local.astimezone(dt.UTC)
        today = local.date()
        one = dt.timedelta(days=1)
        self.days = ((today - one, today), (today, today + one))
        self._by_pattern = {}

    def __call__(self, rules):
        if rules.closed:
            return False
        if not rules.temporary and not rules.closing_days:
            key = tuple(rules.regular)
            result = self._by_pattern.get(key)
            if result is None:
                result = self._by_pattern[key] = self._check(rules)
            return result
        return self._check(rules)

    def _check(self, rules):
        zone, now = self.zone, self.now
        for date, next_date in self.days:
            for opens, closes in _raw_intervals(rules, date):
                end_date = next_date if closes <= opens else date
                if _aware(date, opens, zone) <= now < _aware(end_date, closes, zone):
                    return True
        return False


def next_opening(rules, moment=None, lookahead_days=LOOKAHEAD_DAYS):
    """The next time (aware, city time zone) the business opens after `moment`, or None (open now, or no opening
    within `lookahead_days`)."""
    return status(rules, moment, lookahead_days).next_opening


def week(rules, moment=None, days=7):
    """The plans of `days` consecutive dates starting with today, for display."""
    zone = city_zone()
    today = _local(moment, zone).date()
    result = []
    for offset in range(days):
        day = day_plan(rules, today + dt.timedelta(days=offset))
        day.is_today = offset == 0
        result.append(day)
    return result


def has_temporary_hours(rules, moment=None, days=7):
    return any(day.temporary for day in week(rules, moment, days))


@lru_cache(maxsize=256)
def _parse_time(value):
    if isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(value)


@lru_cache(maxsize=1024)
def _parse_date(value):
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value[:10])


def load_rules(queryset):
    """Rules for every business in `queryset`, keyed by page id, in one query.

    Reads the page's `hours_data` (kept in step with the hour rows by BusinessPage.save and by signals on the hour
    models, see directory.models.business_page), so the cost does not depend on how many hour rows there are.
    """
    return {
        pk: rules_from_data(text, closed)
        for pk, text, closed in queryset.order_by().values_list("pk", "hours_data", "temporarily_closed")
    }
