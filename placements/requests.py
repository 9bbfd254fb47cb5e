"""Placement requests: a child (or a sibling group) waiting for a home, from the request to matched or withdrawn."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from children.access import sees_location
from core import clock
from core.audit import AuditAction, authorize, changed_fields, log_refusal, record
from core.database import check_version, flush_or_conflict, get_or_404
from core.errors import ConflictError, FieldError, InvalidInputError
from core.permissions import Action, Actor, PermissionDeniedError
from core.references import new_reference
from core.schemas import Page
from children.models import Child, ChildAssignment
from core.pagination import fetch_page
from placements.models import PlacementRequest, PlacementRequestChild
from placements.schemas import (
    LegalBasis,
    PlacementRequestIn,
    PlacementRequestOut,
    RequestChildOut,
    RequestFilter,
    RequestStatus,
    Urgency,
    WithdrawIn,
)


# ---------------------------------------------------------------- placement requests

REQUEST_NOT_FOUND = "Förfrågan finns inte."
ACTIVE_STATUSES = frozenset({RequestStatus.OPEN, RequestStatus.MATCHED})
"""A request is open for matching and booking until it is placed or withdrawn."""


def require_active(request: PlacementRequest) -> None:
    """A placed or withdrawn request is a 409 wherever it is used: its state is wrong, not the input."""
    if request.status not in ACTIVE_STATUSES:
        raise ConflictError(f"Förfrågan {request.reference} är inte längre öppen (redan placerad eller återkallad).")


def waiting_days(created_at: dt.datetime, until: dt.date) -> int:
    """The one definition of a request's waiting days: whole days from the Swedish calendar day it was created
    to ``until`` (today while open, else the day it was placed or closed), never negative."""
    return max(0, (until - created_at.astimezone(clock.SWEDISH_TIME).date()).days)


def waiting_days_sql(created_at: str, until: str, *, clamp: bool = True) -> str:
    """:func:`waiting_days` as a SQL fragment over two SQL expressions (a timestamptz and a date), for raw SQL.
    ``clamp=False`` keeps a negative difference (a caller that has always counted it so)."""
    days = f"{until} - ({created_at} AT TIME ZONE '{clock.SWEDISH_TIME.key}')::date"
    return f"greatest(0, {days})" if clamp else f"({days})"


LVU_AGE_LIMITS = {
    LegalBasis.LVU_2: (18, "Vård enligt 2 § LVU gäller den som är under 18 år."),
    LegalBasis.LVU_3: (21, "Vård enligt 3 § LVU upphör senast när den unge fyller 21 år."),
    LegalBasis.LVU_6: (20, "Omedelbart omhändertagande enligt 6 § LVU gäller den som är under 20 år."),
}
"""The age from which a legal basis no longer holds (LVU 1 §, 6 § and 21 §): a child that old on the start day
cannot be placed under it."""


def legal_basis_refusal(legal_basis: LegalBasis, birth_date: dt.date, starts_on: dt.date) -> str | None:
    """Why a child born on birth_date cannot be placed under legal_basis from starts_on, or None."""
    limit = LVU_AGE_LIMITS.get(legal_basis)
    if limit is None or clock.age_on(birth_date, starts_on) < limit[0]:
        return None
    return f"{limit[1]} Barnet är {clock.age_on(birth_date, starts_on)} år vid starten."


def check_legal_basis(legal_basis: LegalBasis, children: list[Child], starts_on: dt.date) -> None:
    """Refuse, at the legal basis field, a child too old for it on the start day."""
    refusals = [refusal for child in children if (refusal := legal_basis_refusal(legal_basis, child.birth_date, starts_on))]
    if refusals:
        raise InvalidInputError(FieldError("legal_basis", refusals[0]))


def _child_ids(request: PlacementRequest) -> list[uuid.UUID]:
    return [link.child_id for link in sorted(request.children, key=lambda link: link.position)]


async def _children_of(session: AsyncSession, requests: list[PlacementRequest]) -> dict[uuid.UUID, Child]:
    """The children of all the requests, by id, in one query."""
    ids = list({child_id for request in requests for child_id in _child_ids(request)})
    if not ids:
        return {}
    return {c.id: c for c in await session.scalars(select(Child).where(Child.id.in_(ids)))}


async def _request_out(session: AsyncSession, request: PlacementRequest) -> PlacementRequestOut:
    return _out(request, await _children_of(session, [request]))


def _out(request: PlacementRequest, rows: dict[uuid.UUID, Child]) -> PlacementRequestOut:
    child_ids = _child_ids(request)
    today = clock.today()
    # closed_at comes back in UTC, so this is the UTC day (a close before 02:00 Swedish time counts the day
    # before); kept as it has always been shown.
    end = request.closed_at.date() if request.closed_at else today
    return PlacementRequestOut(
        id=request.id,
        reference=request.reference,
        children=[
            RequestChildOut(id=i, name=f"{rows[i].first_name} {rows[i].last_name}",
                            age=clock.age_on(rows[i].birth_date, today), gender=rows[i].gender)
            for i in child_ids
        ],
        kind=request.kind,
        legal_basis=request.legal_basis,
        wanted_start=request.wanted_start,
        expected_length_months=request.expected_length_months,
        together=request.together,
        required_tags=request.required_tags,
        wish_tags=request.wish_tags,
        wishes=request.wishes,
        urgency=Urgency(request.urgency),
        protection_needs=request.protection_needs,
        status=request.status,
        waiting_days=waiting_days(request.created_at, end),
        created_by=request.created_by,
        created_at=request.created_at,
        version=request.version,
    )


async def _load_request(session: AsyncSession, request_id: uuid.UUID, *, for_update: bool = False) -> PlacementRequest:
    return await get_or_404(session, PlacementRequest, request_id, REQUEST_NOT_FOUND,
                            (selectinload(PlacementRequest.children),), for_update=for_update)


async def create_request(session: AsyncSession, actor: Actor, data: PlacementRequestIn) -> PlacementRequestOut:
    await authorize(session, actor, Action.CHILD_WRITE, "placement_request")
    found = {child.id: child for child in await session.scalars(select(Child).where(Child.id.in_(data.child_ids)))}
    missing = [i for i, child_id in enumerate(data.child_ids) if child_id not in found]
    if missing:
        raise InvalidInputError([FieldError(f"child_ids.{i}", "Okänt barn.") for i in missing])
    check_legal_basis(data.legal_basis, list(found.values()), data.wanted_start)
    already = await session.scalar(
        select(PlacementRequest.reference)
        .join(PlacementRequestChild)
        .where(PlacementRequestChild.child_id.in_(data.child_ids),
               PlacementRequest.status.in_(ACTIVE_STATUSES))
        .limit(1)
    )
    if already:
        raise ConflictError(f"Ett av barnen finns redan i den öppna förfrågan {already}.")
    request = PlacementRequest(
        id=uuid.uuid4(), reference=new_reference("F-"), status=RequestStatus.OPEN, created_by=actor.name,
        created_by_id=actor.user_id,
        **data.model_dump(exclude={"child_ids"}),
    )
    request.children = [PlacementRequestChild(child_id=child_id, position=i) for i, child_id in enumerate(data.child_ids)]
    session.add(request)
    record(session, actor, AuditAction.CREATE, "placement_request", request.id,
           changes=changed_fields({}, data.model_dump(mode="json")))
    await flush_or_conflict(session, "Förfrågan kunde inte sparas. Försök igen.")
    return await get_request(session, actor, request.id, log_read=False)


async def get_request(session: AsyncSession, actor: Actor, request_id: uuid.UUID, *, log_read: bool = True) -> PlacementRequestOut:
    await authorize(session, actor, Action.CHILD_READ, "placement_request", request_id)
    request = await _load_request(session, request_id)
    if log_read:
        record(session, actor, AuditAction.READ, "placement_request", request.id)
        await session.flush()
    return await _request_out(session, request)


async def list_requests(session: AsyncSession, actor: Actor, filters: RequestFilter) -> Page[PlacementRequestOut]:
    await authorize(session, actor, Action.CHILD_READ, "placement_request")
    conditions = [PlacementRequest.status.in_(filters.status)] if filters.status else []
    if filters.created_by_id is not None:
        conditions.append(PlacementRequest.created_by_id == filters.created_by_id)
    requests, total = await fetch_page(
        session,
        select(PlacementRequest).where(*conditions).options(selectinload(PlacementRequest.children))
        .order_by(PlacementRequest.urgency.desc(), PlacementRequest.created_at, PlacementRequest.id),
        count_from=PlacementRequest, conditions=conditions, page=filters.page, page_size=filters.page_size, scalars=True,
    )
    children = await _children_of(session, requests)  # one query for the page, not one per request
    items = [_out(request, children) for request in requests]
    record(session, actor, AuditAction.READ, "placement_request", object_ids=[r.id for r in items], detail="lista")
    await session.flush()
    return Page(items=items, total=total, page=filters.page, page_size=filters.page_size)


async def withdraw_request(session: AsyncSession, actor: Actor, request_id: uuid.UUID, data: WithdrawIn) -> PlacementRequestOut:
    await authorize(session, actor, Action.CHILD_WRITE, "placement_request", request_id)
    request = await _load_request(session, request_id, for_update=True)
    check_version(request.version, data.version)
    require_active(request)
    previous = request.status
    request.status, request.status_reason, request.closed_at = RequestStatus.WITHDRAWN, data.reason, clock.now()
    record(session, actor, AuditAction.CLOSE, "placement_request", request.id,
           changes={"status": [previous.value, RequestStatus.WITHDRAWN.value]}, detail=data.reason)
    await flush_or_conflict(session)
    return await get_request(session, actor, request_id, log_read=False)


async def mark_matched(session: AsyncSession, actor: Actor, request_id: uuid.UUID) -> None:
    """A home (or a split) has been chosen for the request: open → matched, in the caller's transaction
    (it saves the decision record beside it). Locks the request so two decisions never race."""
    request = await _load_request(session, request_id, for_update=True)
    require_active(request)
    if request.status == RequestStatus.OPEN:
        request.status = RequestStatus.MATCHED
        record(session, actor, AuditAction.UPDATE, "placement_request", request.id,
               changes={"status": [RequestStatus.OPEN.value, RequestStatus.MATCHED.value]})


async def open_request_ids(session: AsyncSession) -> list[uuid.UUID]:
    return list(await session.scalars(select(PlacementRequest.id).where(PlacementRequest.status == RequestStatus.OPEN)))


async def require_may_see_where(children: list[Child], actor: Actor, request_id: uuid.UUID) -> None:
    """Matching a child with protected identity shows where it may come to live, and its decision record where
    it lives: only for the staff assigned to the child. A refusal is logged like any other."""
    if any(not sees_location(child, actor) for child in children):
        await log_refusal(actor, "placement_request", request_id, detail="skyddade personuppgifter")
        raise PermissionDeniedError(
            "Barnet har skyddade personuppgifter: bara barnets socialsekreterare och tilldelad personal kan matcha "
            "och se matchningsunderlaget.")


async def request_ids_visible_to(session: AsyncSession, actor: Actor, request_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """The requests whose children the actor may see placed (not protected, or assigned to every protected one)."""
    hidden = select(PlacementRequestChild.request_id).join(Child, Child.id == PlacementRequestChild.child_id).where(
        Child.protected_identity.is_(True),
        Child.responsible_worker_id.is_distinct_from(actor.user_id),
        ~exists().where(ChildAssignment.child_id == Child.id, ChildAssignment.user_id == actor.user_id),
    )
    return list(await session.scalars(
        select(PlacementRequest.id).where(PlacementRequest.id.in_(request_ids), PlacementRequest.id.not_in(hidden))))


async def request_children(session: AsyncSession, request_id: uuid.UUID) -> tuple[PlacementRequest, list[Child]]:
    """The request and its children with needs, for the matching service (which logs its own reads)."""
    request = await _load_request(session, request_id)
    order = {link.child_id: link.position for link in request.children}
    children = list(await session.scalars(
        select(Child).where(Child.id.in_(order)).options(selectinload(Child.needs), selectinload(Child.assignments))
    ))
    return request, sorted(children, key=lambda c: order[c.id])
