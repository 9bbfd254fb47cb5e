"""What the budget steering group looks at beside the budget: the most expensive ongoing placements and how
much of the costs the ten largest carry. Pseudonymous references, categories and amounts only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.audit import AuditAction, authorize, record
from core.permissions import Action, Actor
from costs import day_cost
from costs.service import withheld_placements
from costs.schemas import ExpensivePlacement, ExpensivePlacements, WatchedPlacement, category_of
from foster_homes import rate_cards
from placements.models import Placement

ONGOING = "AND pl.starts_on <= CAST(:today AS date) AND (pl.ended_on IS NULL OR pl.ended_on > CAST(:today AS date))"


async def most_expensive(session: AsyncSession, actor: Actor, year: int, *, limit: int = 20) -> ExpensivePlacements:
    """The ongoing placements with the largest forecast for the year (cost so far, then the booked days to the
    planned end or the year's end), and the ten largest's share of all ongoing placements' forecast."""
    await authorize(session, actor, Action.COSTS_READ, "placement_cost")
    await rate_cards.ensure_defaults(session)
    today = clock.today()
    start, year_end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    # Every ongoing placement counts in the share; the list names only those the reader may see one by one.
    values = {"today": today}
    so_far = await _totals(session, start, min(today, year_end), day_cost.ENDED, values)
    ahead = await _totals(session, max(today, start), year_end, day_cost.PLANNED, values)
    forecast = {pid: so_far.get(pid, Decimal(0)) + ahead.get(pid, Decimal(0)) for pid in so_far.keys() | ahead.keys()}
    ranked = sorted(forecast, key=lambda pid: (-forecast[pid], str(pid)))
    withheld = set(await withheld_placements(session, actor))
    chosen = [pid for pid in ranked if pid not in withheld][:limit]
    facts = {row.id: row for row in await session.execute(
        select(Placement.id, Placement.reference, Placement.target_kind, Placement.starts_on, Placement.planned_end)
        .where(Placement.id.in_(chosen)))}
    total = sum(forecast.values(), Decimal(0))
    top_ten = sum((forecast[pid] for pid in ranked[:10]), Decimal(0))
    record(session, actor, AuditAction.READ, "placement_cost", object_ids=chosen, detail=f"dyraste placeringar {year}")
    return ExpensivePlacements(
        year=year,
        placements=[ExpensivePlacement(
            placement_id=pid, reference=facts[pid].reference, category=category_of(facts[pid].target_kind),
            starts_on=facts[pid].starts_on, planned_end=facts[pid].planned_end,
            cost_so_far=so_far.get(pid, Decimal("0.00")), forecast_to_year_end=forecast[pid]) for pid in chosen],
        top_ten_share=(100 * top_ten / total).quantize(Decimal("0.1")) if total else None,
    )


async def past_planned_end(session: AsyncSession, actor: Actor) -> list[WatchedPlacement]:
    """Ongoing placements past their planned end, the longest past first, each with what the days since its
    planned end have cost (the care days before today)."""
    await authorize(session, actor, Action.COSTS_READ, "placement_cost")
    await rate_cards.ensure_defaults(session)
    today = clock.today()
    found = list(await session.execute(
        select(Placement.id, Placement.reference, Placement.target_kind, Placement.starts_on, Placement.planned_end)
        .where(Placement.ended_on.is_(None), Placement.planned_end < today,
               Placement.id.not_in(await withheld_placements(session, actor)))
        .order_by(Placement.planned_end, Placement.reference)))
    watched = []
    for row in found:
        cost = await _totals(session, row.planned_end, today, day_cost.ENDED, {"placement_id": row.id},
                             where="AND pl.id = :placement_id")
        watched.append(WatchedPlacement(
            placement_id=row.id, reference=row.reference, category=category_of(row.target_kind), starts_on=row.starts_on,
            planned_end=row.planned_end, days_past_planned_end=(today - row.planned_end).days,
            cost=cost.get(row.id, Decimal("0.00"))))
    record(session, actor, AuditAction.READ, "placement_cost", object_ids=[w.placement_id for w in watched],
           detail="placeringar efter planerat slut")
    return watched


async def coming(session: AsyncSession, actor: Actor, year: int) -> list[WatchedPlacement]:
    """Placements decided to start after today, the soonest first, each with its forecast to the year's end."""
    await authorize(session, actor, Action.COSTS_READ, "placement_cost")
    await rate_cards.ensure_defaults(session)
    today = clock.today()
    found = list(await session.execute(
        select(Placement.id, Placement.reference, Placement.target_kind, Placement.starts_on, Placement.planned_end)
        .where(Placement.starts_on > today, Placement.starts_on < dt.date(year + 1, 1, 1),
               Placement.id.not_in(await withheld_placements(session, actor)))
        .order_by(Placement.starts_on, Placement.reference)))
    ahead = await _totals(session, max(today, dt.date(year, 1, 1)), dt.date(year + 1, 1, 1), day_cost.PLANNED,
                          {"today": today}, where="AND pl.starts_on > CAST(:today AS date)")
    record(session, actor, AuditAction.READ, "placement_cost", object_ids=[row.id for row in found],
           detail=f"kommande placeringar {year}")
    return [WatchedPlacement(placement_id=row.id, reference=row.reference, category=category_of(row.target_kind),
                             starts_on=row.starts_on, planned_end=row.planned_end, days_past_planned_end=None,
                             cost=ahead.get(row.id, Decimal("0.00"))) for row in found]


async def _totals(session: AsyncSession, start: dt.date, stop: dt.date, end: str, values: dict, *,
                  where: str = ONGOING) -> dict:
    """Each placement's cost in [start, stop), of those ``where`` selects."""
    if stop <= start:
        return {}
    rows = await session.execute(text(day_cost.placement_totals_sql(where, end)), {"start": start, "stop": stop, **values})
    return {row.id: row.total for row in rows}
