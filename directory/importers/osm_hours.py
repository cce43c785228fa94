"""OpenStreetMap `opening_hours` values turned into our regular weekly hours, where that is possible.

Understood (the forms that cover most shops): `24/7`; rules separated by `;`, each an optional weekday selector
(`Mo-Fr`, `Mo,We,Fr`, `Sa-Mo`, `Mo-Fr,Su`) followed by time ranges (`08:00-12:30,14:00-18:00`, `22:00-02:00` past
midnight, `24:00` as the end of the day) or `off`/`closed`; a rule without weekdays applies to every day; a later
rule replaces earlier ones for the days it names (OSM semantics); `PH off` (closed on public holidays) is ignored
because our hours have no holiday calendar.

Everything else (months, weeks, dates, `PH`/`SH` hours, sunrise/sunset, open ends `+`, fallbacks `||`, comments)
raises `UnsupportedHours`: the importer then keeps the raw value for the editors instead of guessing.
"""

import datetime as dt
import re

DAYS = ["mo", "tu", "we", "th", "fr", "sa", "su"]
_TIME = r"(?:[01]?\d|2[0-4]):[0-5]\d"
_RANGE_RE = re.compile(rf"^({_TIME})-({_TIME})$")
_DAY_PART_RE = re.compile(r"^(mo|tu|we|th|fr|sa|su)(?:-(mo|tu|we|th|fr|sa|su))?$")
MAX_LENGTH = 255


class UnsupportedHours(ValueError):
    """The value is valid OSM syntax we do not translate, or not valid at all."""


def _time(text):
    hours, minutes = (int(part) for part in text.split(":"))
    if hours == 24:
        if minutes:
            raise UnsupportedHours(text)
        return dt.time(0, 0)
    return dt.time(hours, minutes)


def _days(selector):
    days = []
    for part in selector.split(","):
        match = _DAY_PART_RE.match(part)
        if not match:
            raise UnsupportedHours(selector)
        first = DAYS.index(match[1])
        last = DAYS.index(match[2]) if match[2] else first
        index = first
        while True:  # Sa-Mo wraps around the week
            if index not in days:
                days.append(index)
            if index == last:
                break
            index = (index + 1) % 7
    return days


def _ranges(text):
    ranges = []
    for part in text.split(","):
        match = _RANGE_RE.match(part)
        if not match:
            raise UnsupportedHours(text)
        opens, closes = _time(match[1]), _time(match[2])
        if opens == closes and opens != dt.time(0):
            raise UnsupportedHours(text)  # 08:00-08:00 is ambiguous in OSM; our rules would read 24 hours
        ranges.append((opens, closes))
    return ranges


def parse(value):
    """[(weekday 0-6, opens, closes), …] sorted, for a value we understand; [] for closed every day.

    Raises UnsupportedHours otherwise (and for empty or overlong values)."""
    text = " ".join(str(value or "").split()).strip().rstrip(";").strip()
    text = re.sub(r"\s*([,-])\s*", r"\1", text)  # "Mo - Fr 08:00-12:00, 14:00-18:00"
    if not text or len(text) > MAX_LENGTH:
        raise UnsupportedHours(value)
    if text == "24/7":
        return [(day, dt.time(0), dt.time(0)) for day in range(7)]
    week = {}
    for raw_rule in text.split(";"):
        rule = raw_rule.strip().lower()
        if not rule:
            continue
        if rule in ("ph off", "ph closed"):
            continue
        tokens = rule.split(" ")
        if _DAY_PART_RE.match(tokens[0].split(",")[0]):
            days, tokens = _days(tokens[0]), tokens[1:]
        else:
            days = list(range(7))
        if len(tokens) != 1:
            raise UnsupportedHours(value)
        if tokens[0] in ("off", "closed"):
            for day in days:
                week[day] = []
            continue
        ranges = _ranges(tokens[0])
        for day in days:
            week[day] = list(ranges)
    return sorted((day, opens, closes) for day, ranges in week.items() for opens, closes in ranges)
