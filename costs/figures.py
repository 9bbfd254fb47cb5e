"""The cells every budget table is built of: the budget per category and month, and what the care days of a
period cost per category and month (with care days and children), as things stand now or as they had been
recorded before a day (day_cost.KNOWN_BEFORE); the emergency homes' retainers (retainer_cost.py) are in
their category, for the whole committee."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from costs import closed_months, day_cost, retainer_cost
from costs.models import BudgetMonth
from costs.schemas import CostCategory
from foster_homes import rate_cards

ZERO = Decimal("0.00")

OF_UNIT = "AND pl.responsible_worker_id IN (SELECT u.id FROM users u WHERE u.unit = :unit)"
"""A placement's unit is its responsible social worker's (the unit that decided it and follows it up)."""


def unit_filter(unit: str | None) -> tuple[str, dict]:
    return (OF_UNIT, {"unit": unit}) if unit is not None else ("", {})


async def budget_cells(session: AsyncSession, year: int, unit: str | None) -> dict[tuple[CostCategory, int], Decimal]:
    statement = select(BudgetMonth.category, BudgetMonth.month, BudgetMonth.amount).where(BudgetMonth.year == year)
    if unit is not None:
        statement = statement.where(BudgetMonth.unit == unit)
    cells: dict[tuple[CostCategory, int], Decimal] = defaultdict(lambda: ZERO)
    for category, month, amount in await session.execute(statement):
        cells[(CostCategory(category), month)] += amount
    return cells


class Cell(NamedTuple):
    total: Decimal
    care_days: int
    children: int


Cells = dict[tuple[CostCategory | None, int | None], Cell]
"""Keyed by (category, month number); a None month is the whole period, a None category every category."""


async def cost_cells(session: AsyncSession, start: dt.date, stop: dt.date, unit: str | None, end: str,
                     source: str = day_cost.CURRENT, known: dt.date | None = None) -> Cells:
    """The cost of the care days in [start, stop) per category and month (of one unit), placements ending at
    ``end`` (day_cost.ENDED, or PLANNED for what a forecast counts on), with care days and children."""
    if stop <= start:
        return {}
    await rate_cards.ensure_defaults(session)
    if unit is None and end == day_cost.ENDED and source == day_cost.CURRENT:
        rows = await closed_months.category_months(session, start, stop)
    else:
        where, values = unit_filter(unit)
        rows = await session.execute(text(day_cost.category_months_sql(where, end, source)),
                                     {"start": start, "stop": stop, "known": known, **values})
    cells = {(CostCategory(row.category) if row.category else None, row.month.month if row.month else None):
             Cell(row.total, row.care_days, row.children) for row in rows
             if row.total is not None}  # the grand total of no lines at all is a row of nulls
    if unit is None:  # a retainer is the committee's cost of keeping places ready, not one unit's
        rebuilt = known if source == day_cost.KNOWN_BEFORE else None
        for line in await retainer_cost.retainer_months(session, start, stop, known=rebuilt):
            for key in ((CostCategory.EMERGENCY_HOMES, line.month.month), (CostCategory.EMERGENCY_HOMES, None),
                        (None, line.month.month), (None, None)):
                cell = cells.get(key, Cell(ZERO, 0, 0))
                cells[key] = cell._replace(total=cell.total + line.total)
    return cells


def total(cells: Cells, category: CostCategory | None = None, month: int | None = None) -> Decimal:
    cell = cells.get((category, month))
    return cell.total if cell else ZERO
