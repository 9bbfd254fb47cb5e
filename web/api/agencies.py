"""JSON API of agencies (konsulentverksamheter) and their framework contracts: /api/agencies."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from core.schemas import Page
from foster_homes import agencies
from foster_homes.schemas import AgencyFilter, AgencyIn, AgencyOut, AgencyUpdate, ContractIn, DeactivateIn
from web.auth import CurrentActor
from web.deps import Session

router = APIRouter(prefix="/api/agencies", tags=["Konsulentverksamheter"])


@router.get("", response_model=Page[AgencyOut])
async def list_agencies(session: Session, actor: CurrentActor, filters: Annotated[AgencyFilter, Query()]):
    return await agencies.list_agencies(session, actor, filters)


@router.post("", response_model=AgencyOut, status_code=status.HTTP_201_CREATED)
async def create_agency(session: Session, actor: CurrentActor, data: AgencyIn):
    return await agencies.create_agency(session, actor, data)


@router.get("/{agency_id}", response_model=AgencyOut)
async def get_agency(session: Session, actor: CurrentActor, agency_id: uuid.UUID):
    return await agencies.get_agency(session, actor, agency_id)


@router.put("/{agency_id}", response_model=AgencyOut)
async def update_agency(session: Session, actor: CurrentActor, agency_id: uuid.UUID, data: AgencyUpdate):
    return await agencies.update_agency(session, actor, agency_id, data)


@router.post("/{agency_id}/close", response_model=AgencyOut, summary="End the agency; kept for history")
async def close_agency(session: Session, actor: CurrentActor, agency_id: uuid.UUID, data: DeactivateIn):
    return await agencies.deactivate_agency(session, actor, agency_id, data)


@router.post("/{agency_id}/contracts", response_model=AgencyOut, status_code=status.HTTP_201_CREATED)
async def add_contract(session: Session, actor: CurrentActor, agency_id: uuid.UUID, data: ContractIn):
    return await agencies.add_contract(session, actor, agency_id, data)
