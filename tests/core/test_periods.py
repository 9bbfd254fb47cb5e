"""Reporting periods (core.periods): months, tertials and years. Every day here is written out; none is today."""

from __future__ import annotations

import datetime as dt

import pytest

from core import clock, periods
from core.errors import InvalidInputError
from core.periods import Period, PeriodKind

D = dt.date
MONTH, TERTIAL, YEAR = PeriodKind.MONTH, PeriodKind.TERTIAL, PeriodKind.YEAR
FORMAT_HELP = "Ange perioden som ett år (2026), en tertial (2026-T2) eller en månad (2026-05)."


def refusal(call, *args, **kwargs) -> tuple[str, str]:
    with pytest.raises(InvalidInputError) as raised:
        call(*args, **kwargs)
    (error,) = raised.value.errors
    return error.field, error.message


# ---------------------------------------------------------------- parsing

@pytest.mark.parametrize(("value", "expected"), [
    ("2026", Period(YEAR, 2026)),
    ("2026-T1", Period(TERTIAL, 2026, 1)),
    ("2026-T2", Period(TERTIAL, 2026, 2)),
    ("2026-T3", Period(TERTIAL, 2026, 3)),
    ("2026-01", Period(MONTH, 2026, 1)),
    ("2026-05", Period(MONTH, 2026, 5)),
    ("2026-12", Period(MONTH, 2026, 12)),
    (" 2026-t2 ", Period(TERTIAL, 2026, 2)),  # case and surrounding spaces do not matter
    ("2026-T3\n", Period(TERTIAL, 2026, 3)),
])
def test_every_key_format_parses_and_writes_back_the_same_key(value, expected):
    period = periods.parse(value)
    assert period == expected
    assert period.key == value.strip().upper()
    assert periods.parse(period.key) == period


@pytest.mark.parametrize("value", [
    "", " ", "26", "202", "20260", "2026-T0", "2026-T4", "2026-T", "2026T2", "2026-00", "2026-13", "2026-5",
    "2026-005", "2026/05", "2026-M05", "2026-05-01", "maj 2026", "T2-2026",
    "٢٠٢٦",  # digits are ASCII digits
])
def test_a_bad_key_is_refused_with_the_same_swedish_help(value):
    assert refusal(periods.parse, value) == ("period", FORMAT_HELP)
    assert refusal(periods.parse_reportable, value, today=D(2026, 11, 23)) == ("period", FORMAT_HELP)


def test_the_year_zero_is_refused_not_a_crash():
    for value in ("0000", "0000-T1", "0000-01"):
        assert refusal(periods.parse, value) == ("period", FORMAT_HELP)
        assert refusal(periods.parse_reportable, value, today=D(2026, 11, 23)) == (
            "period", "Perioden ligger utanför det som finns i registret.")


def test_the_refusal_names_the_field_it_is_given():
    assert refusal(periods.parse, "2026-T4", field="month") == ("month", FORMAT_HELP)


def test_a_reportable_period_lies_in_the_register_and_has_begun():
    today = D(2026, 11, 23)
    outside = ("period", "Perioden ligger utanför det som finns i registret.")
    not_started = ("period", "Perioden har inte börjat än.")
    assert periods.parse_reportable("2026-T3", today=today) == Period(TERTIAL, 2026, 3)
    assert periods.parse_reportable("2026-11", today=today) == Period(MONTH, 2026, 11)
    assert periods.parse_reportable("2000-01", today=today) == Period(MONTH, 2000, 1)
    assert refusal(periods.parse_reportable, "1999", today=today) == outside
    assert refusal(periods.parse_reportable, "2031", today=today) == outside
    assert refusal(periods.parse_reportable, "2028-T1", today=today) == outside
    assert refusal(periods.parse_reportable, "2027", today=today) == not_started
    assert refusal(periods.parse_reportable, "2026-12", today=today) == not_started
    # A period begins on its first day.
    assert periods.parse_reportable("2026-T2", today=D(2026, 5, 1)) == Period(TERTIAL, 2026, 2)
    assert refusal(periods.parse_reportable, "2026-T2", today=D(2026, 4, 30)) == not_started
    assert refusal(periods.parse_reportable, "2026-T2", today=D(2026, 4, 30), field="p") == ("p", not_started[1])


def test_a_reportable_period_defaults_to_the_apps_clock():
    clock.set_today(D(2026, 4, 30))  # the autouse fixture puts the clock back
    assert periods.parse_reportable("2026-04") == Period(MONTH, 2026, 4)
    assert refusal(periods.parse_reportable, "2026-05") == ("period", "Perioden har inte börjat än.")


def test_a_period_that_does_not_exist_cannot_be_made():
    for kind, year, number in ((MONTH, 2026, 13), (MONTH, 2026, 0), (TERTIAL, 2026, 4), (YEAR, 2026, 2),
                               (MONTH, 0, 1), (YEAR, 10000, 1)):
        with pytest.raises(ValueError):
            Period(kind, year, number)
    assert Period("tertial", 2026, 2).kind is TERTIAL  # the kind may be given as its value


# ---------------------------------------------------------------- first and last day

