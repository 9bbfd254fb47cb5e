"""The budget against what the placements cost: a year's budget per category and unit, phased by month,
and the follow-up the steering group reads (Budget / Utfall / Prognos / Avvikelse per category and month).
Actuals are the costs of the care days that have passed (day_cost.py's computation, up to the day before
today); the forecast is forecast.py's expected value."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import AuditAction, authorize, record
from core.permissions import Action, Actor
from core.spreadsheet import Sheet, csv_text, xlsx_bytes
from costs import forecast
from costs.figures import ZERO, Cell, budget_cells, total
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
    before = await budget_cells(session, year, None)
    await session.execute(delete(BudgetMonth).where(BudgetMonth.year == year))
    for line in data.lines:
        for month, amount in enumerate(phased(line, year), start=1):
            session.add(BudgetMonth(year=year, category=line.category, unit=line.unit, month=month, amount=amount,
                                    updated_by=actor.name))
    await session.flush()
    after = await budget_cells(session, year, None)
    record(session, actor, AuditAction.UPDATE, "budget", year, changes={
        "total": [str(sum(before.values(), ZERO)), str(sum(after.values(), ZERO))]},
        detail=f"budget {year}: {len(data.lines)} rader")
    return await follow_up(session, actor, year)


async def budget_lines(session: AsyncSession, actor: Actor, year: int) -> list[BudgetLineIn]:
    """The year's budget as its lines (category and unit): spread by days where the months are exactly that,
    else the twelve months as kept. What the budget form starts from."""
    await authorize(session, actor, Action.COSTS_READ, "budget", year)
    rows = await session.execute(select(BudgetMonth.category, BudgetMonth.unit, BudgetMonth.month, BudgetMonth.amount)
                                 .where(BudgetMonth.year == year).order_by(BudgetMonth.unit, BudgetMonth.month))
    months: dict[tuple[CostCategory, str], list[Decimal]] = {}
    for category, unit, _, amount in rows:
        months.setdefault((CostCategory(category), unit), []).append(amount)
    lines = []
    for (category, unit), amounts in sorted(months.items(), key=lambda item: (item[0][1], list(CostCategory).index(item[0][0]))):
        annual = sum(amounts, ZERO)
        if amounts == phase_by_days(annual, year):
            lines.append(BudgetLineIn(category=category, unit=unit, annual=annual))
        else:
            lines.append(BudgetLineIn(category=category, unit=unit, phasing=BudgetPhasing.PER_MONTH, months=amounts))
    return lines


async def follow_up(session: AsyncSession, actor: Actor, year: int, *, unit: str | None = None) -> BudgetFollowUp:
    """Budget, actual, forecast (committed and the expected inflow) and deviation per category and month of the
    year, with care days and children, and the totals; for the whole committee, or for one unit (its budget
    lines, and the placements its social workers are responsible for)."""
    await authorize(session, actor, Action.COSTS_READ, "budget", year)
    known = await forecast.knowledge(session, year, forecast.default_as_of(), unit, rebuilt=False)
    inflow = forecast.expected_inflow(known)
    budget = await budget_cells(session, year, unit)
    categories = []
    for category in CostCategory:
        months = [_month(year, m, budget.get((category, m), ZERO), known.actual.get((category, m)),
                         total(known.committed, category, m), inflow.get((category, m), ZERO)) for m in range(1, 13)]
        if any(figures.budget or figures.forecast for figures in months):
            year_cell = known.actual.get((category, None))
            categories.append(CategoryFigures(category=category, months=months, **_sums(months),
                                              **_children(year_cell)))
    months = [MonthFigures(month=dt.date(year, m, 1), **_sums([c.months[m - 1] for c in categories]),
                           children=_shown(known.actual.get((None, m))))
              for m in range(1, 13)]
    record(session, actor, AuditAction.READ, "budget", year, detail="budgetuppföljning")
    whole = _children(known.actual.get((None, None)))
    return BudgetFollowUp(year=year, unit=unit, actual_until=known.as_of, categories=categories, months=months,
                          **_sums(categories), children=whole["children"], small_cells=forecast.SMALL_CELLS)


def _month(year: int, month: int, budget: Decimal, actual: Cell | None, committed: Decimal, inflow: Decimal
           ) -> MonthFigures:
    spent = actual.total if actual else ZERO
    expected = spent + committed + inflow
    return MonthFigures(month=dt.date(year, month, 1), budget=budget, actual=spent, committed=committed,
                        inflow=inflow, forecast=expected, deviation=budget - expected,
                        care_days=actual.care_days if actual else 0, children=_shown(actual))


SMALL = 3
"""Fewer children than this are a small cell: not shown (forecast.SMALL_CELLS states the rule)."""


def _shown(cell: Cell | None) -> int | None:
    children = cell.children if cell else 0
    return children if children == 0 or children >= SMALL else None


def _children(cell: Cell | None) -> dict:
    """A category's or the year's children and cost per care day, each None where it is a small cell."""
    children = _shown(cell)
    cost = (cell.total / cell.care_days).quantize(Decimal("0.01"), ROUND_HALF_UP) \
        if cell and cell.care_days and children else None
    return {"children": children, "cost_per_care_day": cost}


def _sums(figures) -> dict:
    """The parts of a total: each the sum of its lines, so every table adds up."""
    sums = {part: sum((getattr(f, part) for f in figures), ZERO)
            for part in ("budget", "actual", "committed", "inflow", "forecast", "deviation")}
    return {**sums, "care_days": sum(f.care_days for f in figures)}


# ---------------------------------------------------------------- exports (CSV and XLSX)

EXPORT_COLUMNS = ["kategori", "månad", "budget", "utfall", "beslutat framåt", "förväntat inflöde", "prognos",
                  "avvikelse"]
CARE_DAY_COLUMNS = ["kategori", "vårddygn", "barn", "kostnad per vårddygn"]
_PARTS = ("budget", "actual", "committed", "inflow", "forecast", "deviation")
SUPPRESSED = "–"
"""A small cell, left out (BudgetFollowUp.small_cells says why)."""


def budget_sheet(figures: BudgetFollowUp) -> Sheet:
    """Every category and month, each category's year and the whole year, so the file adds up as the page does."""
    year = str(figures.year)
    rows = [(COST_CATEGORY[c.category], m.month.strftime("%Y-%m"), m) for c in figures.categories for m in c.months]
    rows += [(COST_CATEGORY[c.category], year, c) for c in figures.categories]
    rows += [("Summa", year, figures)]
    return Sheet(f"Budget {year}", EXPORT_COLUMNS,
                 [[category, period, *(getattr(f, part) for part in _PARTS)] for category, period, f in rows])


