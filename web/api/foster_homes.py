"""JSON API of the register: /api/foster-homes."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from core.schemas import Page
from foster_homes import service
from foster_homes.schemas import (
    CloseIn,
    FosterHomeCreate,
    FosterHomeFilter,
    FosterHomeOut,
    FosterHomeSummary,
    FosterHomeUpdate,
    StatusChangeIn,
    SupportContactIn,
    SupportContactOut,
)
from web.deps import Session

router = APIRouter(prefix="/api/foster-homes", tags=["Familjehem"])


@router.get("", response_model=Page[FosterHomeSummary], summary="List homes with filters, sorting and pages")
async def list_homes(session: Session, filters: Annotated[FosterHomeFilter, Query()]):
    return await service.list_homes(session, filters)


@router.post("", response_model=FosterHomeOut, status_code=status.HTTP_201_CREATED)
async def create_home(session: Session, data: FosterHomeCreate):
    return await service.create_home(session, data)


@router.get("/{home_id}", response_model=FosterHomeOut)
async def get_home(session: Session, home_id: uuid.UUID):
    return await service.get_home(session, home_id)


@router.put("/{home_id}", response_model=FosterHomeOut, summary="Replace the home's record (send the version you read)")
async def update_home(session: Session, home_id: uuid.UUID, data: FosterHomeUpdate):
    return await service.update_home(session, home_id, data)


@router.post("/{home_id}/status", response_model=FosterHomeOut, summary="Change status (kept as history)")
async def change_status(session: Session, home_id: uuid.UUID, data: StatusChangeIn):
    return await service.change_status(session, home_id, data)


@router.post("/{home_id}/close", response_model=FosterHomeOut, summary="Close the home; homes are never deleted")
async def close_home(session: Session, home_id: uuid.UUID, data: CloseIn):
    return await service.close_home(session, home_id, data)


@router.get("/{home_id}/support-contacts", response_model=list[SupportContactOut])
async def list_support_contacts(session: Session, home_id: uuid.UUID):
    return await service.list_support_contacts(session, home_id)


@router.post("/{home_id}/support-contacts", response_model=SupportContactOut, status_code=status.HTTP_201_CREATED)
async def add_support_contact(session: Session, home_id: uuid.UUID, data: SupportContactIn):
    return await service.add_support_contact(session, home_id, data)
