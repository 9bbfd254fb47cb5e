"""The budget against what the placements cost: a year's budget per category and unit, phased by month,
and the follow-up the steering group reads (Budget / Utfall / Avvikelse per category and month). Actuals
are the costs of the care days that have passed (day_cost.py's computation, up to the day before today)."""

from __future__ import annotations

import calendar
import datetime as dt
import io
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.audit import AuditAction, authorize, record
from core.permissions import Action, Actor
from core.spreadsheet import spreadsheet_writer
from costs import day_cost
from costs.labels import COST_CATEGORY
from costs.models import BudgetMonth
from costs.schemas import (
    BudgetFollowUp,
    BudgetIn,
    BudgetLineIn,
    BudgetPhasing,
    CategoryFigures,
    CostCategory,
    MonthFigures,
)
from foster_homes import rate_cards

ZERO = Decimal("0.00")


def phase_by_days(annual: Decimal, year: int) -> list[Decimal]:
    """A year's amount spread over its months by their days, to the öre; December takes what rounding left,
    so the months add up to the year exactly."""
    days = [calendar.monthrange(year, month)[1] for month in range(1, 13)]
    months = [(annual * d / sum(days)).quantize(Decimal("0.01"), ROUND_HALF_UP) for d in days[:11]]
    return months + [annual - sum(months)]


def phased(line: BudgetLineIn, year: int) -> list[Decimal]:
    return phase_by_days(line.annual, year) if line.phasing == BudgetPhasing.EVEN_BY_DAYS else list(line.months)


async def save_budget(session: AsyncSession, actor: Actor, year: int, data: BudgetIn) -> BudgetFollowUp:
    """Replace the year's budget with these lines (every category and unit at once); the change is logged."""
    await authorize(session, actor, Action.BUDGET_WRITE, "budget", year)
    before = await _budget_cells(session, year, None)
    await session.execute(delete(BudgetMonth).where(BudgetMonth.year == year))
    for line in data.lines:
        for month, amount in enumerate(phased(line, year), start=1):
            session.add(BudgetMonth(year=year, category=line.category, unit=line.unit, month=month, amount=amount,
                                    updated_by=actor.name))
    await session.flush()
    after = await _budget_cells(session, year, None)
    record(session, actor, AuditAction.UPDATE, "budget", year, changes={
        "total": [str(sum(before.values(), ZERO)), str(sum(after.values(), ZERO))]},
        detail=f"budget {year}: {len(data.lines)} rader")
    return await follow_up(session, actor, year)


async def _budget_cells(session: AsyncSession, year: int, unit: str | None) -> dict[tuple[CostCategory, int], Decimal]:
    statement = select(BudgetMonth.category, BudgetMonth.month, BudgetMonth.amount).where(BudgetMonth.year == year)
    if unit is not None:
        statement = statement.where(BudgetMonth.unit == unit)
    cells: dict[tuple[CostCategory, int], Decimal] = defaultdict(lambda: ZERO)
    for category, month, amount in await session.execute(statement):
        cells[(CostCategory(category), month)] += amount
    return cells


# A placement's unit is its responsible social worker's (the unit that decided it and follows it up).
_OF_UNIT = "AND pl.responsible_worker_id IN (SELECT u.id FROM users u WHERE u.unit = :unit)"


async def _cost_cells(session: AsyncSession, start: dt.date, stop: dt.date, unit: str | None, end: str
                      ) -> dict[tuple[CostCategory, int], Decimal]:
    """The cost of the care days in [start, stop) per category and month (of one unit), placements ending at
    ``end`` (day_cost.ENDED, or PLANNED for what a forecast counts on)."""
    if stop <= start:
        return {}
    await rate_cards.ensure_defaults(session)
    where, values = (_OF_UNIT, {"unit": unit}) if unit is not None else ("", {})
    rows = await session.execute(text(day_cost.category_months_sql(where, end)), {"start": start, "stop": stop, **values})
    return {(CostCategory(row.category), row.month.month): row.total for row in rows}


async def follow_up(session: AsyncSession, actor: Actor, year: int, *, unit: str | None = None) -> BudgetFollowUp:
    """Budget, actual and deviation per category and month of the year, and the totals; for the whole
    committee, or for one unit (its budget lines, and the placements its social workers are responsible for)."""
    await authorize(session, actor, Action.COSTS_READ, "budget", year)
    until = clock.today()
    start, year_end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    budget = await _budget_cells(session, year, unit)
    actual = await _cost_cells(session, start, min(until, year_end), unit, day_cost.ENDED)
    ahead = await _cost_cells(session, max(until, start), year_end, unit, day_cost.PLANNED)
    categories = []
    for category in CostCategory:
        months = []
        for m in range(1, 13):
            cell = (category, m)
            forecast = actual.get(cell, ZERO) + ahead.get(cell, ZERO)
            months.append(MonthFigures(month=dt.date(year, m, 1), budget=budget.get(cell, ZERO),
                                       actual=actual.get(cell, ZERO), forecast=forecast,
                                       deviation=budget.get(cell, ZERO) - forecast))
        if any(figures.budget or figures.forecast for figures in months):
            categories.append(CategoryFigures(category=category, months=months, **_sums(months)))
    record(session, actor, AuditAction.READ, "budget", year, detail="budgetuppföljning")
    months = [MonthFigures(month=dt.date(year, m, 1), **_sums([c.months[m - 1] for c in categories]))
              for m in range(1, 13)]
    return BudgetFollowUp(year=year, unit=unit, actual_until=until, categories=categories, months=months,
                          **_sums(categories))


def _sums(figures) -> dict[str, Decimal]:
    """The parts of a total: each the sum of its lines, so every table adds up."""
    return {part: sum((getattr(f, part) for f in figures), ZERO) for part in ("budget", "actual", "forecast", "deviation")}


EXPORT_COLUMNS = ["kategori", "månad", "budget", "utfall", "prognos", "avvikelse"]


def _swedish_number(amount: Decimal) -> str:
    """``12345.60`` → ``12345,60``: Swedish Excel reads a decimal comma, and no thousands separator."""
    return f"{amount:.2f}".replace(".", ",")


async def export_csv(session: AsyncSession, actor: Actor, year: int, *, unit: str | None = None) -> str:
    """The follow-up as Swedish CSV (semicolons, decimal commas): every category and month, each category's
    year and the whole year, so the file adds up as the page does. The export is logged."""
    figures = await follow_up(session, actor, year, unit=unit)
    buffer = io.StringIO()
    writer = spreadsheet_writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    rows = [(COST_CATEGORY[c.category], m.month.strftime("%Y-%m"), m) for c in figures.categories for m in c.months]
    rows += [(COST_CATEGORY[c.category], str(year), c) for c in figures.categories]
    rows += [("Summa", str(year), figures)]
    for category, period, f in rows:
        writer.writerow([category, period, *(_swedish_number(getattr(f, part))
                                             for part in ("budget", "actual", "forecast", "deviation"))])
    record(session, actor, AuditAction.EXPORT, "budget", year, detail=f"CSV-export av budgetuppföljningen {year}")
    return buffer.getvalue()
