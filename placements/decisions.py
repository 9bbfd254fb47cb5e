"""Decision records (matchningsunderlag): the ranking a secretary saved with the chosen home and a motive.

Matching makes the ranking; this module keeps it, reads it back as each reader may see it (a protected
home's scores and reasons only for its assigned staff), and holds the rule a booking that cites a record
must keep: the children go where the record says.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import AuditAction, authorize, record
from core.database import flush_or_conflict, get_or_404
from core.errors import FieldError, InvalidInputError
from core.permissions import Action, Actor
from foster_homes import service as foster_homes
from placements import requests as placement_requests
from placements.models import DecisionRecord
from placements.schemas import WITHHELD_NOTICE, WITHHELD_REASON, DecisionRecordOut, PlacementIn

RECORD_NOT_FOUND = "Matchningsunderlaget finns inte."


async def save(
    session: AsyncSession, actor: Actor, request_id: uuid.UUID, *, settings: dict[str, Any],
    request: dict[str, Any], candidates: list[dict[str, Any]], excluded: list[dict[str, Any]],
    chosen_home_id: uuid.UUID | None, split: dict[str, Any] | None, motive: str,
) -> DecisionRecordOut:
    """Keep a ranking as it stood (already checked by matching) and mark the request matched: a home is
    chosen; the booking is separate."""
    await placement_requests.mark_matched(session, actor, request_id)
    decision = DecisionRecord(
        id=uuid.uuid4(), request_id=request_id, created_by=actor.name, created_by_id=actor.user_id,
        settings=settings, request=request, candidates=candidates, excluded=excluded,
        chosen_home_id=chosen_home_id, split=split, motive=motive,
    )
    session.add(decision)
    record(session, actor, AuditAction.CREATE, "decision_record", decision.id, detail=f"förfrågan {request_id}")
    await flush_or_conflict(session, "Matchningsunderlaget kunde inte sparas. Försök igen.")
    return await get_decision_record(session, actor, decision.id, log_read=False)


async def get_decision_record(
    session: AsyncSession, actor: Actor, record_id: uuid.UUID, *, log_read: bool = True
) -> DecisionRecordOut:
    await authorize(session, actor, Action.CHILD_READ, "decision_record", record_id)
    decision = await get_or_404(session, DecisionRecord, record_id, RECORD_NOT_FOUND)
    _, children = await placement_requests.request_children(session, decision.request_id)  # (detaches ``decision``: loaded)
    await placement_requests.require_may_see_where(children, actor, decision.request_id)
    if log_read:
        record(session, actor, AuditAction.READ, "decision_record", decision.id)
        await session.flush()
    chosen = next((c["home_name"] for c in decision.candidates if c["home_id"] == str(decision.chosen_home_id)), None)
    candidates, excluded, split = decision.candidates, decision.excluded, decision.split
    hidden = await _homes_hidden_from(session, actor, _homes_in_record(decision))
    if hidden:
        candidates, excluded, split = _record_without(hidden, candidates, excluded, split)
    return DecisionRecordOut(
        id=decision.id, request_id=decision.request_id, created_by=decision.created_by, created_at=decision.created_at,
        settings=decision.settings, request=decision.request, candidates=candidates,
        excluded=excluded, chosen_home_id=decision.chosen_home_id, chosen_home_name=chosen,
        split=split, motive=decision.motive,
        withheld_notice=WITHHELD_NOTICE if str(decision.chosen_home_id) in hidden else None,
    )


async def decision_records_for(session: AsyncSession, actor: Actor, request_id: uuid.UUID) -> list[uuid.UUID]:
    await authorize(session, actor, Action.CHILD_READ, "placement_request", request_id)
    _, children = await placement_requests.request_children(session, request_id)
    await placement_requests.require_may_see_where(children, actor, request_id)
    return list(await session.scalars(
        select(DecisionRecord.id).where(DecisionRecord.request_id == request_id).order_by(DecisionRecord.created_at)
    ))


async def require_cited_choice(session: AsyncSession, data: PlacementIn) -> None:
    """A booking that cites a decision record must be the request's and place the children in the chosen
    home (or, for a split, each child where the split put it)."""
    if data.decision_record_id is None:
        return
    decision = await session.get(DecisionRecord, data.decision_record_id)
    if decision is None or decision.request_id != data.request_id:
        raise InvalidInputError(FieldError("decision_record_id", "Matchningsunderlaget hör inte till förfrågan."))
    if decision.split:  # each child to the home the split gave it
        home_of = {uuid.UUID(h["child_id"]): uuid.UUID(h["home_id"]) for h in decision.split["homes"]}
        chosen_for_all = all(home_of.get(child_id) == data.foster_home_id for child_id in data.child_ids)
    else:
        chosen_for_all = data.foster_home_id == decision.chosen_home_id
    if not chosen_for_all:
        raise InvalidInputError(FieldError(
            "foster_home_id", "Hemmet är inte det som valdes i matchningsunderlaget; spara ett nytt underlag först."))


def _homes_in_record(decision: DecisionRecord) -> set[str]:
    homes = {c["home_id"] for c in decision.candidates}
    homes |= {home["id"] for group in decision.excluded for home in group["homes"]}
    homes |= {home["home_id"] for home in (decision.split or {}).get("homes", [])}
    return homes | ({str(decision.chosen_home_id)} if decision.chosen_home_id else set())


async def _homes_hidden_from(session: AsyncSession, actor: Actor, home_ids: set[str]) -> set[str]:
    """The protected homes among these that the reader may not locate."""
    protected = await foster_homes.protected_among(session, [uuid.UUID(i) for i in home_ids])
    return {str(i) for i in protected - await foster_homes.protected_homes_located_by(session, actor)}


def _record_without(
    hidden: set[str], candidates: list[dict[str, Any]], excluded: list[dict[str, Any]], split: dict[str, Any] | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any] | None]:
    """A record as a reader who may not locate the ``hidden`` homes may read it. Whoever saved it may have
    seen them: their scores, reasons and exclusion details are left out, and the homes are listed under the
    notice the reader's own ranking would give them (matching's Withheld)."""
    moved = [{"id": c["home_id"], "name": c["home_name"], "detail": WITHHELD_NOTICE}
             for c in candidates if c["home_id"] in hidden]
    kept_groups = []
    for group in excluded:
        out = [home for home in group["homes"] if home["id"] in hidden]
        moved += [{"id": home["id"], "name": home["name"], "detail": WITHHELD_NOTICE} for home in out]
        if group["reason"] == WITHHELD_REASON:
            moved += [home for home in group["homes"] if home["id"] not in hidden]
        elif group["count"] > len(out):
            kept_groups.append({**group, "count": group["count"] - len(out),
                                "homes": [home for home in group["homes"] if home["id"] not in hidden]})
    withheld_group = [{"reason": WITHHELD_REASON, "count": len(moved), "homes": moved}] if moved else []
    if split is not None and any(home["home_id"] in hidden for home in split["homes"]):
        split = {"explanation": "Förslaget att dela syskonen omfattar ett hem med skyddade personuppgifter. "
                                + WITHHELD_NOTICE.split(". ", 1)[1],
                 "homes": [{**home, "total": None} for home in split["homes"]]}
    return [c for c in candidates if c["home_id"] not in hidden], [*withheld_group, *kept_groups], split
