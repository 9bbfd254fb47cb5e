"""JSON API of the whole-queue assignment, the matching rules and saved decision records."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from matching import service
from matching.schemas import AssignIn, AssignmentOut, MatchingSettings
from placements import decisions
from placements.schemas import DecisionRecordOut
from web.auth import CurrentActor
from web.deps import Session

router = APIRouter(tags=["Förfrågningar och matchning"])


@router.post("/api/matching/assign", response_model=AssignmentOut,
             summary="Optimal proposal for the whole queue beside the greedy one; books nothing")
async def assign(session: Session, actor: CurrentActor, data: AssignIn):
    return await service.assign(session, actor, data)


@router.get("/api/matching/settings", response_model=MatchingSettings)
async def get_settings(session: Session, actor: CurrentActor):
    return await service.settings(session)


@router.put("/api/matching/settings", response_model=MatchingSettings, summary="Change weights and thresholds (admin)")
async def save_settings(session: Session, actor: CurrentActor, data: MatchingSettings):
    return await service.save_settings(session, actor, data)


@router.get("/api/decision-records/{record_id}", response_model=DecisionRecordOut)
async def get_decision_record(session: Session, actor: CurrentActor, record_id: uuid.UUID):
    return await decisions.get_decision_record(session, actor, record_id)
