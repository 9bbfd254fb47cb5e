"""Reporting periods: months, tertials and years, as Swedish municipalities report them.

A tertial is a third of a year: tertial 1 is January–April, 2 is May–August, 3 is September–December. A
period's key is how it is written in addresses and forms: ``2026`` (a year), ``2026-T2`` (a tertial) or
``2026-05`` (a month). Nothing here reads the clock except ``parse_reportable`` when it is not given a day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from dataclasses import dataclass

from core import clock
from core.errors import FieldError, InvalidInputError


class PeriodKind(enum.StrEnum):
    MONTH = "month"  # 2026-05
    TERTIAL = "tertial"  # 2026-T2 (T1 jan–apr, T2 maj–aug, T3 sep–dec)
    YEAR = "year"  # 2026


MONTH_NAMES = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
               "november", "december")
MONTHS_IN = {PeriodKind.MONTH: 1, PeriodKind.TERTIAL: 4, PeriodKind.YEAR: 12}
"""How many months a period of each kind covers."""
PER_YEAR = {kind: 12 // months for kind, months in MONTHS_IN.items()}
"""How many periods of each kind a year has (12 months, 3 tertials, 1 year)."""

FORMAT_HELP = "Ange perioden som ett år (2026), en tertial (2026-T2) eller en månad (2026-05)."
OUTSIDE_REGISTER = "Perioden ligger utanför det som finns i registret."
NOT_STARTED = "Perioden har inte börjat än."
FIRST_YEAR = 2000
"""The first year the register reports on."""

_KEY = re.compile(r"([0-9]{4})(?:-T([1-3])|-(0[1-9]|1[0-2]))?")


@dataclass(frozen=True)
class Period:
    """One month, tertial or year. ``number`` is the month (1–12) or the tertial (1–3); a year's is 1."""

    kind: PeriodKind
    year: int
    number: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", PeriodKind(self.kind))
        if not 1 <= self.year <= 9999 or not 1 <= self.number <= PER_YEAR[self.kind]:
            raise ValueError(f"There is no {self.kind} {self.number} in the year {self.year}.")

    @property
    def first_month(self) -> int:
        return (self.number - 1) * MONTHS_IN[self.kind] + 1

    @property
    def last_month(self) -> int:
        return self.number * MONTHS_IN[self.kind]

    @property
    def start(self) -> dt.date:
        """The period's first day."""
        return dt.date(self.year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        """The period's last day (inclusive)."""
        return dt.date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    @property
    def key(self) -> str:
        """``2026``, ``2026-T2`` or ``2026-05``."""
        if self.kind == PeriodKind.YEAR:
            return f"{self.year:04d}"
        if self.kind == PeriodKind.TERTIAL:
            return f"{self.year:04d}-T{self.number}"
        return f"{self.year:04d}-{self.number:02d}"

    @property
    def name(self) -> str:
        """The Swedish name: ``År 2026``, ``Tertial 2 2026 (maj–augusti)``, ``Maj 2026``."""
        if self.kind == PeriodKind.YEAR:
            return f"År {self.year}"
        if self.kind == PeriodKind.TERTIAL:
            months = f"{MONTH_NAMES[self.first_month - 1]}–{MONTH_NAMES[self.last_month - 1]}"
            return f"Tertial {self.number} {self.year} ({months})"
        return f"{MONTH_NAMES[self.number - 1].capitalize()} {self.year}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.key


def _parts(value: str) -> tuple[PeriodKind, int, int] | None:
    match = _KEY.fullmatch(value.strip().upper())
    if match is None:
        return None
    year, tertial, month = match.groups()
    if tertial:
        return PeriodKind.TERTIAL, int(year), int(tertial)
    if month:
        return PeriodKind.MONTH, int(year), int(month)
    return PeriodKind.YEAR, int(year), 1


def parse(value: str, *, field: str = "period") -> Period:
    """A period from its key (``2026``, ``2026-T2`` or ``2026-05``; case and surrounding spaces do not matter).
    Anything else is an ``InvalidInputError`` on ``field`` saying how to write a period."""
    parts = _parts(value)
    if parts is None or parts[1] < 1:
        raise InvalidInputError(FieldError(field, FORMAT_HELP))
    return Period(*parts)


MONTH_HELP = "Ange månaden som år och månad, till exempel 2026-05."
PLANNING_YEARS = 10
"""How far ahead a period may lie where future days count too (booked placements, budgets, forecasts)."""


def parse_planning(value: str, *, today: dt.date | None = None, field: str = "period") -> Period:
    """A period for costs, budgets and forecasts: well formed, from FIRST_YEAR up to PLANNING_YEARS ahead
    (future months are the cost of what is booked)."""
    period = parse(value, field=field)
    today = clock.today() if today is None else today
    if not FIRST_YEAR <= period.year <= today.year + PLANNING_YEARS:
        raise InvalidInputError(FieldError(field, OUTSIDE_REGISTER))
    return period


def parse_month(value: str, *, today: dt.date | None = None, field: str = "month") -> Period:
    """One calendar month (``2026-05``), within the planning range."""
    parts = _parts(value)
    if parts is None or parts[0] != PeriodKind.MONTH:
        raise InvalidInputError(FieldError(field, MONTH_HELP))
    return parse_planning(value, today=today, field=field)


def parse_reportable(value: str, *, today: dt.date | None = None, field: str = "period",
                     first_year: int = FIRST_YEAR) -> Period:
    """A period the register can report on: well formed, from ``first_year`` on, and begun by ``today``
    (default: the app's clock). Each refusal is an ``InvalidInputError`` on ``field`` with a Swedish message."""
    parts = _parts(value)
    if parts is None:
        raise InvalidInputError(FieldError(field, FORMAT_HELP))
    today = clock.today() if today is None else today
    if not first_year <= parts[1] <= today.year + 1:
        raise InvalidInputError(FieldError(field, OUTSIDE_REGISTER))
    period = Period(*parts)
    if period.start > today:
        raise InvalidInputError(FieldError(field, NOT_STARTED))
    return period


def containing(day: dt.date, kind: PeriodKind) -> Period:
    """The period of a kind that a day falls in."""
    return Period(kind, day.year, (day.month - 1) // MONTHS_IN[PeriodKind(kind)] + 1)


def next_month_start(day: dt.date) -> dt.date:
    """The first day of the month after the one ``day`` falls in."""
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def shifted(period: Period, steps: int) -> Period:
    """The period ``steps`` periods of the same kind later (earlier when negative), across year ends."""
    year, index = divmod(period.year * PER_YEAR[period.kind] + period.number - 1 + steps, PER_YEAR[period.kind])
    return Period(period.kind, year, index + 1)


def previous(period: Period) -> Period:
    return shifted(period, -1)


def following(period: Period) -> Period:
    return shifted(period, 1)


def last(kind: PeriodKind, count: int, day: dt.date) -> list[Period]:
    """The latest ``count`` periods of a kind, oldest first, ending with the one ``day`` falls in."""
    current = containing(day, kind)
    return [shifted(current, steps) for steps in range(1 - count, 1)]


def months(period: Period) -> list[Period]:
    """The months a period covers, in order (a month is its own one month)."""
    return [Period(PeriodKind.MONTH, period.year, month) for month in range(period.first_month, period.last_month + 1)]
