"""JSON API of the school register (/api/schools) and the school-continuity rules."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from core.schemas import Page
from schooling import service
from schooling.schemas import ContinuitySettings, SchoolFilter, SchoolIn, SchoolOut, SchoolUpdate
from web.auth import CurrentActor
from web.deps import Session

router = APIRouter(prefix="/api/schools", tags=["Skolor"])


@router.get("", response_model=Page[SchoolOut])
async def list_schools(session: Session, actor: CurrentActor, filters: Annotated[SchoolFilter, Query()]):
    return await service.list_schools(session, actor, filters)


@router.post("", response_model=SchoolOut, status_code=status.HTTP_201_CREATED)
async def create_school(session: Session, actor: CurrentActor, data: SchoolIn):
    return await service.create_school(session, actor, data)


@router.get("/continuity-settings", response_model=ContinuitySettings, summary="Distance limits per age band")
async def get_continuity_settings(session: Session, actor: CurrentActor):
    return await service.continuity_settings(session)


@router.put("/continuity-settings", response_model=ContinuitySettings, summary="Change the limits (admin)")
async def save_continuity_settings(session: Session, actor: CurrentActor, data: ContinuitySettings):
    return await service.save_continuity_settings(session, actor, data)


@router.get("/{school_id}", response_model=SchoolOut)
async def get_school(session: Session, actor: CurrentActor, school_id: uuid.UUID):
    return await service.get_school(session, actor, school_id)


@router.put("/{school_id}", response_model=SchoolOut)
async def update_school(session: Session, actor: CurrentActor, school_id: uuid.UUID, data: SchoolUpdate):
    return await service.update_school(session, actor, school_id, data)
