"""JSON API of institutions (HVB, SiS, stödboende): /api/institutions."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from core.schemas import Page
from foster_homes import institutions
from foster_homes.schemas import (
    DeactivateIn,
    InstitutionFilter,
    InstitutionIn,
    InstitutionOut,
    InstitutionPriceIn,
    InstitutionPriceOut,
    InstitutionUpdate,
)
from web.auth import CurrentActor
from web.deps import Session

router = APIRouter(prefix="/api/institutions", tags=["Institutioner"])


@router.get("", response_model=Page[InstitutionOut])
async def list_institutions(session: Session, actor: CurrentActor, filters: Annotated[InstitutionFilter, Query()]):
    return await institutions.list_institutions(session, actor, filters)


@router.post("", response_model=InstitutionOut, status_code=status.HTTP_201_CREATED)
async def create_institution(session: Session, actor: CurrentActor, data: InstitutionIn):
    return await institutions.create_institution(session, actor, data)


@router.get("/{institution_id}", response_model=InstitutionOut)
async def get_institution(session: Session, actor: CurrentActor, institution_id: uuid.UUID):
    return await institutions.get_institution(session, actor, institution_id)


@router.put("/{institution_id}", response_model=InstitutionOut)
async def update_institution(session: Session, actor: CurrentActor, institution_id: uuid.UUID, data: InstitutionUpdate):
    return await institutions.update_institution(session, actor, institution_id, data)


@router.post("/{institution_id}/close", response_model=InstitutionOut, summary="End the institution; kept for history")
async def close_institution(session: Session, actor: CurrentActor, institution_id: uuid.UUID, data: DeactivateIn):
    return await institutions.deactivate_institution(session, actor, institution_id, data)


@router.get("/{institution_id}/prices", response_model=list[InstitutionPriceOut],
            summary="The institution's daily prices as dated versions, oldest first")
async def list_prices(session: Session, actor: CurrentActor, institution_id: uuid.UUID):
    return await institutions.list_prices(session, actor, institution_id)


@router.post("/{institution_id}/prices", response_model=list[InstitutionPriceOut], status_code=201,
             summary="A daily price from a day in an open month; placements follow it from then")
async def add_price(session: Session, actor: CurrentActor, institution_id: uuid.UUID, data: InstitutionPriceIn):
    return await institutions.add_price(session, actor, institution_id, data)
