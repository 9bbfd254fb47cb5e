"""Placements: booking a child (or a sibling group) into a home or an institution, moving, ending, reading.

Booking takes the place in the home under a row lock on the home (foster_homes.take_place), so two
secretaries booking the last place get one success and one 409; the database's exclusion constraint keeps a
child out of two placements at once. The first follow-ups are planned in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import Uuid, any_, cast, delete, func, join, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from accounts import service as accounts
from children.access import entries_about_protected_children
from core import audit, clock
from core.audit import AuditAction, authorize, changed_fields, record
from core.database import check_version, flush_or_conflict, get_or_404
from core.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from core.permissions import Action, Actor, PermissionDeniedError
from core.schemas import Page, contains_pattern
from foster_homes import prices, rate_cards
from foster_homes.rate_cards import check_open
from foster_homes.models import RateCard
from foster_homes import service as foster_homes
from placements import decisions, followups
from placements import requests as placement_requests
from children import service as children_service
from children.models import Child
from children.network import Home
from placements.models import (
    FollowupItem,
    Placement,
    PlacementExtraCost,
    PlacementFeeLevel,
    PlacementRecord,
    PlacementRequest,
    PlacementRequestChild,
)
from placements.schemas import (
    EndReason,
    ExtraCostIn,
    ExtraCostOut,
    ExtraLineKind,
    FeeLevelIn,
    FeeLevelOut,
    RevenueReceivedIn,
    PlacementChange,
    PlannedEndIn,
    NOT_KINSHIP,
    FollowupStatus,
    PlacementEndIn,
    PlacementFilter,
    PlacementIn,
    PlacementOut,
    PlacementSetting,
    PlacementSummary,
    RequestKind,
    RequestStatus,
)
from children.access import location_visible, sees_location
from core.pagination import fetch_page
from core.references import new_reference
from foster_homes.schemas import FeeLevel, HomeKind, InstitutionKind, default_fee_level

PLACEMENT_NOT_FOUND = "Placeringen finns inte."
OVERLAP = "Barnet har redan en placering under den perioden; avsluta den först eller boka en flytt."
HIDDEN_TARGET = "Skyddad placering"


def _setting(target_kind: HomeKind | InstitutionKind, is_institution: bool, kind: RequestKind) -> PlacementSetting:
    if is_institution:
        return PlacementSetting.INSTITUTION
    if target_kind == HomeKind.EMERGENCY or kind == RequestKind.EMERGENCY:
        return PlacementSetting.EMERGENCY_HOME
    return PlacementSetting.FAMILY_HOME


# ---------------------------------------------------------------- booking

async def book(session: AsyncSession, actor: Actor, data: PlacementIn) -> list[PlacementOut]:
    """Book the children into the home or institution: all of them or none; where the booking cites a
    decision record, where the record says."""
    await authorize(session, actor, Action.CHILD_WRITE, "placement")
    await decisions.require_cited_choice(session, data)
    if (data.foster_home_id is None) == (data.institution_id is None):
        raise InvalidInputError(FieldError("foster_home_id", "Välj ett familjehem eller en institution (en av dem)."))
    children = await _children_for_booking(session, actor, data)
    placement_requests.check_legal_basis(data.legal_basis, children, data.starts_on)
    request = await _request_for_booking(session, data) if data.request_id else None
    previous = await _end_previous(session, actor, data, children) if data.previous_placement_id else None
    await _check_no_overlap(session, data, children)
    for field, user_id in (("responsible_worker_id", data.responsible_worker_id),
                           ("family_care_secretary_id", data.family_care_secretary_id)):
        if user_id is not None and not await accounts.is_active_user(session, user_id):
            raise InvalidInputError(FieldError(field, "Okänd eller inaktiverad användare."))
    card = await rate_cards.rate_card_on(session, data.starts_on)
    family_care = data.family_care_secretary_id
    if family_care is None and data.foster_home_id is not None:  # the home's own family-care secretary
        family_care = next(iter(await foster_homes.assigned_staff(session, data.foster_home_id)), None)
    placements = []
    for child in children:
        reference = new_reference("P-")
        if data.foster_home_id is not None:
            target, place_id = await foster_homes.take_place(
                session, data.foster_home_id, birth_year=child.birth_date.year, starts_on=data.starts_on,
                note="Placerad genom Placera")  # no reference: the home's readers must not learn whose place it is
        else:
            target, place_id = await foster_homes.institution_target(session, data.institution_id, data.starts_on), None
        household = None if target.is_institution else Home(target.id, target.name, target.adult_personal_numbers)
        with_kin = await is_kin(session, actor, household, child.id)
        if not with_kin and not data.not_kinship_reason:
            raise InvalidInputError(FieldError("not_kinship_reason", NOT_KINSHIP))
        placement = Placement(
            id=uuid.uuid4(), reference=reference, child_id=child.id, request_id=data.request_id,
            decision_record_id=data.decision_record_id, previous_placement_id=previous.id if previous else None,
            foster_home_id=data.foster_home_id, institution_id=data.institution_id, household_child_id=place_id,
            setting=_setting(target.kind, target.is_institution, data.kind), target_kind=target.kind,
            kind=data.kind, legal_basis=data.legal_basis, decided_on=data.decided_on, decided_by=data.decided_by,
            starts_on=data.starts_on, planned_end=data.planned_end,
            responsible_worker_id=data.responsible_worker_id or child.responsible_worker_id,
            family_care_secretary_id=family_care,
            compensation_note=data.compensation_note, network_examined=data.network_examined,
            not_kinship_reason=data.not_kinship_reason, with_kin=with_kin, created_by=actor.name,
            extra_costs=[PlacementExtraCost(id=uuid.uuid4(), **cost.model_dump()) for cost in data.extra_costs],
        )
        _compensation(placement, data, target, child, card)
        session.add(placement)
        await flush_or_conflict(session, OVERLAP)  # the follow-ups refer to it
        remember(session, placement, PlacementChange.BOOKED)
        await followups.plan_placement(session, placement)
        record(session, actor, AuditAction.CREATE, "placement", placement.id,
               changes=changed_fields({}, _document(placement)), detail=f"barn {child.reference}")
        placements.append(placement)
    if request is not None:
        await _mark_request_placed(session, actor, request)
    await flush_or_conflict(session, OVERLAP)
    return [await get_placement(session, actor, p.id, log_read=False) for p in placements]


async def _children_for_booking(session: AsyncSession, actor: Actor, data: PlacementIn) -> list[Child]:
    # Locking the children serialises two bookings of the same child; the constraint is the last line.
    found = {child.id: child for child in await session.scalars(
        select(Child).where(Child.id.in_(data.child_ids)).options(selectinload(Child.assignments))
        .with_for_update(of=Child).order_by(Child.id).execution_options(populate_existing=True)
    )}
    missing = [i for i, child_id in enumerate(data.child_ids) if child_id not in found]
    if missing:
        raise InvalidInputError([FieldError(f"child_ids.{i}", "Okänt barn.") for i in missing])
    children = [found[child_id] for child_id in data.child_ids]
    for child in children:
        if not sees_location(child, actor):
            raise PermissionDeniedError(
                "Barnet har skyddade personuppgifter; bara barnets socialsekreterare och tilldelad personal kan placera barnet.")
    return children


async def _request_for_booking(session: AsyncSession, data: PlacementIn) -> PlacementRequest:
    request = await session.get(PlacementRequest, data.request_id, with_for_update={"of": PlacementRequest},
                                populate_existing=True)
    if request is None:
        raise InvalidInputError(FieldError("request_id", "Förfrågan finns inte."))
    placement_requests.require_active(request)
    in_request = set(await session.scalars(
        select(PlacementRequestChild.child_id).where(PlacementRequestChild.request_id == request.id)))
    if not set(data.child_ids) <= in_request:
        raise InvalidInputError(FieldError("child_ids", f"Alla barnen måste höra till förfrågan {request.reference}."))
    return request


async def placement_of_request(session: AsyncSession, request_id: uuid.UUID) -> uuid.UUID | None:
    """The first placement booked from a request (siblings booked together have one each)."""
    return await session.scalar(select(Placement.id).where(Placement.request_id == request_id)
                                .order_by(Placement.created_at, Placement.reference).limit(1))


async def _mark_request_placed(session: AsyncSession, actor: Actor, request: PlacementRequest) -> None:
    """The request is placed once every child in it has a placement from it."""
    in_request = set(await session.scalars(
        select(PlacementRequestChild.child_id).where(PlacementRequestChild.request_id == request.id)))
    placed = set(await session.scalars(select(Placement.child_id).where(Placement.request_id == request.id)))
    if in_request <= placed:
        previous = request.status
        request.status, request.closed_at = RequestStatus.PLACED, clock.now()
        record(session, actor, AuditAction.UPDATE, "placement_request", request.id,
               changes={"status": [previous.value, RequestStatus.PLACED.value]})


async def _end_previous(session: AsyncSession, actor: Actor, data: PlacementIn, children: list[Child]) -> Placement:
    """A change of home: the previous placement ends on the new start date (the moving day)."""
    previous = await session.get(Placement, data.previous_placement_id, with_for_update={"of": Placement})
    if previous is None or [previous.child_id] != [child.id for child in children]:
        raise InvalidInputError(FieldError("previous_placement_id", "Den tidigare placeringen gäller inte det här barnet."))
    if data.version is not None:
        check_version(previous.version, data.version)
    if previous.ended_on is not None:
        raise InvalidInputError(FieldError("previous_placement_id", "Den tidigare placeringen är redan avslutad."))
    if data.starts_on <= previous.starts_on:
        raise InvalidInputError(FieldError("starts_on", "Flytten måste ske efter att den tidigare placeringen började."))
    if data.previous_end_reason not in (EndReason.PLANNED_MOVE, EndReason.UNPLANNED_MOVE, EndReason.OTHER):
        raise InvalidInputError(FieldError(
            "previous_end_reason", "Ange om flytten är planerad eller oplanerad (sammanbrott)."))
    await _end(session, actor, previous, data.starts_on, data.previous_end_reason, "Flytt till ny placering.")
    return previous


async def _check_no_overlap(session: AsyncSession, data: PlacementIn, children: list[Child]) -> None:
    overlapping = await session.scalar(select(func.count()).select_from(Placement).where(
        Placement.child_id.in_([child.id for child in children]),
        or_(Placement.ended_on.is_(None), Placement.ended_on > data.starts_on),
    ))
    if overlapping:
        raise ConflictError(OVERLAP)


class Terms(NamedTuple):
    """What a booking pays unless the secretary gives another amount (None: not paid this way)."""

    fee_level: FeeLevel
    fee_monthly: Decimal | None
    expense_allowance_monthly: Decimal | None
    daily_price: Decimal | None
    rate_card_from: dt.date | None


def default_terms(target: foster_homes.PlacementTarget, card: RateCard, age: int, level: FeeLevel | None = None) -> Terms:
    """The rate card in force at the start for own, kinship, reinforced and emergency homes (the fee at the
    home's default level, the allowance by the child's age), the agency's contract price in force then for a
    consultant home, the institution's own price. The costs follow the card from day to day after that
    (costs.day_cost); an amount the secretary gives holds for the whole placement."""
    level = level or default_fee_level(target.kind)
    if target.is_institution:
        return Terms(level, None, None, target.institution_daily_price, None)
    if target.kind == HomeKind.CONSULTANT:
        return Terms(level, None, None, target.agency_daily_price, None)
    return Terms(level, prices.card_fee(card, level), prices.card_allowance(card, age), None, card.valid_from)


async def terms_for(session: AsyncSession, home_id: uuid.UUID, child_ids: list[uuid.UUID], starts_on: dt.date
                    ) -> dict[uuid.UUID, Terms]:
    """The default terms a booking into the home from ``starts_on`` will use, per child (the booking form
    shows them)."""
    target = await foster_homes.home_target(session, home_id, starts_on)
    card = await rate_cards.rate_card_on(session, starts_on, estimate=True)
    births = dict((await session.execute(select(Child.id, Child.birth_date).where(Child.id.in_(child_ids)))).all())
    return {child_id: default_terms(target, card, clock.age_on(births[child_id], starts_on))
            for child_id in child_ids if child_id in births}


def _compensation(placement: Placement, data: PlacementIn, target, child: Child, card: RateCard) -> None:
    """Compensation terms: given ones win, otherwise default_terms."""
    defaults = default_terms(target, card, clock.age_on(child.birth_date, data.starts_on), data.fee_level)
    placement.fee_level = defaults.fee_level
    placement.fee_given, placement.allowance_given = data.fee_monthly is not None, data.expense_allowance_monthly is not None
    placement.price_given = data.daily_price is not None  # a price of 0 given on purpose stays 0
    placement.fee_monthly = data.fee_monthly if placement.fee_given else defaults.fee_monthly
    placement.expense_allowance_monthly = (data.expense_allowance_monthly if placement.allowance_given
                                           else defaults.expense_allowance_monthly)
    placement.daily_price = data.daily_price if placement.price_given else defaults.daily_price
    if target.kind == HomeKind.CONSULTANT and placement.daily_price is None:
        raise InvalidInputError(FieldError(
            "daily_price", "Konsulentverksamheten har inget avtalspris som gäller vid starten: ange dygnspriset."))


def _document(placement: Placement) -> dict:
    fields = ("child_id", "request_id", "decision_record_id", "previous_placement_id", "foster_home_id", "institution_id",
              "setting", "kind", "legal_basis", "decided_on", "decided_by", "starts_on", "planned_end", "ended_on",
              "end_reason", "responsible_worker_id", "family_care_secretary_id", "fee_monthly",
              "expense_allowance_monthly", "daily_price", "network_examined", "not_kinship_reason")
    return {field: getattr(placement, field) for field in fields}


async def is_kin(session: AsyncSession, actor: Actor, home: Home | None, child_id: uuid.UUID) -> bool:
    """Network first: a booking that is not with kin says why. Kin has one meaning, the one matching ranks by
    (children.network.ChildNetwork.kinship): an adult of the household is in the child's network, or the home
    is registered as the network's home, never through a person the child is protected from. The home's
    kind alone does not make it kin. An institution (no household: None) never is."""
    if home is None:
        return False
    network = await children_service.child_network(session, actor, child_id)
    return network.kinship(home) is not None


# ---------------------------------------------------------------- ending

async def end_placement(session: AsyncSession, actor: Actor, placement_id: uuid.UUID, data: PlacementEndIn) -> PlacementOut:
    await authorize(session, actor, Action.CHILD_WRITE, "placement", placement_id)
    placement = await get_or_404(session, Placement, placement_id, PLACEMENT_NOT_FOUND, for_update=True)
    check_version(placement.version, data.version)
    child = await session.get(Child, placement.child_id, options=[selectinload(Child.assignments)], populate_existing=True)
    if not sees_location(child, actor):
        raise PermissionDeniedError("Barnet har skyddade personuppgifter; bara tilldelad personal kan avsluta placeringen.")
    if placement.ended_on is not None:
        raise InvalidInputError(FieldError("ended_on", "Placeringen är redan avslutad."))
    if data.ended_on <= placement.starts_on:
        raise InvalidInputError(FieldError("ended_on", "Slutdatum måste ligga efter startdatum."))
    await _end(session, actor, placement, data.ended_on, data.reason, data.note)
    await flush_or_conflict(session, "Placeringen ändrades samtidigt. Ladda om och försök igen.")
    return await get_placement(session, actor, placement_id, log_read=False)


async def _end(session: AsyncSession, actor: Actor, placement: Placement, ended_on, reason: EndReason, note: str | None) -> None:
    before = _document(placement)
    placement.ended_on, placement.end_reason, placement.end_note = ended_on, reason, note
    placement.updated_at = clock.now()
    if placement.household_child_id is not None:
        await foster_homes.release_place(session, placement.household_child_id, ended_on)
    cancelled = await followups.close_for_ended(session, placement)
    remember(session, placement, PlacementChange.ENDED)
    record(session, actor, AuditAction.UPDATE, "placement", placement.id,
           changes=changed_fields(before, _document(placement)),
           detail=f"avslutad: {reason.value}" + (f"; {cancelled} uppföljningar avbrutna" if cancelled else ""))


async def change_planned_end(session: AsyncSession, actor: Actor, placement_id: uuid.UUID, data: PlannedEndIn
                             ) -> PlacementOut:
    """A new planned end for an ongoing placement (an extension decided, or an earlier end foreseen)."""
    placement = await _placement_for_change(session, actor, placement_id)
    check_version(placement.version, data.version)
    if placement.ended_on is not None:
        raise InvalidInputError(FieldError("planned_end", "Placeringen är redan avslutad."))
    if data.planned_end is not None and data.planned_end <= placement.starts_on:
        raise InvalidInputError(FieldError("planned_end", "Planerat slut måste ligga efter startdatum."))
    before = _document(placement)
    placement.planned_end = data.planned_end
    placement.updated_at = clock.now()
    remember(session, placement, PlacementChange.PLANNED_END)
    record(session, actor, AuditAction.UPDATE, "placement", placement.id,
           changes=changed_fields(before, _document(placement)), detail="nytt planerat slut"
           + (f": {data.note}" if data.note else ""))
    await flush_or_conflict(session, "Placeringen ändrades samtidigt. Ladda om och försök igen.")
    return await get_placement(session, actor, placement_id, log_read=False)


# ---------------------------------------------------------------- extra costs and revenues

EXTRA_NOT_FOUND = "Raden finns inte."


async def _placement_for_change(session: AsyncSession, actor: Actor, placement_id: uuid.UUID) -> Placement:
    """The placement, locked, for a change by someone who may make it (a protected child's: its own staff)."""
    await authorize(session, actor, Action.CHILD_WRITE, "placement", placement_id)
    placement = await get_or_404(session, Placement, placement_id, PLACEMENT_NOT_FOUND, for_update=True)
    child = await session.get(Child, placement.child_id, options=[selectinload(Child.assignments)], populate_existing=True)
    if not sees_location(child, actor):
        raise PermissionDeniedError("Barnet har skyddade personuppgifter; bara tilldelad personal kan ändra placeringen.")
    return placement


async def add_extra_line(session: AsyncSession, actor: Actor, placement_id: uuid.UUID, data: ExtraCostIn) -> PlacementOut:
    """An extra cost or a revenue of a placement, from a day in an open month (a past month's cost never
    changes: a late bill is counted in the month it is entered), within the placement."""
    placement = await _placement_for_change(session, actor, placement_id)
    check_open("starts_on", data.starts_on, "En ny rad")
    if data.starts_on < placement.starts_on or (placement.ended_on and data.starts_on >= placement.ended_on):
        raise InvalidInputError(FieldError("starts_on", "Raden måste börja under placeringen."))
    line = PlacementExtraCost(id=uuid.uuid4(), placement_id=placement.id, **data.model_dump())
    session.add(line)
    placement.updated_at = clock.now()
    record(session, actor, AuditAction.UPDATE, "placement", placement.id,
           changes=changed_fields({}, {"extra_line": data.model_dump(mode="json")}), detail=f"ny rad: {data.kind.value}")
    await flush_or_conflict(session, "Placeringen ändrades samtidigt. Ladda om och försök igen.")
    return await get_placement(session, actor, placement_id, log_read=False)


async def record_received(session: AsyncSession, actor: Actor, placement_id: uuid.UUID, line_id: uuid.UUID,
                          data: RevenueReceivedIn) -> PlacementOut:
    """What has been received of a revenue so far (the costs count what is expected)."""
    placement = await _placement_for_change(session, actor, placement_id)
    line = await get_or_404(session, PlacementExtraCost, line_id, EXTRA_NOT_FOUND, for_update=True)
    if line.placement_id != placement.id:
        raise NotFoundError(EXTRA_NOT_FOUND)
    if not ExtraLineKind(line.kind).is_revenue:
        raise InvalidInputError(FieldError("received", "Bara en intäkt tas emot."))
    before = {"received": str(line.received) if line.received is not None else None}
    line.received, line.received_on = data.received, data.received_on
    record(session, actor, AuditAction.UPDATE, "placement", placement.id,
           changes=changed_fields(before, {"received": str(data.received)}), detail="intäkt mottagen")
    await flush_or_conflict(session, "Placeringen ändrades samtidigt. Ladda om och försök igen.")
    return await get_placement(session, actor, placement_id, log_read=False)


async def change_fee_level(session: AsyncSession, actor: Actor, placement_id: uuid.UUID, data: FeeLevelIn
                           ) -> PlacementOut:
    """The fee level from a day in an open month: from then the fee follows the rate card at that level (also
    where a fee was given at booking: a new level is a new decision). A change from the same day replaces it."""
    placement = await _placement_for_change(session, actor, placement_id)
    if placement.setting == PlacementSetting.INSTITUTION or placement.target_kind == HomeKind.CONSULTANT:
        raise InvalidInputError(FieldError("level", "Arvodesnivå gäller familjehem i egen regi, nätverkshem och jourhem."))
    check_open("valid_from", data.valid_from, "En ny arvodesnivå")
    if data.valid_from <= placement.starts_on or (placement.ended_on and data.valid_from >= placement.ended_on):
        raise InvalidInputError(FieldError("valid_from", "Den nya nivån måste börja under placeringen, efter startdagen."))
    await session.execute(delete(PlacementFeeLevel).where(PlacementFeeLevel.placement_id == placement.id,
                                                          PlacementFeeLevel.valid_from == data.valid_from))
    session.add(PlacementFeeLevel(placement_id=placement.id, recorded_on=clock.today(), created_by=actor.name,
                                  **data.model_dump()))
    placement.updated_at = clock.now()
    record(session, actor, AuditAction.UPDATE, "placement", placement.id,
           changes=changed_fields({}, {"fee_level": data.model_dump(mode="json")}), detail=f"arvodesnivå {data.level.value}")
    await flush_or_conflict(session, "Placeringen ändrades samtidigt. Ladda om och försök igen.")
    return await get_placement(session, actor, placement_id, log_read=False)


def remember(session: AsyncSession, placement: Placement, change: PlacementChange) -> None:
    """Record the placement's dates as they stand today: what a forecast made from tomorrow can know."""
    session.add(PlacementRecord(placement_id=placement.id, recorded_on=clock.today(), change=change,
                                starts_on=placement.starts_on, planned_end=placement.planned_end,
                                ended_on=placement.ended_on))


# ---------------------------------------------------------------- reading

async def _overdue_counts(session: AsyncSession, placement_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    if not placement_ids:
        return {}
    rows = await session.execute(
        select(FollowupItem.placement_id, func.count())
        .where(FollowupItem.placement_id.in_(placement_ids), FollowupItem.status == FollowupStatus.OPEN,
               FollowupItem.due_on < clock.today())
        .group_by(FollowupItem.placement_id)
    )
    return dict(rows.all())


async def _summaries(session: AsyncSession, actor: Actor, rows: list[tuple[Placement, Child]]) -> list[PlacementSummary]:
    names = await foster_homes.target_names(
        session, {p.foster_home_id for p, _ in rows if p.foster_home_id}, {p.institution_id for p, _ in rows if p.institution_id})
    workers = await accounts.names_of(session, list({p.responsible_worker_id for p, _ in rows if p.responsible_worker_id}))
    overdue = await _overdue_counts(session, [p.id for p, _ in rows])
    out = []
    for placement, child in rows:
        visible = sees_location(child, actor)
        target_id = placement.foster_home_id or placement.institution_id
        out.append(PlacementSummary(
            id=placement.id, reference=placement.reference, child_id=child.id,
            child_name=f"{child.first_name} {child.last_name}", child_reference=child.reference,
            target_id=target_id if visible else uuid.UUID(int=0),
            target_name=names.get(target_id, "okänt") if visible else HIDDEN_TARGET,
            target_kind=placement.target_kind if visible else "skyddad",
            setting=placement.setting, kind=placement.kind, legal_basis=placement.legal_basis,
            starts_on=placement.starts_on, planned_end=placement.planned_end, ended_on=placement.ended_on,
            end_reason=placement.end_reason, responsible_worker=workers.get(placement.responsible_worker_id),
            overdue=overdue.get(placement.id, 0),
        ))
    return out


async def get_placement(session: AsyncSession, actor: Actor, placement_id: uuid.UUID, *, log_read: bool = True) -> PlacementOut:
    await authorize(session, actor, Action.CHILD_READ, "placement", placement_id)
    placement = await get_or_404(session, Placement, placement_id, PLACEMENT_NOT_FOUND, (selectinload(Placement.extra_costs),))
    child = await session.get(Child, placement.child_id, options=[selectinload(Child.assignments)], populate_existing=True)
    summary = (await _summaries(session, actor, [(placement, child)]))[0]
    following = await session.scalar(select(Placement.id).where(Placement.previous_placement_id == placement.id))
    request_reference = (await session.scalar(select(PlacementRequest.reference).where(PlacementRequest.id == placement.request_id))
                         if placement.request_id else None)
    people = await accounts.names_of(session, [u for u in (placement.family_care_secretary_id,) if u])
    # A protected child's home must not be found through what points to it: the decision record naming it,
    # the home's own family-care secretary, an agency's price.
    shown = sees_location(child, actor)
    if log_read:
        record(session, actor, AuditAction.READ, "placement", placement.id, detail=f"barn {child.reference}")
        await session.flush()
    return PlacementOut(
        **summary.model_dump(),
        request_id=placement.request_id, request_reference=request_reference,
        decision_record_id=placement.decision_record_id if shown else None,
        previous_placement_id=placement.previous_placement_id,
        next_placement_id=following, decided_on=placement.decided_on, decided_by=placement.decided_by,
        end_note=placement.end_note, responsible_worker_id=placement.responsible_worker_id,
        family_care_secretary_id=placement.family_care_secretary_id if shown else None,
        family_care_secretary=people.get(placement.family_care_secretary_id) if shown else None,
        fee_monthly=placement.fee_monthly, expense_allowance_monthly=placement.expense_allowance_monthly,
        daily_price=placement.daily_price if shown else None, compensation_note=placement.compensation_note,
        fee_level=placement.fee_level, fee_levels=[FeeLevelOut.model_validate(change) for change in await session.scalars(
            select(PlacementFeeLevel).where(PlacementFeeLevel.placement_id == placement.id)
            .order_by(PlacementFeeLevel.valid_from))],
        extra_costs=[ExtraCostOut.model_validate(cost) for cost in placement.extra_costs],
        network_examined=placement.network_examined, not_kinship_reason=placement.not_kinship_reason,
        with_kin=placement.with_kin if shown else None,
        created_by=placement.created_by, created_at=placement.created_at, version=placement.version,
    )


async def list_placements(session: AsyncSession, actor: Actor, filters: PlacementFilter) -> Page[PlacementSummary]:
    """One page of placements, newest start first; the children shown are logged as one read entry."""
    await authorize(session, actor, Action.CHILD_READ, "placement")
    conditions = []
    if filters.active is True:
        conditions.append(or_(Placement.ended_on.is_(None), Placement.ended_on > clock.today()))
    elif filters.active is False:
        conditions.append(Placement.ended_on <= clock.today())
    if filters.child_id:
        conditions.append(Placement.child_id == filters.child_id)
    if filters.foster_home_id:
        # Who lives in a home must not reveal where a protected child lives: only children the reader may locate.
        conditions += [Placement.foster_home_id == filters.foster_home_id, location_visible(actor)]
    if filters.worker_id:
        conditions.append(Placement.responsible_worker_id == filters.worker_id)
    if filters.home_staff_id:
        conditions += [Placement.foster_home_id.in_(foster_homes.homes_assigned_to(filters.home_staff_id)),
                       location_visible(actor)]
    if filters.starts_from:
        conditions.append(Placement.starts_on >= filters.starts_from)
    if filters.starts_until:
        conditions.append(Placement.starts_on <= filters.starts_until)
    if filters.q:
        pattern = contains_pattern(filters.q)
        conditions.append(or_(Placement.reference.ilike(pattern), Child.reference.ilike(pattern),
                              (Child.first_name + " " + Child.last_name).ilike(pattern)))
    statement = (
        select(Placement, Child).join(Child, Child.id == Placement.child_id)
        .options(selectinload(Child.assignments))
        .where(*conditions).order_by(Placement.starts_on.desc(), Placement.id)
    )
    rows, total = await fetch_page(
        session, statement, count_from=join(Placement, Child, Child.id == Placement.child_id), conditions=conditions,
        page=filters.page, page_size=filters.page_size,
    )
    items = await _summaries(session, actor, rows)
    record(session, actor, AuditAction.READ, "child", object_ids=[child.id for _, child in rows], detail="placeringar")
    await session.flush()
    return Page(items=items, total=total or 0, page=filters.page, page_size=filters.page_size)


async def placements_by_ids(session: AsyncSession, actor: Actor, ids: list[uuid.UUID], *, limit: int = 500) -> list[PlacementSummary]:
    """The placements behind a figure (indicators), newest start first; logged as one read of the children."""
    await authorize(session, actor, Action.CHILD_READ, "placement")
    rows = [tuple(row) for row in await session.execute(
        select(Placement, Child).join(Child, Child.id == Placement.child_id).options(selectinload(Child.assignments))
        # One array parameter: a figure's population may be far more ids than a statement may have parameters.
        .where(Placement.id == any_(cast(ids, ARRAY(Uuid)))).order_by(Placement.starts_on.desc(), Placement.id).limit(limit)
    )] if ids else []
    items = await _summaries(session, actor, rows)
    record(session, actor, AuditAction.READ, "child", object_ids=[child.id for _, child in rows], detail="indikator")
    await session.flush()
    return items


async def home_histories(session: AsyncSession, since_years: int = 5) -> dict[uuid.UUID, tuple[int, frozenset[uuid.UUID]]]:
    """Per home, over the last years: how many placements ended unplanned (sammanbrott), and which children
    lived there and left as planned (matching's stability and continuity). No audit: counts and ids only."""
    since = clock.today() - dt.timedelta(days=365 * since_years)
    rows = await session.execute(
        select(Placement.foster_home_id, Placement.child_id, Placement.end_reason)
        .where(Placement.foster_home_id.is_not(None), Placement.ended_on.is_not(None), Placement.ended_on >= since)
    )
    unplanned: dict[uuid.UUID, int] = {}
    lived_well: dict[uuid.UUID, set[uuid.UUID]] = {}
    for home_id, child_id, reason in rows:
        if reason == EndReason.UNPLANNED_MOVE:
            unplanned[home_id] = unplanned.get(home_id, 0) + 1
        else:
            lived_well.setdefault(home_id, set()).add(child_id)
    return {home: (unplanned.get(home, 0), frozenset(lived_well.get(home, ()))) for home in unplanned.keys() | lived_well.keys()}


# ---------------------------------------------------------------- protected locations in the audit log

async def _protected_placement_entries(session: AsyncSession, entries: list[audit.AuditEntry]) -> set[int]:
    placement_ids = {i for e in entries if (i := audit.object_uuid(e))}
    children_of = dict((await session.execute(
        select(Placement.id, Placement.child_id).where(Placement.id.in_(placement_ids)))).all())
    return await entries_about_protected_children(
        session, entries, {e.id: children_of.get(audit.object_uuid(e)) for e in entries})


# Where a protected child lives is the home or institution it is placed in.
audit.protect_location_fields("placement", {"foster_home_id", "institution_id"}, _protected_placement_entries)
