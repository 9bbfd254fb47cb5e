"""JSON API of placements: /api/placements (booking, moving, ending, reading)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from core.schemas import Page
from placements import service as bookings
from placements.schemas import (
    ExtraCostIn,
    FeeLevelIn,
    PlacementEndIn,
    PlacementFilter,
    PlacementIn,
    PlacementOut,
    PlacementSummary,
    PlannedEndIn,
    RevenueReceivedIn,
)
from web.auth import CurrentActor
from web.deps import Session

router = APIRouter(prefix="/api/placements", tags=["Placeringar"])


@router.get("", response_model=Page[PlacementSummary], summary="Placements, newest start first")
async def list_placements(session: Session, actor: CurrentActor, filters: Annotated[PlacementFilter, Query()]):
    return await bookings.list_placements(session, actor, filters)


@router.post("", response_model=list[PlacementOut], status_code=status.HTTP_201_CREATED,
             summary="Book a child or a sibling group (all or none); 409 when the home has no free place")
async def book(session: Session, actor: CurrentActor, data: PlacementIn):
    return await bookings.book(session, actor, data)


@router.get("/{placement_id}", response_model=PlacementOut)
async def get_placement(session: Session, actor: CurrentActor, placement_id: uuid.UUID):
    return await bookings.get_placement(session, actor, placement_id)


@router.put("/{placement_id}/planned-end", response_model=PlacementOut,
            summary="A new planned end (an extension decided, or an earlier end foreseen); the forecast counts on it")
async def change_planned_end(session: Session, actor: CurrentActor, placement_id: uuid.UUID, data: PlannedEndIn):
    return await bookings.change_planned_end(session, actor, placement_id, data)


@router.post("/{placement_id}/fee-level", response_model=PlacementOut,
             summary="The fee level from a day in an open month (a raised level decided, or back to basic)")
async def change_fee_level(session: Session, actor: CurrentActor, placement_id: uuid.UUID, data: FeeLevelIn):
    return await bookings.change_fee_level(session, actor, placement_id, data)


@router.post("/{placement_id}/extra-lines", response_model=PlacementOut, status_code=201,
             summary="An extra cost or a revenue (parents' contribution, child allowance, reclaimed) from an open month")
async def add_extra_line(session: Session, actor: CurrentActor, placement_id: uuid.UUID, data: ExtraCostIn):
    return await bookings.add_extra_line(session, actor, placement_id, data)


@router.put("/{placement_id}/extra-lines/{line_id}/received", response_model=PlacementOut,
            summary="What has been received of a revenue so far")
async def record_received(session: Session, actor: CurrentActor, placement_id: uuid.UUID, line_id: uuid.UUID,
                          data: RevenueReceivedIn):
    return await bookings.record_received(session, actor, placement_id, line_id, data)


@router.post("/{placement_id}/end", response_model=PlacementOut, summary="End the placement (date and reason)")
async def end_placement(session: Session, actor: CurrentActor, placement_id: uuid.UUID, data: PlacementEndIn):
    return await bookings.end_placement(session, actor, placement_id, data)