@pytest.mark.parametrize(("period", "start", "end"), [
    (Period(MONTH, 2026, 1), D(2026, 1, 1), D(2026, 1, 31)),
    (Period(MONTH, 2026, 2), D(2026, 2, 1), D(2026, 2, 28)),
    (Period(MONTH, 2024, 2), D(2024, 2, 1), D(2024, 2, 29)),  # leap year
    (Period(MONTH, 2000, 2), D(2000, 2, 1), D(2000, 2, 29)),  # divisible by 400: a leap year
    (Period(MONTH, 2100, 2), D(2100, 2, 1), D(2100, 2, 28)),  # divisible by 100: not a leap year
    (Period(MONTH, 2026, 4), D(2026, 4, 1), D(2026, 4, 30)),
    (Period(MONTH, 2026, 12), D(2026, 12, 1), D(2026, 12, 31)),
    (Period(TERTIAL, 2026, 1), D(2026, 1, 1), D(2026, 4, 30)),
    (Period(TERTIAL, 2026, 2), D(2026, 5, 1), D(2026, 8, 31)),
    (Period(TERTIAL, 2026, 3), D(2026, 9, 1), D(2026, 12, 31)),
    (Period(YEAR, 2026), D(2026, 1, 1), D(2026, 12, 31)),
    (Period(YEAR, 2024), D(2024, 1, 1), D(2024, 12, 31)),
])
def test_first_and_last_day(period, start, end):
    assert (period.start, period.end) == (start, end)
    assert period.contains(start) and period.contains(end)
    assert not period.contains(start - dt.timedelta(days=1)) and not period.contains(end + dt.timedelta(days=1))


def test_the_months_a_period_covers():
    assert [m.key for m in periods.months(Period(TERTIAL, 2026, 2))] == ["2026-05", "2026-06", "2026-07", "2026-08"]
    assert [m.number for m in periods.months(Period(YEAR, 2026))] == list(range(1, 13))
    assert periods.months(Period(MONTH, 2026, 5)) == [Period(MONTH, 2026, 5)]


# ---------------------------------------------------------------- the period a day falls in

@pytest.mark.parametrize(("day", "month", "tertial"), [
    (D(2026, 1, 1), 1, 1), (D(2026, 4, 30), 4, 1), (D(2026, 5, 1), 5, 2), (D(2026, 8, 31), 8, 2),
    (D(2026, 9, 1), 9, 3), (D(2026, 11, 23), 11, 3), (D(2026, 12, 31), 12, 3), (D(2024, 2, 29), 2, 1),
])
def test_the_period_a_day_falls_in(day, month, tertial):
    assert periods.containing(day, MONTH) == Period(MONTH, day.year, month)
    assert periods.containing(day, TERTIAL) == Period(TERTIAL, day.year, tertial)
    assert periods.containing(day, YEAR) == Period(YEAR, day.year)
    for kind in PeriodKind:
        assert periods.containing(day, kind).contains(day)


# ---------------------------------------------------------------- previous and following

def test_previous_and_following_across_year_ends():
    assert periods.previous(Period(MONTH, 2026, 1)) == Period(MONTH, 2025, 12)
    assert periods.following(Period(MONTH, 2025, 12)) == Period(MONTH, 2026, 1)
    assert periods.following(Period(MONTH, 2026, 5)) == Period(MONTH, 2026, 6)
    assert periods.previous(Period(TERTIAL, 2026, 1)) == Period(TERTIAL, 2025, 3)
    assert periods.following(Period(TERTIAL, 2025, 3)) == Period(TERTIAL, 2026, 1)
    assert periods.following(Period(TERTIAL, 2026, 1)) == Period(TERTIAL, 2026, 2)
    assert periods.previous(Period(YEAR, 2026)) == Period(YEAR, 2025)
    assert periods.following(Period(YEAR, 2026)) == Period(YEAR, 2027)
    assert periods.shifted(Period(MONTH, 2026, 3), -15) == Period(MONTH, 2024, 12)
    assert periods.shifted(Period(TERTIAL, 2026, 2), 7) == Period(TERTIAL, 2028, 3)
    assert periods.shifted(Period(TERTIAL, 2026, 2), 0) == Period(TERTIAL, 2026, 2)


def test_each_period_begins_the_day_after_the_previous_one_ends():
    for kind in PeriodKind:
        period = Period(kind, 2023, 1)
        while period.start < D(2029, 1, 1):
            assert periods.following(period).start == period.end + dt.timedelta(days=1)
            assert periods.previous(periods.following(period)) == period
            period = periods.following(period)


# ---------------------------------------------------------------- the last N periods

def test_the_last_periods_up_to_a_day_oldest_first():
    day = D(2026, 11, 23)
    assert [p.key for p in periods.last(TERTIAL, 6, day)] == [
        "2025-T1", "2025-T2", "2025-T3", "2026-T1", "2026-T2", "2026-T3"]
    assert [p.key for p in periods.last(MONTH, 13, day)] == [
        "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07",
        "2026-08", "2026-09", "2026-10", "2026-11"]
    assert [p.key for p in periods.last(YEAR, 4, day)] == ["2023", "2024", "2025", "2026"]
    assert [p.key for p in periods.last(TERTIAL, 2, D(2026, 1, 1))] == ["2025-T3", "2026-T1"]
    assert [p.key for p in periods.last(MONTH, 1, D(2026, 1, 1))] == ["2026-01"]
    assert periods.last(MONTH, 0, day) == []


# ---------------------------------------------------------------- names

@pytest.mark.parametrize(("period", "name"), [
    (Period(YEAR, 2026), "År 2026"),
    (Period(TERTIAL, 2026, 1), "Tertial 1 2026 (januari–april)"),
    (Period(TERTIAL, 2026, 2), "Tertial 2 2026 (maj–augusti)"),
    (Period(TERTIAL, 2026, 3), "Tertial 3 2026 (september–december)"),
    (Period(MONTH, 2026, 1), "Januari 2026"),
    (Period(MONTH, 2026, 5), "Maj 2026"),
    (Period(MONTH, 2026, 12), "December 2026"),
])
def test_the_swedish_name(period, name):
    assert period.name == name
    assert str(period) == period.key
