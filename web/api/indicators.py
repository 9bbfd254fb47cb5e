"""JSON API of the self-check indicators (egenkontroll): /api/indicators."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from indicators import service as indicators

from placements import service as bookings
from placements.schemas import PlacementSummary
from indicators.schemas import IndicatorsOut
from web.api import costs as costs_api
from web.auth import CurrentActor
from web.deps import Session

router = APIRouter(prefix="/api/indicators", tags=["Indikatorer"])
PeriodQuery = Annotated[str, Query(description="2026 (year), 2026-T2 (tertial) or 2026-05 (month)", max_length=10)]


@router.get("", response_model=IndicatorsOut, summary="The indicator table for a period, girls and boys apart")
async def get_indicators(session: Session, actor: CurrentActor, period: PeriodQuery):
    return await indicators.indicators(session, actor, period)


@router.get("/export.{extension}", response_class=Response,
            summary="The indicator table for a period as Swedish CSV or XLSX (small cells hidden as in the table); logged")
async def export_indicators(session: Session, actor: CurrentActor, extension: Literal["csv", "xlsx"],
                            period: PeriodQuery):
    body = await indicators.export(session, actor, period, xlsx=extension == "xlsx")
    return costs_api.download(body, f"indikatorer-{period}.{extension}")


@router.get("/{key}/placements", response_model=list[PlacementSummary], summary="The placements behind a figure")
async def placements_behind(session: Session, actor: CurrentActor, key: str, period: PeriodQuery,
                            gender: Literal["girl", "boy"] | None = None):
    ids = await indicators.placements_behind(session, actor, period, key, gender)
    return await bookings.placements_by_ids(session, actor, ids)
