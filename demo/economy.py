"""The demo's economy: when each placement was recorded, retainer agreements for a few emergency homes,
parents' contributions and a reclaimed cost, a budget per category for last year and this year, and the
forecasts the controller kept at each month-end.

The demo books its placements today and dates older ones back, so what booking recorded is rewritten from
the placements' own dates: booked on the day it was decided, ended on its end day (as the migration that
introduced the records reconstructs existing data). The budgets are set below what the years cost, so the
steering group sees the familiar overrun.
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
from foster_homes.models import FosterHome, RetainerAgreement
from foster_homes.schemas import HomeKind
from placements.models import Placement, PlacementExtraCost, PlacementRecord
from placements.schemas import ExtraCostRecurrence, ExtraLineKind

BUDGET_SHARE = Decimal("0.9")
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
    retainers = await _retainers(session, today)
    revenues = await _revenues(session, today)
    budgets = [await _budget(session, year) for year in (today.year - 1, today.year)]
    kept = await _kept_forecasts(session, today)
    await session.commit()
    records = await session.scalar(select(func.count()).select_from(PlacementRecord))
    return (f"Ekonomi: {records} registreringar av placeringar, {retainers} jourhem med uppdragsavtal, "
            f"{revenues} intäktsrader, budget {budgets[0][0]} {_mkr(budgets[0][1])} och {budgets[1][0]} "
            f"{_mkr(budgets[1][1])}, {kept} sparade prognoser.")


RETAINER_HOMES = 3
RETAINER = {"places": 2, "fee_per_place_monthly": Decimal("9500"), "standby_allowance_monthly": Decimal("2500")}
"""A retainer as municipalities commonly write them: two places kept ready, a fee per place and a standby
allowance a month (the amounts are the demo's, not a recommendation)."""


async def _retainers(session: AsyncSession, today: dt.date) -> int:
    """Retainer agreements for a few emergency homes from the start of last year (history: entered then)."""
    await session.execute(delete(RetainerAgreement))
    homes = list(await session.scalars(select(FosterHome.id).where(FosterHome.kind == HomeKind.EMERGENCY)
                                       .order_by(FosterHome.name, FosterHome.id).limit(RETAINER_HOMES)))
    start = dt.date(today.year - 1, 1, 1)
    for home_id in homes:
        session.add(RetainerAgreement(home_id=home_id, valid_from=start, recorded_on=start, created_by="Demo",
                                      note="Uppdragsavtal för jourhem, två platser.", **RETAINER))
    await session.flush()
    return len(homes)


REVENUE_EVERY = 6
"""Every sixth ongoing placement has parents who contribute, some of it not yet received."""


async def _revenues(session: AsyncSession, today: dt.date) -> int:
    """Parents' contributions on some ongoing placements (monthly from the start, partly received) and one
    reclaimed cost on an institution placement: the revenues the follow-up counts against the costs."""
    await session.execute(delete(PlacementExtraCost).where(PlacementExtraCost.kind != ExtraLineKind.COST))
    ongoing = list(await session.scalars(select(Placement).where(Placement.ended_on.is_(None))
                                         .order_by(Placement.starts_on, Placement.id)))
    added = 0
    for index, placement in enumerate(ongoing):
        if index % REVENUE_EVERY == 0:
            amount = Decimal(1200 + 300 * (index % 5))
            months = (today.year - placement.starts_on.year) * 12 + today.month - placement.starts_on.month
            session.add(PlacementExtraCost(
                placement_id=placement.id, description="Ersättning från föräldrar (underhåll)", amount=amount,
                kind=ExtraLineKind.PARENTAL_CONTRIBUTION, recurrence=ExtraCostRecurrence.MONTHLY,
                starts_on=placement.starts_on, received=amount * max(0, months - 1), received_on=today.replace(day=1)))
            added += 1
    institution = next((p for p in ongoing if p.institution_id), None)
    if institution is not None:
        session.add(PlacementExtraCost(
            placement_id=institution.id, description="Återsökt kostnad", amount=Decimal("45000"),
            kind=ExtraLineKind.RECLAIMED, recurrence=ExtraCostRecurrence.ONCE, starts_on=today.replace(day=1)))
        added += 1
    await session.flush()
    return added


def _mkr(amount: Decimal) -> str:
    return f"{amount / 1_000_000:.1f} mnkr".replace(".", ",")


async def _budget(session: AsyncSession, year: int) -> tuple[int, Decimal]:
    """The year's budget per category: about a tenth below what the year's booked placements cost (the year's
    outcome, or for this year its actual and committed), rounded to 10 000 kr, so the steering group sees the
    familiar overrun (seed 000: budget 78.1, outcome 107.3 MSEK)."""
    booked = await cost_cells(session, dt.date(year, 1, 1), dt.date(year + 1, 1, 1), None, day_cost.PLANNED)
    lines = []
    for category in CostCategory:
        if base := total(booked, category):
            annual = (base * BUDGET_SHARE / ROUNDING).quantize(Decimal("1")) * ROUNDING
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
