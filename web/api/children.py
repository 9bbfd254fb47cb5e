"""JSON API of children: /api/children with needs, wishes, siblings, network, enrolments and school continuity."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from core.schemas import Day, Latitude, Longitude, Page
from children import service as children_service
from children.schemas import (
    ChildFilter,
    ChildIn,
    ChildOut,
    ChildSummary,
    ChildUpdate,
    NeedOut,
    NeedsIn,
    NetworkExaminationIn,
    NetworkMemberIn,
    NetworkMemberOut,
    NetworkMemberUpdate,
    SiblingIn,
    WishIn,
    WishOut,
)
from foster_homes.schemas import AssignmentIn
from schooling import service as schooling
from schooling.schemas import ContinuityOut, EnrolmentIn, EnrolmentOut
from web.auth import CurrentActor
from web.deps import Session

router = APIRouter(prefix="/api/children", tags=["Barn"])


@router.get("", response_model=Page[ChildSummary])
async def list_children(session: Session, actor: CurrentActor, filters: Annotated[ChildFilter, Query()]):
    return await children_service.list_children(session, actor, filters)


@router.post("", response_model=ChildOut, status_code=status.HTTP_201_CREATED)
async def create_child(session: Session, actor: CurrentActor, data: ChildIn):
    return await children_service.create_child(session, actor, data)


@router.get("/{child_id}", response_model=ChildOut)
async def get_child(
    session: Session,
    actor: CurrentActor,
    child_id: uuid.UUID,
    reveal_reason: Annotated[
        str | None, Query(max_length=500, description="Admins only: why a protected child's address must be shown (logged).")
    ] = None,
):
    return await children_service.get_child(session, actor, child_id, reveal_reason=reveal_reason)


@router.put("/{child_id}", response_model=ChildOut, summary="Replace the child's record (send the version you read)")
async def update_child(session: Session, actor: CurrentActor, child_id: uuid.UUID, data: ChildUpdate):
    return await children_service.update_child(session, actor, child_id, data)


@router.get("/{child_id}/needs", response_model=list[NeedOut], summary="Every needs assessment, newest first")
async def need_history(session: Session, actor: CurrentActor, child_id: uuid.UUID):
    return await children_service.need_history(session, actor, child_id)


@router.post("/{child_id}/needs", response_model=list[NeedOut], status_code=status.HTTP_201_CREATED,
             summary="Record a needs assessment; returns the current need per domain")
async def record_needs(session: Session, actor: CurrentActor, child_id: uuid.UUID, data: NeedsIn):
    return await children_service.record_needs(session, actor, child_id, data)


@router.post("/{child_id}/wishes", response_model=WishOut, status_code=status.HTTP_201_CREATED,
             summary="Record the child's own wishes and views (barnets åsikter)")
async def add_wish(session: Session, actor: CurrentActor, child_id: uuid.UUID, data: WishIn):
    return await children_service.add_wish(session, actor, child_id, data)


@router.post("/{child_id}/siblings", response_model=ChildOut)
async def link_sibling(session: Session, actor: CurrentActor, child_id: uuid.UUID, data: SiblingIn):
    return await children_service.link_sibling(session, actor, child_id, data)


@router.delete("/{child_id}/siblings/{sibling_id}", response_model=ChildOut)
async def unlink_sibling(session: Session, actor: CurrentActor, child_id: uuid.UUID, sibling_id: uuid.UUID):
    return await children_service.unlink_sibling(session, actor, child_id, sibling_id)


@router.post("/{child_id}/assignments", response_model=ChildOut, summary="Assign staff (they may see a protected address)")
async def assign_staff(session: Session, actor: CurrentActor, child_id: uuid.UUID, data: AssignmentIn):
    return await children_service.assign_staff(session, actor, child_id, data.user_id)


@router.get("/{child_id}/network", response_model=list[NetworkMemberOut])
async def list_network(session: Session, actor: CurrentActor, child_id: uuid.UUID):
    return await children_service.list_network(session, actor, child_id)


@router.post("/{child_id}/network", response_model=NetworkMemberOut, status_code=status.HTTP_201_CREATED)
async def add_member(session: Session, actor: CurrentActor, child_id: uuid.UUID, data: NetworkMemberIn):
    return await children_service.add_member(session, actor, child_id, data)


@router.put("/{child_id}/network/{member_id}", response_model=NetworkMemberOut)
async def update_member(
    session: Session, actor: CurrentActor, child_id: uuid.UUID, member_id: uuid.UUID, data: NetworkMemberUpdate
):
    return await children_service.update_member(session, actor, child_id, member_id, data)


@router.delete("/{child_id}/network/{member_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
async def remove_member(session: Session, actor: CurrentActor, child_id: uuid.UUID, member_id: uuid.UUID):
    await children_service.remove_member(session, actor, child_id, member_id)


@router.post("/{child_id}/network-examinations", response_model=ChildOut, status_code=status.HTTP_201_CREATED,
             summary="Record that the network was examined first (and the conclusion)")
async def record_network_examination(session: Session, actor: CurrentActor, child_id: uuid.UUID, data: NetworkExaminationIn):
    return await children_service.record_network_examination(session, actor, child_id, data)


@router.get("/{child_id}/enrolments", response_model=list[EnrolmentOut])
async def list_enrolments(session: Session, actor: CurrentActor, child_id: uuid.UUID):
    return await schooling.list_enrolments(session, actor, child_id)


@router.post("/{child_id}/enrolments", response_model=list[EnrolmentOut], status_code=status.HTTP_201_CREATED,
             summary="Enrol at a school; an open enrolment elsewhere ends that day")
async def add_enrolment(session: Session, actor: CurrentActor, child_id: uuid.UUID, data: EnrolmentIn):
    return await schooling.add_enrolment(session, actor, child_id, data)


@router.get("/{child_id}/school-continuity", response_model=ContinuityOut,
            summary="Can the child keep its school if it lives at this point?")
async def school_continuity(
    session: Session,
    actor: CurrentActor,
    child_id: uuid.UUID,
    latitude: Annotated[Latitude, Query()],
    longitude: Annotated[Longitude, Query()],
    move_on: Annotated[Day | None, Query(description="Moving day (default today)")] = None,
):
    return await schooling.school_continuity(session, actor, child_id, latitude, longitude, move_on)
