"""JSON API of placement requests (placeringsbehov) and their matches: /api/placement-requests."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from core.schemas import Page
from matching import service as matching
from matching.schemas import DecisionRecordIn, MatchesOut
from placements import decisions
from placements import requests as placement_requests
from placements.schemas import DecisionRecordOut, PlacementRequestIn, PlacementRequestOut, RequestFilter, WithdrawIn
from web.auth import CurrentActor
from web.deps import Session

router = APIRouter(prefix="/api/placement-requests", tags=["Förfrågningar och matchning"])


@router.get("", response_model=Page[PlacementRequestOut], summary="Requests, most urgent and longest waiting first")
async def list_requests(session: Session, actor: CurrentActor, filters: Annotated[RequestFilter, Query()]):
    return await placement_requests.list_requests(session, actor, filters)


@router.post("", response_model=PlacementRequestOut, status_code=status.HTTP_201_CREATED)
async def create_request(session: Session, actor: CurrentActor, data: PlacementRequestIn):
    return await placement_requests.create_request(session, actor, data)


@router.get("/{request_id}", response_model=PlacementRequestOut)
async def get_request(session: Session, actor: CurrentActor, request_id: uuid.UUID):
    return await placement_requests.get_request(session, actor, request_id)


@router.post("/{request_id}/withdraw", response_model=PlacementRequestOut)
async def withdraw_request(session: Session, actor: CurrentActor, request_id: uuid.UUID, data: WithdrawIn):
    return await placement_requests.withdraw_request(session, actor, request_id, data)


@router.get("/{request_id}/matches", response_model=MatchesOut, summary="Ranked homes with reasons; excluded homes by reason")
async def matches(
    session: Session, actor: CurrentActor, request_id: uuid.UUID, limit: Annotated[int, Query(ge=1, le=200)] = 20,
    every_excluded: Annotated[bool, Query(description="Every excluded home, not the first 10 of each reason")] = False,
):
    return await matching.matches(session, actor, request_id, limit, every_excluded)


@router.post("/{request_id}/decision-records", response_model=DecisionRecordOut, status_code=status.HTTP_201_CREATED,
             summary="Save the ranking with the chosen home and the motive (matchningsunderlag)")
async def save_decision_record(session: Session, actor: CurrentActor, request_id: uuid.UUID, data: DecisionRecordIn):
    return await matching.save_decision_record(session, actor, request_id, data)


@router.get("/{request_id}/decision-records", response_model=list[uuid.UUID])
async def decision_records(session: Session, actor: CurrentActor, request_id: uuid.UUID):
    return await decisions.decision_records_for(session, actor, request_id)
