"""Exhaustive tests of directory.opening_hours_logic (pure functions, no database)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from directory.opening_hours_logic import Interval, Rules, day_plan, is_open, next_opening, status, week

BERLIN = ZoneInfo("Europe/Berlin")
t = dt.time
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def at(year, month, day, hour=0, minute=0, fold=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=BERLIN, fold=fold)


def weekdays(opens, closes, days=range(5)):
    return [(d, opens, closes) for d in days]


# 2026-11-23 is a Monday.
MONDAY = dt.date(2026, 11, 23)


class TestRegularHours:
    rules = Rules(regular=weekdays(t(9), t(18)) + [(SAT, t(10), t(14))])

    def test_open_inside_interval(self):
        assert is_open(self.rules, at(2026, 11, 23, 9, 0))
        assert is_open(self.rules, at(2026, 11, 23, 17, 59))

    def test_closing_time_is_exclusive(self):
        assert not is_open(self.rules, at(2026, 11, 23, 18, 0))
        assert not is_open(self.rules, at(2026, 11, 23, 8, 59))

    def test_day_without_interval_is_closed(self):
        assert not is_open(self.rules, at(2026, 11, 29, 12))  # Sunday

    def test_several_intervals_per_day_with_lunch_break(self):
        rules = Rules(regular=[(MON, t(9), t(12, 30)), (MON, t(14, 30), t(18))])
        assert is_open(rules, at(2026, 11, 23, 10))
        assert not is_open(rules, at(2026, 11, 23, 13))
        assert next_opening(rules, at(2026, 11, 23, 13)) == at(2026, 11, 23, 14, 30)
        assert is_open(rules, at(2026, 11, 23, 15))

    def test_next_opening_skips_closed_days(self):
        # Saturday 15:00 → Monday 09:00
        assert next_opening(self.rules, at(2026, 11, 28, 15)) == at(2026, 11, 30, 9)

    def test_next_opening_is_none_while_open_and_closes_at_is_given(self):
        result = status(self.rules, at(2026, 11, 23, 10))
        assert result.is_open and result.next_opening is None
        assert result.closes_at == at(2026, 11, 23, 18)

    def test_no_hours_means_never_open(self):
        assert not is_open(Rules(), at(2026, 11, 23, 12))
        assert next_opening(Rules(), at(2026, 11, 23, 12)) is None

    def test_works_with_utc_moments(self):
        moment = dt.datetime(2026, 11, 23, 8, 30, tzinfo=dt.UTC)  # 09:30 in Berlin (winter)
        assert is_open(self.rules, moment)

    def test_naive_moment_is_rejected(self):
        with pytest.raises(ValueError):
            is_open(self.rules, dt.datetime(2026, 11, 23, 10))

    def test_currently_closed_flag_overrides_everything(self):
        rules = Rules(regular=weekdays(t(0), t(0), range(7)), closed=True)
        assert not is_open(rules, at(2026, 11, 23, 12))
        assert status(rules, at(2026, 11, 23, 12)).next_opening is None


class TestOvernight:
    rules = Rules(regular=[(FRI, t(20), t(2)), (SAT, t(20), t(2))])

    def test_open_after_midnight_belongs_to_previous_day(self):
        assert is_open(self.rules, at(2026, 11, 27, 23))  # Friday
        assert is_open(self.rules, at(2026, 11, 28, 1, 59))  # Saturday morning, Friday's interval
        assert not is_open(self.rules, at(2026, 11, 28, 2, 0))

    def test_sunday_morning_from_saturday_night(self):
        assert is_open(self.rules, at(2026, 11, 29, 0, 30))
        assert not is_open(self.rules, at(2026, 11, 29, 20, 30))

    def test_closes_at_is_next_day(self):
        assert status(self.rules, at(2026, 11, 27, 22)).closes_at == at(2026, 11, 28, 2)

    def test_closes_at_midnight(self):
        rules = Rules(regular=[(MON, t(18), t(0))])
        assert is_open(rules, at(2026, 11, 23, 23, 59))
        assert not is_open(rules, at(2026, 11, 24, 0, 0))
        assert Interval(t(18), t(0)).label() == "18:00–24:00"

    def test_closing_day_after_a_night_does_not_cut_the_night(self):
        rules = Rules(regular=[(FRI, t(20), t(2))], closing_days={dt.date(2026, 11, 28): "Inventur"})
        assert is_open(rules, at(2026, 11, 28, 1))


class TestTwentyFourHours:
    def test_equal_times_mean_24_hours(self):
        rules = Rules(regular=[(MON, t(8), t(8))])
        assert is_open(rules, at(2026, 11, 23, 8))
        assert is_open(rules, at(2026, 11, 24, 7, 59))
        assert not is_open(rules, at(2026, 11, 24, 8))

    def test_midnight_to_midnight_is_the_whole_day(self):
        rules = Rules(regular=[(MON, t(0), t(0))])
        assert is_open(rules, at(2026, 11, 23, 0))
        assert is_open(rules, at(2026, 11, 23, 23, 59))
        assert not is_open(rules, at(2026, 11, 24, 0, 0))
        assert Interval(t(0), t(0)).label() == "00:00–24:00"

    def test_open_around_the_clock_merges_days_for_closes_at(self):
        rules = Rules(regular=[(d, t(0), t(0)) for d in range(3)])  # Mon–Wed
        assert status(rules, at(2026, 11, 23, 12)).closes_at == at(2026, 11, 26, 0)


class TestTemporaryHours:
    regular = weekdays(t(9), t(18))

    def rules(self, *temporary, closing=None):
        return Rules(regular=self.regular, temporary=list(temporary), closing_days=closing or {})

    def test_temporary_period_replaces_regular_week(self):
        rules = self.rules((dt.date(2026, 11, 20), dt.date(2026, 12, 5), None, t(11), t(14), "nur Abholung"))
        assert not is_open(rules, at(2026, 11, 23, 10))
        assert is_open(rules, at(2026, 11, 23, 12))
        assert is_open(rules, at(2026, 11, 29, 12))  # Sunday too: the row applies to every day
        assert status(rules, at(2026, 11, 23, 12)).note == "nur Abholung"

    def test_weekday_specific_rows_leave_other_days_closed(self):
        rules = self.rules((dt.date(2026, 11, 20), dt.date(2026, 12, 5), TUE, t(11), t(14), ""))
        assert not is_open(rules, at(2026, 11, 23, 12))  # Monday: inside the period, no row → closed
        assert is_open(rules, at(2026, 11, 24, 12))

    def test_row_without_times_closes_the_day(self):
        rules = self.rules((dt.date(2026, 11, 23), dt.date(2026, 11, 23), None, None, None, "Betriebsferien"))
        plan = day_plan(rules, MONDAY)
        assert plan.temporary and plan.is_closed and plan.note == "Betriebsferien"
        assert not is_open(rules, at(2026, 11, 23, 12))

    def test_boundaries_are_inclusive(self):
        rules = self.rules((dt.date(2026, 11, 23), dt.date(2026, 11, 24), None, t(11), t(12), ""))
        assert not is_open(rules, at(2026, 11, 23, 10))
        assert not is_open(rules, at(2026, 11, 24, 10))
        assert is_open(rules, at(2026, 11, 25, 10))  # back to regular hours

    def test_expired_and_future_rules_are_ignored(self):
        rules = self.rules(
            (dt.date(2026, 10, 1), dt.date(2026, 10, 31), None, None, None, "old"),
            (dt.date(2027, 1, 1), dt.date(2027, 1, 31), None, None, None, "future"),
        )
        assert is_open(rules, at(2026, 11, 23, 10))
        assert not day_plan(rules, MONDAY).temporary

    def test_latest_started_period_wins_when_periods_overlap(self):
        rules = self.rules(
            (dt.date(2026, 11, 1), dt.date(2026, 12, 31), None, t(10), t(12), "long"),
            (dt.date(2026, 11, 20), dt.date(2026, 11, 30), None, t(15), t(16), "short"),
        )
        assert is_open(rules, at(2026, 11, 23, 15, 30))
        assert not is_open(rules, at(2026, 11, 23, 11))
        assert is_open(rules, at(2026, 12, 1, 11))

    def test_next_opening_crosses_into_a_temporary_period(self):
        rules = self.rules((dt.date(2026, 11, 24), dt.date(2026, 11, 30), None, t(11), t(14), ""))
        assert next_opening(rules, at(2026, 11, 23, 19)) == at(2026, 11, 24, 11)

    def test_closing_day_beats_temporary_and_regular(self):
        rules = self.rules(
            (dt.date(2026, 11, 20), dt.date(2026, 11, 30), None, t(11), t(14), ""),
            closing={dt.date(2026, 11, 23): "Feiertag"},
        )
        assert not is_open(rules, at(2026, 11, 23, 12))
        assert next_opening(rules, at(2026, 11, 23, 12)) == at(2026, 11, 24, 11)
        plan = day_plan(rules, MONDAY)
        assert plan.closing_day and plan.note == "Feiertag"


class TestDaylightSaving:
    # 2026: summer time starts Sunday 29 March 02:00 → 03:00, ends Sunday 25 October 03:00 → 02:00.
    def test_overnight_interval_over_spring_forward(self):
        rules = Rules(regular=[(SAT, t(22), t(4))])
        assert is_open(rules, at(2026, 3, 29, 1, 30))
        assert is_open(rules, at(2026, 3, 29, 3, 30))
        assert not is_open(rules, at(2026, 3, 29, 4, 0))
        # The night is one hour shorter.
        result = status(rules, at(2026, 3, 28, 23))
        assert result.closes_at.astimezone(dt.UTC) - at(2026, 3, 28, 22).astimezone(dt.UTC) == dt.timedelta(hours=5)

    def test_nonexistent_opening_time_on_spring_forward_day(self):
        rules = Rules(regular=[(SUN, t(2, 30), t(5))])
        # 02:30 does not exist; it is read as 03:30 summer time.
        assert not is_open(rules, dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC) - dt.timedelta(minutes=1))
        assert is_open(rules, at(2026, 3, 29, 3, 31))
        opening = next_opening(rules, at(2026, 3, 29, 0, 0))
        assert opening.astimezone(dt.UTC) == dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)

    def test_overnight_interval_over_fall_back(self):
        rules = Rules(regular=[(SAT, t(22), t(4))])
        assert is_open(rules, at(2026, 10, 25, 2, 30, fold=0))
        assert is_open(rules, at(2026, 10, 25, 2, 30, fold=1))
        assert is_open(rules, at(2026, 10, 25, 3, 59))
        assert not is_open(rules, at(2026, 10, 25, 4, 0))
        result = status(rules, at(2026, 10, 24, 23))
        assert (result.closes_at.astimezone(dt.UTC) - at(2026, 10, 24, 22).astimezone(dt.UTC)) == dt.timedelta(hours=7)

    def test_regular_day_after_change_keeps_wall_clock_times(self):
        rules = Rules(regular=weekdays(t(9), t(18)))
        assert is_open(rules, at(2026, 3, 30, 9))  # Monday after spring forward
        assert not is_open(rules, at(2026, 3, 30, 8, 59))
        assert is_open(rules, at(2026, 10, 26, 9))
        assert next_opening(rules, at(2026, 3, 28, 12)) == at(2026, 3, 30, 9)

    def test_utc_instant_in_summer(self):
        rules = Rules(regular=weekdays(t(9), t(18)))
        assert is_open(rules, dt.datetime(2026, 6, 1, 7, 0, tzinfo=dt.UTC))  # 09:00 CEST
        assert not is_open(rules, dt.datetime(2026, 6, 1, 6, 59, tzinfo=dt.UTC))


class TestWeek:
    def test_week_starts_today_and_flags_temporary_days(self):
        rules = Rules(
            regular=weekdays(t(9), t(18)),
            temporary=[(dt.date(2026, 11, 25), dt.date(2026, 11, 26), None, t(11), t(14), "nur Abholung")],
            closing_days={dt.date(2026, 11, 27): "Inventur"},
        )
        days = week(rules, at(2026, 11, 23, 12))
        assert [d.date for d in days] == [MONDAY + dt.timedelta(days=i) for i in range(7)]
        assert days[0].is_today and not days[1].is_today
        assert [d.temporary for d in days] == [False, False, True, True, False, False, False]
        assert days[4].closing_day and days[4].note == "Inventur"
        assert [i.label() for i in days[0].intervals] == ["09:00–18:00"]
        assert days[2].note == "nur Abholung"
        assert days[5].is_closed

    def test_intervals_are_sorted(self):
        rules = Rules(regular=[(MON, t(15), t(18)), (MON, t(9), t(12))])
        assert [i.opens for i in day_plan(rules, MONDAY).intervals] == [t(9), t(15)]

    def test_next_opening_horizon(self):
        rules = Rules(temporary=[(dt.date(2027, 3, 1), dt.date(2027, 3, 1), None, t(9), t(10), "")])
        assert next_opening(rules, at(2026, 11, 23, 12)) is None
