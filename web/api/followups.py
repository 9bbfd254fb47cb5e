"""JSON API of statutory follow-ups: /api/followups (due lists, completion, rescheduling, the rules, calendar)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import BaseModel

from core.schemas import Page
from placements import followups
from placements.schemas import (
    FollowupCompleteIn,
    FollowupFilter,
    FollowupItemOut,
    FollowupRescheduleIn,
    FollowupRuleIn,
    FollowupRuleOut,
    FollowupRuleUpdate,
    PlacementRules,
)
from web.auth import CurrentActor
from web.deps import Session

router = APIRouter(prefix="/api/followups", tags=["Uppföljning"])


class CalendarOut(BaseModel):
    url: str
    """The personal calendar address (shown once; a new one replaces it)."""


@router.get("", response_model=Page[FollowupItemOut], summary="Due follow-ups: overdue first, then by due date")
async def list_followups(session: Session, actor: CurrentActor, filters: Annotated[FollowupFilter, Query()]):
    return await followups.list_followups(session, actor, filters)


@router.post("/{item_id}/complete", response_model=FollowupItemOut, summary="Record that it was done")
async def complete(session: Session, actor: CurrentActor, item_id: uuid.UUID, data: FollowupCompleteIn):
    return await followups.complete(session, actor, item_id, data)


@router.post("/{item_id}/reschedule", response_model=FollowupItemOut, summary="Move the due date, with a reason")
async def reschedule(session: Session, actor: CurrentActor, item_id: uuid.UUID, data: FollowupRescheduleIn):
    return await followups.reschedule(session, actor, item_id, data)


@router.get("/rules", response_model=list[FollowupRuleOut])
async def list_rules(session: Session, actor: CurrentActor):
    return await followups.list_rules(session, actor)


@router.get("/settings", response_model=PlacementRules, summary="Follow-up thresholds and the law the references follow")
async def get_settings(session: Session, actor: CurrentActor):
    return await followups.settings(session)


@router.put("/settings", response_model=PlacementRules, summary="Change them (admin), e.g. to the new SoL (2025:400)")
async def save_settings(session: Session, actor: CurrentActor, data: PlacementRules):
    return await followups.save_settings(session, actor, data)


@router.post("/rules", response_model=FollowupRuleOut, status_code=status.HTTP_201_CREATED)
async def create_rule(session: Session, actor: CurrentActor, data: FollowupRuleIn):
    return await followups.create_rule(session, actor, data)


@router.put("/rules/{rule_id}", response_model=FollowupRuleOut)
async def update_rule(session: Session, actor: CurrentActor, rule_id: uuid.UUID, data: FollowupRuleUpdate):
    return await followups.update_rule(session, actor, rule_id, data)


@router.post("/calendar", response_model=CalendarOut, status_code=status.HTTP_201_CREATED,
             summary="A new personal calendar address (iCalendar) of one's due follow-ups")
async def new_calendar(request: Request, session: Session, actor: CurrentActor):
    token = await followups.new_calendar_token(session, actor)
    return CalendarOut(url=str(request.url_for("calendar_feed", token=token)))


# Calendar apps cannot sign in: the secret in the address is the key (and only ever opens this feed).
@router.get("/calendar/{token}.ics", name="calendar_feed", response_class=Response,
            summary="The calendar feed (no sign-in: the address is secret)")
async def calendar_feed(session: Session, token: str):
    return Response(await followups.calendar_feed(session, token), media_type="text/calendar; charset=utf-8",
                    headers={"Cache-Control": "private, no-store"})