def care_day_sheet(figures: BudgetFollowUp) -> Sheet:
    """Care days and the cost of a care day per category (comparable with Kolada's N33100 HVB and N33101
    foster care); small cells as a dash, with the rule beneath."""
    def shown(value):
        return SUPPRESSED if value is None else value

    rows = [[COST_CATEGORY[c.category], c.care_days, shown(c.children), shown(c.cost_per_care_day)]
            for c in figures.categories]
    rows.append(["Summa", figures.care_days, shown(figures.children), None])
    rows.append([figures.small_cells, None, None, None])
    return Sheet(f"Vårddygn {figures.year}", CARE_DAY_COLUMNS, rows)


async def export_csv(session: AsyncSession, actor: Actor, year: int, *, unit: str | None = None,
                     table: str = "budget") -> str:
    """The follow-up as Swedish CSV (semicolons, decimal commas): the budget table, or with ``table="care_days"``
    the care days per category. The export is logged."""
    figures = await follow_up(session, actor, year, unit=unit)
    sheet = care_day_sheet(figures) if table == "care_days" else budget_sheet(figures)
    record(session, actor, AuditAction.EXPORT, "budget", year, detail=f"CSV-export av {sheet.title.lower()}")
    return csv_text(sheet)


async def export_xlsx(session: AsyncSession, actor: Actor, year: int, *, unit: str | None = None) -> bytes:
    """The follow-up as an XLSX workbook: the budget table and the care days, one sheet each. Logged."""
    figures = await follow_up(session, actor, year, unit=unit)
    record(session, actor, AuditAction.EXPORT, "budget", year, detail=f"XLSX-export av budgetuppföljningen {year}")
    return xlsx_bytes([budget_sheet(figures), care_day_sheet(figures)])
