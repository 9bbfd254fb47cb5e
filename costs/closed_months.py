"""The cost totals of past months, kept once computed: a month that has passed is read, not priced again.

A month's totals per category (and in all), with its care days and children, are what day_cost's
category_months_sql gives for it, and they depend only on the rows that statement reads, never on the period
they are read in or the day they are read. So a whole month before the current one, once computed, is kept
(cost_months_kept, cost_month_totals); database triggers forget the months a change can touch (migration 0023:
a placement's days, a child's birthday, a home's adults or contract, extra lines, fee levels; a price list
forgets them all), so a kept month is always what computing it again would give. The current month and those
after it are computed every time: they still change by the day.

Only the whole committee's figures as things stand are kept (no unit's, no forecast's, no past day's view):
those are the ones read over many years.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from core import clock
from core.periods import next_month_start
from core.database import get_engine
from costs import day_cost

LOCK_NOT_AVAILABLE = "55P03"


class MonthRow(NamedTuple):
    """A row as category_months_sql gives it: a null month is the period's, a null category every category's."""

    category: str | None
    month: dt.date | None
    total: Decimal
    care_days: int
    children: int


def _first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _month_starts(start: dt.date, stop: dt.date) -> list[dt.date]:
    months, month = [], start
    while month < stop:
        months.append(month)
        month = next_month_start(month)
    return months


def _ranges(months: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive months as [first day, the day after the last) ranges."""
    ranges: list[tuple[dt.date, dt.date]] = []
    for month in months:
        if ranges and ranges[-1][1] == month:
            ranges[-1] = (ranges[-1][0], next_month_start(month))
        else:
            ranges.append((month, next_month_start(month)))
    return ranges


async def _computed_months(connection: AsyncSession | AsyncConnection, start: dt.date, stop: dt.date) -> list[MonthRow]:
    """The month rows of [start, stop), computed (the period's own rows are left: the caller adds them up)."""
    rows = await connection.execute(text(day_cost.category_months_sql()), {"start": start, "stop": stop, "known": None})
    return [MonthRow(row.category, row.month, row.total, row.care_days, row.children)
            for row in rows if row.month is not None]


async def _compute_and_keep(ranges: list[tuple[dt.date, dt.date]]) -> list[MonthRow] | None:
    """The months of ``ranges`` computed and kept, in a transaction of their own; None if another is keeping
    months or changing what they cost right now (then the caller computes them without keeping them).

    The lock is taken before the months are computed: a change whose trigger has forgotten months is
    committed before they are read (the lock waits for nothing, so it is refused instead), and a change made
    after it waits for the kept months to be committed and then forgets them."""
    async with get_engine().connect() as connection:
        try:
            async with connection.begin():
                await connection.execute(text("LOCK TABLE cost_months_kept IN SHARE ROW EXCLUSIVE MODE NOWAIT"))
                rows = [row for start, stop in ranges for row in await _computed_months(connection, start, stop)]
                months = sorted({month for start, stop in ranges for month in _month_starts(start, stop)})
                # Another reader may have kept some of them since this one looked: they are the same figures.
                await connection.execute(text("DELETE FROM cost_months_kept WHERE month = ANY(:months)"),
                                         {"months": months})
                await connection.execute(text("INSERT INTO cost_months_kept (month) VALUES (:month)"),
                                         [{"month": month} for month in months])
                if rows:
                    await connection.execute(
                        text("INSERT INTO cost_month_totals (month, category, total, care_days, children) "
                             "VALUES (:month, :category, :total, :care_days, :children)"),
                        [row._asdict() for row in rows])
                return rows
        except DBAPIError as error:
            if getattr(error.orig, "sqlstate", None) == LOCK_NOT_AVAILABLE:
                return None
            raise


async def category_months(session: AsyncSession, start: dt.date, stop: dt.date) -> list[MonthRow]:
    """category_months_sql's rows for [start, stop) over every placement as things stand, the whole months
    before the current one read from those kept (and kept where they were not yet)."""
    first_whole = start if start.day == 1 else next_month_start(start)
    keep_stop = min(_first_of_month(stop), _first_of_month(clock.today()))
    live = [(start, stop)]
    rows: list[MonthRow] = []
    if first_whole < keep_stop:
        live = [(day_from, day_to) for day_from, day_to in ((start, first_whole), (keep_stop, stop))
                if day_from < day_to]
        values = {"start": first_whole, "stop": keep_stop}
        kept: set[dt.date] = set()
        # One statement, so the months kept and their rows are read as of one moment.
        for row in await session.execute(text(
                "SELECT k.month, t.category, t.total, t.care_days, t.children FROM cost_months_kept k "
                "LEFT JOIN cost_month_totals t ON t.month = k.month WHERE k.month >= :start AND k.month < :stop"),
                values):
            kept.add(row.month)
            if row.total is not None:  # a month kept with no lines at all has none
                rows.append(MonthRow(row.category, row.month, row.total, row.care_days, row.children))
        missing = _ranges([month for month in _month_starts(first_whole, keep_stop) if month not in kept])
        if missing:
            computed = await _compute_and_keep(missing)
            if computed is None:  # another is at it: this reader computes them, in its own transaction's view
                live += missing
            else:
                rows += computed
    for day_from, day_to in live:
        rows += await _computed_months(session, day_from, day_to)
    return rows + await _period_rows(session, start, stop, rows)


async def _period_rows(session: AsyncSession, start: dt.date, stop: dt.date, rows: list[MonthRow]) -> list[MonthRow]:
    """The period's own rows: the sums of its months (every total is the sum of its placement-months), and
    its children counted once however many months."""
    totals: dict[str | None, list] = defaultdict(lambda: [Decimal("0.00"), 0])
    for row in rows:
        totals[row.category][0] += row.total
        totals[row.category][1] += row.care_days
    children = {row.category: row.children for row in await session.execute(
        text(day_cost.period_children_sql()), {"start": start, "stop": stop})}
    return [MonthRow(category, None, total, care_days, children.get(category, 0))
            for category, (total, care_days) in totals.items()]
