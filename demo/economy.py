"""The demo's economy: when each placement was recorded, a budget per category for last year and this year,
and the forecasts the controller kept at each month-end of this year.

The demo books its placements today and dates older ones back, so what booking recorded is rewritten from
the placements' own dates: booked on the day it was decided, ended on its end day (as the migration that
introduced the records reconstructs existing data). The budgets are set the way a committee often sets
them, from the year before's outcome with a small uplift, so the steering group sees the familiar overrun.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.permissions import SYSTEM
from costs import budget, day_cost, forecast
from costs.figures import cost_cells, total
from costs.models import BudgetMonth, KeptForecast
from costs.schemas import WHOLE_COMMITTEE, BudgetIn, BudgetLineIn, CostCategory
from placements.models import PlacementRecord

UPLIFT = Decimal("1.02")
"""This year's budget is last year's outcome plus 2 %: the placements' costs grow faster (seed 000)."""
ROUNDING = Decimal("10000")

_RECORDS_FROM_DATES = """
INSERT INTO placement_records (placement_id, recorded_on, change, starts_on, planned_end, ended_on)
SELECT id, least(decided_on, starts_on), 'booked'::placement_change, starts_on, planned_end, NULL::date
FROM placements
UNION ALL
SELECT id, ended_on, 'ended'::placement_change, starts_on, planned_end, ended_on
FROM placements WHERE ended_on IS NOT NULL AND ended_on <= CAST(:today AS date)
"""


async def seed_demo_economy(session: AsyncSession) -> str:
    """Records from the placements' dates, budgets for last year and this year, the kept forecasts; commit.
    Running it again gives the same."""
    today = clock.today()
    await session.execute(delete(PlacementRecord))
    await session.execute(text(_RECORDS_FROM_DATES), {"today": today})
    budgets = [await _budget(session, year) for year in (today.year - 1, today.year)]
    kept = await _kept_forecasts(session, today)
    await session.commit()
    records = await session.scalar(select(func.count()).select_from(PlacementRecord))
    return (f"Ekonomi: {records} registreringar av placeringar, budget {budgets[0][0]} "
            f"{_mkr(budgets[0][1])} och {budgets[1][0]} {_mkr(budgets[1][1])}, {kept} sparade prognoser.")


def _mkr(amount: Decimal) -> str:
    return f"{amount / 1_000_000:.1f} mnkr".replace(".", ",")


async def _budget(session: AsyncSession, year: int) -> tuple[int, Decimal]:
    """The year's budget per category: the year before's outcome plus the uplift, rounded to 10 000 kr (a
    category without an outcome the year before gets its own year's so far, so none is left unbudgeted)."""
    before = await cost_cells(session, dt.date(year - 1, 1, 1), dt.date(year, 1, 1), None, day_cost.ENDED)
    own = await cost_cells(session, dt.date(year, 1, 1), dt.date(year + 1, 1, 1), None, day_cost.PLANNED)
    lines = []
    for category in CostCategory:
        base = total(before, category) or total(own, category)
        if base:
            annual = (base * UPLIFT / ROUNDING).quantize(Decimal("1")) * ROUNDING
            lines.append(BudgetLineIn(category=category, unit=WHOLE_COMMITTEE, annual=annual))
    if lines:
        await budget.save_budget(session, SYSTEM, year, BudgetIn(lines=lines))
    amount = await session.scalar(select(func.coalesce(func.sum(BudgetMonth.amount), 0)).where(BudgetMonth.year == year))
    return year, Decimal(amount)


async def _kept_forecasts(session: AsyncSession, today: dt.date) -> int:
    """The forecast as the controller would have kept it at each month-end this year (rebuilt from what had
    been recorded by then) and last year's, so the accuracy of kept forecasts has material."""
    await session.execute(delete(KeptForecast))
    kept = 0
    for year in (today.year - 1, today.year):
        for as_of in forecast.month_starts(year)[:12]:
            if as_of > today:
                break
            session.add_all(forecast.kept_rows(await forecast.rebuilt_forecast(session, year, as_of),
                                               "Controller (demo)"))
            kept += 1
    await session.flush()
    return kept
