"""JSON API of the register: /api/foster-homes."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status
from fastapi.responses import Response

from core.schemas import Page
from foster_homes import retainers, service
from placements import followups
from foster_homes.schemas import (
    AssignmentIn,
    CloseIn,
    FosterHomeCreate,
    FosterHomeFilter,
    FosterHomeOut,
    FosterHomeSummary,
    FosterHomeUpdate,
    RetainerEndIn,
    RetainerIn,
    RetainerOut,
    StatusChangeIn,
    SupportContactIn,
    SupportContactOut,
)
from web.auth import CurrentActor
from web.deps import Session

router = APIRouter(prefix="/api/foster-homes", tags=["Familjehem"])


@router.get("", response_model=Page[FosterHomeSummary], summary="List homes with filters, sorting and pages")
async def list_homes(session: Session, actor: CurrentActor, filters: Annotated[FosterHomeFilter, Query()]):
    return await service.list_homes(session, actor, filters)


@router.get(
    "/export.csv",
    response_class=Response,
    summary="The filtered register as CSV (semicolons); masked as in the list, and logged",
)
async def export_homes(session: Session, actor: CurrentActor, filters: Annotated[FosterHomeFilter, Query()]):
    body = await service.export_homes_csv(session, actor, filters)
    return Response(
        "\ufeff" + body,  # a byte-order mark so Excel reads the Swedish letters right
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="familjehem.csv"'},
    )


@router.post("", response_model=FosterHomeOut, status_code=status.HTTP_201_CREATED)
async def create_home(session: Session, actor: CurrentActor, data: FosterHomeCreate):
    return await service.create_home(session, actor, data)


@router.get("/{home_id}", response_model=FosterHomeOut)
async def get_home(
    session: Session,
    actor: CurrentActor,
    home_id: uuid.UUID,
    reveal_reason: Annotated[
        str | None,
        Query(max_length=500, description="Admins only: why a protected home's location must be shown (logged)."),
    ] = None,
):
    return await service.get_home(session, actor, home_id, reveal_reason=reveal_reason)


@router.put("/{home_id}", response_model=FosterHomeOut, summary="Replace the home's record (send the version you read)")
async def update_home(session: Session, actor: CurrentActor, home_id: uuid.UUID, data: FosterHomeUpdate):
    return await service.update_home(session, actor, home_id, data)


@router.post("/{home_id}/status", response_model=FosterHomeOut, summary="Change status (kept as history)")
async def change_status(session: Session, actor: CurrentActor, home_id: uuid.UUID, data: StatusChangeIn):
    return await service.change_status(session, actor, home_id, data)


@router.post("/{home_id}/close", response_model=FosterHomeOut, summary="Close the home; homes are never deleted")
async def close_home(session: Session, actor: CurrentActor, home_id: uuid.UUID, data: CloseIn):
    return await service.close_home(session, actor, home_id, data)


@router.get("/{home_id}/retainers", response_model=list[RetainerOut],
            summary="An emergency home's retainer agreements (uppdragsavtal), oldest first")
async def list_retainers(session: Session, actor: CurrentActor, home_id: uuid.UUID):
    return await retainers.list_retainers(session, actor, home_id)


@router.post("/{home_id}/retainers", response_model=RetainerOut, status_code=status.HTTP_201_CREATED,
             summary="A retainer agreement from a day in an open month: places kept ready for a monthly fee")
async def create_retainer(session: Session, actor: CurrentActor, home_id: uuid.UUID, data: RetainerIn):
    return await retainers.create_retainer(session, actor, home_id, data)


@router.post("/{home_id}/retainers/{agreement_id}/end", response_model=RetainerOut,
             summary="End a retainer agreement on its last day (no earlier than the last day of last month)")
async def end_retainer(session: Session, actor: CurrentActor, home_id: uuid.UUID, agreement_id: uuid.UUID,
                       data: RetainerEndIn):
    return await retainers.end_retainer(session, actor, home_id, agreement_id, data.valid_to)


@router.get("/{home_id}/support-contacts", response_model=list[SupportContactOut])
async def list_support_contacts(session: Session, actor: CurrentActor, home_id: uuid.UUID):
    return await service.list_support_contacts(session, actor, home_id)


@router.post("/{home_id}/support-contacts", response_model=SupportContactOut, status_code=status.HTTP_201_CREATED)
async def add_support_contact(session: Session, actor: CurrentActor, home_id: uuid.UUID, data: SupportContactIn):
    return await followups.add_home_contact(session, actor, home_id, data)


@router.post("/{home_id}/assignments", response_model=FosterHomeOut, summary="Assign staff to the home")
async def assign_staff(session: Session, actor: CurrentActor, home_id: uuid.UUID, data: AssignmentIn):
    return await service.assign_staff(session, actor, home_id, data)


@router.delete("/{home_id}/assignments/{user_id}", response_model=FosterHomeOut)
async def unassign_staff(session: Session, actor: CurrentActor, home_id: uuid.UUID, user_id: uuid.UUID):
    return await service.unassign_staff(session, actor, home_id, user_id)
