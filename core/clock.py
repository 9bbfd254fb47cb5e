"""The one source of "today" and "now", so tests (and a demo) can fix the date."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

SWEDISH_TIME = ZoneInfo("Europe/Stockholm")

_fixed_today: dt.date | None = None


def today() -> dt.date:
    """Today's date in Sweden (a placement day is a Swedish calendar day)."""
    if _fixed_today is not None:
        return _fixed_today
    return dt.datetime.now(SWEDISH_TIME).date()


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def set_today(day: dt.date | None) -> None:
    """Fix today's date (None restores the real clock). Meant for tests and reproducible demos."""
    global _fixed_today
    _fixed_today = day


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Age in whole years on a day (a birthday on 29 February counts from 1 March in other years)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
