"""JSON API of what placements cost: /api/costs (placement-months and why each amount is what it is),
/api/rate-cards (the dated rate cards), /api/budget (budget against actual) and /api/steering (the steering
group's lists). Pseudonymous placement references only, never a child's name."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from core import periods
from core.schemas import Page, PageNumber
from costs import budget, steering
from costs import service as costs
from costs.schemas import (
    BudgetFollowUp,
    BudgetIn,
    CostExplanation,
    ExpensivePlacements,
    PlacementMonthCost,
    WatchedPlacement,
)
from foster_homes import rate_cards
from foster_homes.schemas import RateCardIn, RateCardOut
from web.auth import CurrentActor
from web.deps import Session

router = APIRouter(prefix="/api/costs", tags=["Kostnader"])
rate_card_router = APIRouter(prefix="/api/rate-cards", tags=["Kostnader"])
PeriodQuery = Annotated[str, Query(description="2026 (year), 2026-T2 (tertial) or 2026-05 (month)", max_length=10)]
MonthPath = Annotated[str, Path(description="The month, 2026-05", max_length=7)]


@router.get("", response_model=Page[PlacementMonthCost], summary="The placement-months of a period, priced")
async def list_costs(session: Session, actor: CurrentActor, period: PeriodQuery, placement_id: uuid.UUID | None = None,
                     page: PageNumber = 1, page_size: Annotated[int, Query(ge=1, le=5000)] = 500):
    return await costs.month_costs(session, actor, periods.parse_planning(period), placement_id=placement_id,
                                   page=page, page_size=page_size)


@router.get("/{placement_id}/{month}", response_model=CostExplanation,
            summary="Varför detta belopp? A placement-month and the segments it was computed from")
async def explain_cost(session: Session, actor: CurrentActor, placement_id: uuid.UUID, month: MonthPath):
    return await costs.explain(session, actor, placement_id, periods.parse_month(month))


@rate_card_router.get("", response_model=list[RateCardOut], summary="The rate card versions, oldest first")
async def list_rate_cards(session: Session, actor: CurrentActor):
    return await rate_cards.list_rate_cards(session, actor)


@rate_card_router.post("", response_model=RateCardOut, status_code=201, summary="A new rate card version from a date")
async def create_rate_card(session: Session, actor: CurrentActor, data: RateCardIn):
    return await rate_cards.create_rate_card(session, actor, data)


budget_router = APIRouter(prefix="/api/budget", tags=["Kostnader"])
Year = Annotated[int, Path(ge=2000, le=2100, description="The budget year")]


@budget_router.get("/{year}", response_model=BudgetFollowUp,
                   summary="Budget, actual and deviation per category and month (the whole committee, or one unit)")
async def get_budget(session: Session, actor: CurrentActor, year: Year,
                     unit: Annotated[str | None, Query(max_length=100)] = None):
    return await budget.follow_up(session, actor, year, unit=unit)


@budget_router.put("/{year}", response_model=BudgetFollowUp, summary="The year's budget, every category and unit at once")
async def put_budget(session: Session, actor: CurrentActor, year: Year, data: BudgetIn):
    return await budget.save_budget(session, actor, year, data)


steering_router = APIRouter(prefix="/api/steering", tags=["Kostnader"])


@steering_router.get("/{year}/most-expensive", response_model=ExpensivePlacements,
                     summary="The ongoing placements with the largest forecast for the year, and the top ten's share")
async def most_expensive(session: Session, actor: CurrentActor, year: Year,
                         limit: Annotated[int, Query(ge=1, le=100)] = 20):
    return await steering.most_expensive(session, actor, year, limit=limit)


@steering_router.get("/past-planned-end", response_model=list[WatchedPlacement],
                     summary="Ongoing placements past their planned end, with what the days since have cost")
async def past_planned_end(session: Session, actor: CurrentActor):
    return await steering.past_planned_end(session, actor)


@steering_router.get("/{year}/coming", response_model=list[WatchedPlacement],
                     summary="Placements decided to start later this year, with their forecast to the year's end")
async def coming(session: Session, actor: CurrentActor, year: Year):
    return await steering.coming(session, actor, year)


@budget_router.get("/{year}/export.csv", response_class=Response,
                   summary="The follow-up as Swedish CSV (semicolons, decimal commas, UTF-8 with BOM); logged")
async def export_budget(session: Session, actor: CurrentActor, year: Year,
                        unit: Annotated[str | None, Query(max_length=100)] = None):
    body = await budget.export_csv(session, actor, year, unit=unit)
    return Response("\ufeff" + body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="budget-{year}.csv"'})
