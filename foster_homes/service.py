"""Business rules of the register's foster homes: the record, the list and export, support contacts, the facts
matching reads and the places bookings take. Every function works in the caller's session and flushes; the
caller's unit of work (a request, a CLI command) commits. Agencies are in agencies.py, institutions in
institutions.py."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Result, Select, and_, case, exists, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from accounts import service as accounts
from core import audit, clock
from core.audit import AuditAction, authorize, changed_fields, record
from core.database import check_version, flush_or_conflict, get_or_404
from core.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from core.identity_numbers import mask_personal_number
from core.pagination import fetch_page, page_slice
from core.permissions import Action, Actor, PermissionDeniedError
from core.schemas import AddressIn, AddressOut, Page, StaffRef, contains_pattern
from core.spreadsheet import spreadsheet_writer
from foster_homes import capacity, prices
from foster_homes.labels import HOME_STATUS
from foster_homes.models import (
    Agency,
    AgencyContract,
    AgencyContractPrice,
    Assessment,
    DomainCompetence,
    FosterHome,
    HomeAssignment,
    HouseholdAdult,
    HouseholdChild,
    Institution,
    RegisterVersion,
    StatusChange,
    SupportContact,
    Training,
)
from foster_homes.schemas import (
    STATUS_TRANSITIONS,
    AgencyRef,
    AssessmentOutcome,
    AssignmentIn,
    CapacityIn,
    CapacityOut,
    CloseIn,
    ContractPriceFacts,
    FosterHomeCreate,
    FosterHomeFilter,
    FosterHomeIn,
    FosterHomeOut,
    FosterHomeSummary,
    FosterHomeUpdate,
    HomeFacts,
    HomeKind,
    HomeSort,
    HomeStatus,
    HouseholdAdultListed,
    HouseholdAdultOut,
    HouseholdChildOut,
    HouseholdChildRelation,
    InstitutionKind,
    Location,
    PlacedChildFacts,
    StatusChangeIn,
    SupportContactIn,
    SupportContactOut,
)

HOME_NOT_FOUND = "Familjehemmet finns inte."

_HOME_DETAIL = (
    selectinload(FosterHome.adults),
    selectinload(FosterHome.children),
    selectinload(FosterHome.domain_competences),
    selectinload(FosterHome.trainings),
    selectinload(FosterHome.assessments),
    selectinload(FosterHome.status_changes),
    selectinload(FosterHome.assignments),
)


# ---------------------------------------------------------------- occupancy

def placed_stays(children: list[HouseholdChild] | list[HouseholdChildOut]) -> list[capacity.Stay]:
    """The placed children's stays (from, until) of a household, as capacity counts them."""
    return [(child.placed_from, child.placed_until) for child in children
            if child.relation == HouseholdChildRelation.PLACED]


# ---------------------------------------------------------------- foster homes

MASKED_LOCATION_NOTICE = "Skyddade personuppgifter: adressen visas bara för handläggare som är tilldelade hemmet."


def _sees_full_personal_numbers(actor: Actor) -> bool:
    return actor.can(Action.PERSONAL_NUMBER_FULL)


def _assigned(home: FosterHome, actor: Actor) -> bool:
    return actor.user_id is not None and any(a.user_id == actor.user_id for a in home.assignments)


def _sees_location(home: FosterHome, actor: Actor, reveal_reason: str | None = None) -> bool:
    """Protected homes show their location only to assigned staff, or to an admin who states a reason."""
    if not home.protected_identity or _assigned(home, actor):
        return True
    return bool(reveal_reason) and actor.can(Action.PROTECTED_LOCATION_OVERRIDE)


async def _home_out(session: AsyncSession, home: FosterHome, actor: Actor, *, show_location: bool) -> FosterHomeOut:
    today, stays = clock.today(), placed_stays(home.children)
    languages = list(dict.fromkeys(language for adult in home.adults for language in adult.languages))
    full_numbers = _sees_full_personal_numbers(actor)
    staff = await accounts.names_of(session, [a.user_id for a in home.assignments])
    return FosterHomeOut(
        id=home.id,
        name=home.name,
        reference=home.reference,
        kind=home.kind,
        status=home.status,
        agency=AgencyRef.model_validate(home.agency) if home.agency else None,
        contract_level=home.contract_level,
        protected_identity=home.protected_identity,
        location_hidden=not show_location,
        location_notice=None if show_location or not home.protected_identity else MASKED_LOCATION_NOTICE,
        address=AddressOut.model_validate(home) if show_location else None,
        capacity=CapacityOut.model_validate(home),
        occupied_places=capacity.placed_on(stays, today),
        free_places=capacity.free_from(home.places, stays, today),
        household_adults=[
            HouseholdAdultOut(
                name=adult.name,
                personal_number=adult.personal_number if full_numbers else mask_personal_number(adult.personal_number),
                languages=adult.languages,
                occupation=adult.occupation,
            )
            for adult in home.adults
        ],
        household_children=home.children,
        languages=languages,
        domain_competences=home.domain_competences,
        tags=home.tags,
        religion_culture=home.religion_culture,
        pets=home.pets,
        smoking=home.smoking,
        wishes=home.wishes,
        trainings=home.trainings,
        assessments=home.assessments,
        status_history=home.status_changes,
        assigned_staff=[StaffRef(id=user_id, name=staff.get(user_id, "okänd")) for user_id in staff],
        version=home.version,
        created_at=home.created_at,
        updated_at=home.updated_at,
    )


def _home_document(home: FosterHome) -> dict:
    """The home as the fields a user edits, for the audit log's before/after."""
    return {
        "name": home.name,
        "kind": home.kind,
        "agency_id": home.agency_id,
        "contract_level": home.contract_level,
        "protected_identity": home.protected_identity,
        **{field: getattr(home, field) for field in AddressIn.model_fields},
        **{field: getattr(home, field) for field in CapacityIn.model_fields},
        "tags": home.tags,
        "religion_culture": home.religion_culture,
        "pets": home.pets,
        "smoking": home.smoking,
        "wishes": home.wishes,
        "household_adults": [[a.name, a.personal_number, a.languages, a.occupation] for a in home.adults],
        "household_children": [
            [c.birth_year, c.relation, c.placed_from, c.placed_until, c.placing_municipality, c.note] for c in home.children
        ],
        "domain_competences": [[c.domain, c.experience, c.note] for c in home.domain_competences],
        "trainings": [[t.name, t.completed_on, t.domain] for t in home.trainings],
        "assessments": [[a.started_on, a.completed_on, a.assessor, a.outcome, a.note] for a in home.assessments],
    }


def _apply_home_fields(home: FosterHome, data: FosterHomeIn) -> None:
    """Copy a whole home document onto the row; nested lists replace the old ones."""
    home.name = data.name
    home.kind = data.kind
    home.agency_id = data.agency_id
    home.contract_level = data.contract_level
    home.protected_identity = data.protected_identity
    for field, value in data.address.model_dump().items():
        setattr(home, field, value)
    capacity = data.capacity.model_dump()
    capacity["placement_kinds"] = [str(kind) for kind in capacity["placement_kinds"]]
    for field, value in capacity.items():
        setattr(home, field, value)
    home.tags = data.tags
    home.religion_culture = data.religion_culture
    home.pets = [str(pet) for pet in data.pets]
    home.smoking = data.smoking
    home.wishes = data.wishes
    home.adults = [HouseholdAdult(position=i, **adult.model_dump()) for i, adult in enumerate(data.household_adults)]
    booked = [child for child in home.children if child.booked] if home.children else []
    # A booked row sent back with the form is the same child: keep the booking's row, not a copy of it.
    sent_back = {(child.birth_year, child.placed_from) for child in booked}
    home.children = booked + [
        HouseholdChild(position=i, **child.model_dump()) for i, child in enumerate(data.household_children)
        if not (child.relation == HouseholdChildRelation.PLACED and (child.birth_year, child.placed_from) in sent_back)
    ]
    home.domain_competences = [DomainCompetence(**item.model_dump()) for item in data.domain_competences]
    home.trainings = [Training(**item.model_dump()) for item in data.trainings]
    home.assessments = [Assessment(**item.model_dump()) for item in data.assessments]


async def _check_agency_usable(session: AsyncSession, agency_id: uuid.UUID | None) -> None:
    if agency_id is None:
        return
    agency = await session.get(Agency, agency_id)
    if agency is None:
        raise InvalidInputError(FieldError("agency_id", "Okänd konsulentverksamhet."))
    if not agency.active:
        raise InvalidInputError(FieldError("agency_id", "Konsulentverksamheten är avslutad."))


async def _load_home(session: AsyncSession, home_id: uuid.UUID, *, for_update: bool = False) -> FosterHome:
    """Load a home with its lists. ``for_update`` locks the row first, so concurrent writers queue and
    the second one sees the first one's version (and gets a clean 409) instead of racing it."""
    return await get_or_404(session, FosterHome, home_id, HOME_NOT_FOUND, _HOME_DETAIL, for_update=for_update)


async def _load_home_for_change(session: AsyncSession, actor: Actor, home_id: uuid.UUID) -> FosterHome:
    await authorize(session, actor, Action.HOME_WRITE, "foster_home", home_id)
    home = await _load_home(session, home_id, for_update=True)
    if not _sees_location(home, actor):
        raise PermissionDeniedError("Hemmet har skyddade personuppgifter; bara tilldelade handläggare kan ändra det.")
    return home


async def _fresh_out(session: AsyncSession, actor: Actor, home_id: uuid.UUID) -> FosterHomeOut:
    home = await _load_home(session, home_id)
    return await _home_out(session, home, actor, show_location=_sees_location(home, actor))


async def create_home(session: AsyncSession, actor: Actor, data: FosterHomeCreate) -> FosterHomeOut:
    await authorize(session, actor, Action.HOME_WRITE, "foster_home")
    await _check_agency_usable(session, data.agency_id)
    home = FosterHome(id=uuid.uuid4(), status=data.status)
    _apply_home_fields(home, data)
    home.status_changes = [
        StatusChange(status=data.status, changed_on=data.status_changed_on, reason=data.status_reason or "Registrerat")
    ]
    # Whoever registers a protected home is assigned to it, or they could not see what they just wrote.
    home.assignments = (
        [HomeAssignment(user_id=actor.user_id, assigned_on=clock.today())]
        if data.protected_identity and actor.user_id
        else []
    )
    session.add(home)
    record(session, actor, AuditAction.CREATE, "foster_home", home.id, changes=changed_fields({}, _home_document(home)))
    await flush_or_conflict(session, "Familjehemmet kunde inte sparas på grund av en konflikt. Försök igen.")
    return await _fresh_out(session, actor, home.id)


async def get_home(
    session: AsyncSession, actor: Actor, home_id: uuid.UUID, *, reveal_reason: str | None = None
) -> FosterHomeOut:
    """A home's whole record; reading it is logged. An admin may see a protected location by giving a reason."""
    await authorize(session, actor, Action.HOME_READ, "foster_home", home_id)
    home = await _load_home(session, home_id)
    show_location = _sees_location(home, actor, reveal_reason)
    revealed = show_location and not _sees_location(home, actor)
    record(
        session,
        actor,
        AuditAction.READ,
        "foster_home",
        home.id,
        detail=f"skyddad adress visad, skäl: {reveal_reason}" if revealed else None,
    )
    await session.flush()
    return await _home_out(session, home, actor, show_location=show_location)


async def update_home(session: AsyncSession, actor: Actor, home_id: uuid.UUID, data: FosterHomeUpdate) -> FosterHomeOut:
    home = await _load_home_for_change(session, actor, home_id)
    check_version(home.version, data.version)
    if home.status == HomeStatus.CLOSED:
        raise ConflictError("Ett avslutat familjehem kan inte ändras.")
    if data.agency_id != home.agency_id:
        await _check_agency_usable(session, data.agency_id)
    if home.status in (HomeStatus.APPROVED, HomeStatus.PAUSED) and not any(
        a.outcome == AssessmentOutcome.APPROVED for a in data.assessments
    ):
        raise InvalidInputError(
            FieldError("assessments", "Ett godkänt hem måste ha kvar en familjehemsutredning med utfallet godkänt.")
        )
    before = _home_document(home)
    # Delete the old rows first: the unit of work would otherwise insert the new ones before deleting,
    # tripping the one-competence-per-domain constraint.
    for collection in (home.adults, home.domain_competences, home.trainings, home.assessments):
        collection.clear()
    # Children placed through Placera stay: their placements own those rows (and count the home's places by them).
    home.children[:] = [child for child in home.children if child.booked]
    await session.flush()
    _apply_home_fields(home, data)
    home.updated_at = clock.now()  # dirties the row so the version check also covers list-only edits
    record(session, actor, AuditAction.UPDATE, "foster_home", home.id, changes=changed_fields(before, _home_document(home)))
    await flush_or_conflict(session)
    return await _fresh_out(session, actor, home_id)


def _placed_children(count: int) -> str:
    return "ett placerat barn" if count == 1 else f"{count} placerade barn"


async def change_status(session: AsyncSession, actor: Actor, home_id: uuid.UUID, data: StatusChangeIn) -> FosterHomeOut:
    home = await _load_home_for_change(session, actor, home_id)
    check_version(home.version, data.version)
    current, wanted = HOME_STATUS[home.status], HOME_STATUS[data.status]
    if data.status == home.status:
        raise ConflictError(f"Hemmet har redan status {wanted.lower()}.")
    if data.status not in STATUS_TRANSITIONS[home.status]:
        raise ConflictError(f"Ett hem med status {current.lower()} kan inte få status {wanted.lower()}.")
    latest = max((change.changed_on for change in home.status_changes), default=None)
    if latest is not None and data.changed_on < latest:
        raise InvalidInputError(
            FieldError("changed_on", f"Datumet kan inte vara före den senaste statusändringen ({latest.isoformat()}).")
        )
    if data.status == HomeStatus.APPROVED and not any(a.outcome == AssessmentOutcome.APPROVED for a in home.assessments):
        raise InvalidInputError(
            FieldError("status", "Ett hem kan bara godkännas efter en familjehemsutredning med utfallet godkänt.")
        )
    # Not only on the day: a child booked to arrive later would arrive in a closed or paused home.
    ahead = len(capacity.stays_from(placed_stays(home.children), data.changed_on))
    if data.status == HomeStatus.CLOSED and ahead:
        raise ConflictError(
            f"Hemmet har {_placed_children(ahead)} {data.changed_on.isoformat()} eller senare; "
            "avsluta placeringarna innan hemmet avslutas."
        )
    if ahead and home.status == HomeStatus.APPROVED and not data.confirm_children:
        raise InvalidInputError(FieldError("confirm_children", (
            f"{_placed_children(ahead).capitalize()} bor i hemmet {data.changed_on.isoformat()} eller senare. Bekräfta att hemmet "
            f"ändå ska få status {wanted.lower()}: barnen bor kvar, men hemmet kan inte få fler placeringar.")))
    previous = home.status
    home.status = data.status
    home.status_changes.append(StatusChange(status=data.status, changed_on=data.changed_on, reason=data.reason))
    action = AuditAction.CLOSE if data.status == HomeStatus.CLOSED else AuditAction.UPDATE
    record(
        session, actor, action, "foster_home", home.id, changes={"status": [previous.value, data.status.value]}, detail=data.reason
    )
    await flush_or_conflict(session)
    return await _fresh_out(session, actor, home_id)


async def close_home(session: AsyncSession, actor: Actor, home_id: uuid.UUID, data: CloseIn) -> FosterHomeOut:
    """Close a home. Homes are never deleted: their history and past placements must stay traceable."""
    return await change_status(
        session,
        actor,
        home_id,
        StatusChangeIn(status=HomeStatus.CLOSED, changed_on=data.closed_on, reason=data.reason, version=data.version),
    )


async def assign_staff(session: AsyncSession, actor: Actor, home_id: uuid.UUID, data: AssignmentIn) -> FosterHomeOut:
    """Assign a member of staff (e.g. the home's family-care secretary) to the home."""
    home = await _load_home_for_change(session, actor, home_id)
    if not await accounts.is_active_user(session, data.user_id):
        raise InvalidInputError(FieldError("user_id", "Okänd eller inaktiverad användare."))
    if any(a.user_id == data.user_id for a in home.assignments):
        raise ConflictError("Användaren är redan tilldelad hemmet.")
    home.assignments.append(HomeAssignment(user_id=data.user_id, assigned_on=clock.today()))
    record(session, actor, AuditAction.UPDATE, "foster_home", home.id, changes={"assigned_staff": [None, str(data.user_id)]})
    await flush_or_conflict(session, "Tilldelningen kunde inte sparas. Försök igen.")
    return await _fresh_out(session, actor, home_id)


async def unassign_staff(session: AsyncSession, actor: Actor, home_id: uuid.UUID, user_id: uuid.UUID) -> FosterHomeOut:
    home = await _load_home_for_change(session, actor, home_id)
    remaining = [a for a in home.assignments if a.user_id != user_id]
    if len(remaining) == len(home.assignments):
        raise NotFoundError("Användaren är inte tilldelad hemmet.")
    home.assignments = remaining
    record(session, actor, AuditAction.UPDATE, "foster_home", home.id, changes={"assigned_staff": [str(user_id), None]})
    await flush_or_conflict(session, "Tilldelningen kunde inte ändras. Försök igen.")
    return await _fresh_out(session, actor, home_id)


# ---------------------------------------------------------------- the register list

def _centre(lat: float, lon: float) -> ColumnElement:
    return func.ll_to_earth(lat, lon)


def _home_location_visible(actor: Actor) -> ColumnElement[bool]:
    assigned = exists().where(HomeAssignment.home_id == FosterHome.id, HomeAssignment.user_id == actor.user_id)
    return or_(FosterHome.protected_identity.is_(False), assigned)


def homes_named(pattern: str) -> Select:
    """The ids of the homes whose name or reference matches an ILIKE pattern (never by a place: a protected
    home must not be found by where it is)."""
    return select(FosterHome.id).where(or_(FosterHome.name.ilike(pattern), FosterHome.reference.ilike(pattern)))


def homes_assigned_to(user_id: uuid.UUID) -> Select:
    """The ids of the homes a staff member is assigned to (a family-care secretary's homes), to filter on."""
    return select(HomeAssignment.home_id).where(HomeAssignment.user_id == user_id)


def _home_filters(filters: FosterHomeFilter, occupied: ColumnElement[int], visible: ColumnElement[bool]) -> list:
    day = filters.free_at or clock.today()
    conditions: list[ColumnElement[bool]] = []
    if filters.kind:
        conditions.append(FosterHome.kind.in_(filters.kind))
    if filters.status:
        conditions.append(FosterHome.status.in_(filters.status))
    if filters.min_free:
        conditions += [
            FosterHome.status == HomeStatus.APPROVED,
            or_(FosterHome.available_from.is_(None), FosterHome.available_from <= day),
            FosterHome.places - occupied >= filters.min_free,
        ]
    if filters.accepts_age is not None:
        conditions += [FosterHome.age_min <= filters.accepts_age, FosterHome.age_max >= filters.accepts_age]
    if filters.unassigned:
        conditions.append(~exists().where(HomeAssignment.home_id == FosterHome.id))
    if filters.assigned_to is not None:
        conditions.append(FosterHome.id.in_(homes_assigned_to(filters.assigned_to)))
    # Location filters never match a protected home the user may not locate: not even its presence may leak.
    if filters.municipality:
        conditions += [visible, func.lower(FosterHome.municipality) == filters.municipality.lower()]
    if filters.tag:
        conditions.append(FosterHome.tags.contains(filters.tag))
    if filters.q:
        pattern = contains_pattern(filters.q)
        conditions.append(
            or_(
                FosterHome.name.ilike(pattern),
                and_(visible, FosterHome.city.ilike(pattern)),
                exists().where(HouseholdAdult.home_id == FosterHome.id, HouseholdAdult.name.ilike(pattern)),
            )
        )
    if filters.has_point:
        conditions.append(visible)
    if filters.within_km is not None:
        conditions.append(within_km(FosterHome.earth_point, filters.near_lat, filters.near_lon, filters.within_km))
    return conditions


def within_km(point_col, lat: float, lon: float, km: float) -> ColumnElement[bool]:
    """A stored earth_point column within ``km`` of a point (homes and institutions both have one)."""
    # earth_box uses the GiST index on the stored point; the exact distance check trims the box's corners.
    centre = _centre(lat, lon)
    return and_(func.earth_box(centre, km * 1000.0).op("@>")(point_col), func.earth_distance(point_col, centre) <= km * 1000.0)


def _homes_query(actor: Actor, filters: FosterHomeFilter) -> tuple[Select, Any, list, dt.date]:
    """The register's statement for rows of (home, free places, distance km, location visible), what to
    count for its total under the same conditions, the conditions, and the day free places are counted on.

    Paged (core.pagination), it is a plain ORDER BY … LIMIT, so the name index and the nearest-first index
    scan can stop after one page; the total is a separate narrow count. Placed children are grouped for all
    homes only when the filter or the order needs free places for every home.
    """
    day = filters.free_at or clock.today()
    visible = _home_location_visible(actor)
    needs_all_counts = bool(filters.min_free) or filters.sort == HomeSort.FREE_PLACES
    placed = capacity.occupied_from_per_home(day) if needs_all_counts else None
    occupied = func.coalesce(placed.c.occupied, 0) if placed is not None else capacity.occupied_from_per_row(day)
    conditions = _home_filters(filters, occupied, visible)
    free_places = func.greatest(FosterHome.places - occupied, 0).label("free_places")
    if filters.has_point:
        centre = _centre(filters.near_lat, filters.near_lon)
        distance = (func.earth_distance(FosterHome.earth_point, centre) / 1000.0).label("distance_km")
    else:
        distance = literal(None).label("distance_km")
    statement = select(FosterHome, free_places, distance, visible.label("visible"))
    counted: Any = FosterHome
    if placed is not None:
        statement = statement.outerjoin(placed, placed.c.home_id == FosterHome.id)
        counted = FosterHome.__table__.outerjoin(placed, placed.c.home_id == FosterHome.id)
    statement = statement.where(*conditions).options(selectinload(FosterHome.adults))
    if filters.sort == HomeSort.DISTANCE:
        # <-> on the stored point is a nearest-neighbour search in the GiST index: the same order as the distance.
        statement = statement.order_by(FosterHome.earth_point.op("<->")(centre), FosterHome.id)
    elif filters.sort == HomeSort.FREE_PLACES:
        statement = statement.order_by(free_places.desc(), FosterHome.name, FosterHome.id)
    elif filters.sort == HomeSort.MUNICIPALITY:
        statement = statement.order_by(case((visible, FosterHome.municipality)).asc().nulls_last(), FosterHome.name, FosterHome.id)
    else:
        statement = statement.order_by(*_HOME_ORDER[filters.sort])
    return statement, counted, conditions, day


_HOME_ORDER = {
    HomeSort.NAME: (FosterHome.name, FosterHome.id),
    HomeSort.NAME_DESC: (FosterHome.name.desc(), FosterHome.id.desc()),
    HomeSort.NEWEST: (FosterHome.created_at.desc(), FosterHome.id),
}


def _summary(home: FosterHome, free: int, km: float | None, visible: bool, day: dt.date) -> FosterHomeSummary:
    """One list row. Lists always mask personal numbers: a list is for finding, the record for reading."""
    return FosterHomeSummary(
        id=home.id,
        name=home.name,
        reference=home.reference,
        kind=home.kind,
        status=home.status,
        agency_name=home.agency.name if home.agency else None,
        location_hidden=not visible,
        municipality=home.municipality if visible else None,
        city=home.city if visible else None,
        places=home.places,
        free_places=free,
        free_places_on=day,
        age_min=home.age_min,
        age_max=home.age_max,
        placement_kinds=home.placement_kinds,
        tags=home.tags,
        adults=[
            HouseholdAdultListed(name=adult.name, personal_number=mask_personal_number(adult.personal_number))
            for adult in home.adults
        ],
        distance_km=round(km, 1) if km is not None and visible else None,
        version=home.version,
    )


async def list_homes(session: AsyncSession, actor: Actor, filters: FosterHomeFilter) -> Page[FosterHomeSummary]:
    """One page of the register. The ids shown are logged as one read entry."""
    await authorize(session, actor, Action.HOME_READ, "foster_home")
    statement, counted, conditions, day = _homes_query(actor, filters)
    rows, total = await fetch_page(session, statement, count_from=counted, conditions=conditions,
                                   page=filters.page, page_size=filters.page_size)
    items = [_summary(row[0], row.free_places, row.distance_km, row.visible, day) for row in rows]
    record(session, actor, AuditAction.READ, "foster_home", object_ids=[item.id for item in items], detail="lista")
    await session.flush()
    return Page(items=items, total=total, page=filters.page, page_size=filters.page_size)


EXPORT_LIMIT = 10_000
EXPORT_COLUMNS = [
    "id", "namn", "typ", "status", "konsulentverksamhet", "kommun", "ort", "platser", "lediga platser",
    "lediga den", "ålder från", "ålder till", "taggar", "vuxna",
]


async def export_homes_csv(session: AsyncSession, actor: Actor, filters: FosterHomeFilter) -> str:
    """The filtered register as CSV (semicolons, for Swedish Excel), with the same masking as the list.

    The export is logged with every id it contains.
    """
    await authorize(session, actor, Action.HOME_EXPORT, "foster_home")
    statement, _, _, day = _homes_query(actor, filters)
    rows = (await session.execute(page_slice(statement, 1, EXPORT_LIMIT))).all()
    buffer = io.StringIO()
    writer = spreadsheet_writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    summaries = [_summary(row[0], row.free_places, row.distance_km, row.visible, day) for row in rows]
    for item in summaries:
        writer.writerow(
            [
                item.id, item.name, item.kind.value, item.status.value, item.agency_name or "",
                item.municipality or "skyddad", item.city or "skyddad", item.places, item.free_places,
                item.free_places_on.isoformat(), item.age_min, item.age_max, ",".join(item.tags),
                ", ".join(f"{adult.name} ({adult.personal_number})" for adult in item.adults),
            ]
        )
    record(session, actor, AuditAction.EXPORT, "foster_home", object_ids=[item.id for item in summaries], detail="CSV")
    await session.flush()
    return buffer.getvalue()


async def add_support_contact(
    session: AsyncSession, actor: Actor, home_id: uuid.UUID, data: SupportContactIn
) -> SupportContactOut:
    await authorize(session, actor, Action.HOME_SUPPORT_LOG, "foster_home", home_id)
    await get_or_404(session, FosterHome, home_id, HOME_NOT_FOUND)
    contact = SupportContact(id=uuid.uuid4(), home_id=home_id, **data.model_dump())
    session.add(contact)
    record(session, actor, AuditAction.CREATE, "home_support_contact", contact.id, detail=f"hem {home_id}")
    await flush_or_conflict(session, "Kontakten kunde inte sparas. Försök igen.")
    await session.refresh(contact)
    return SupportContactOut.model_validate(contact)


async def list_support_contacts(session: AsyncSession, actor: Actor, home_id: uuid.UUID) -> list[SupportContactOut]:
    await authorize(session, actor, Action.HOME_SUPPORT_LOG, "foster_home", home_id)
    await get_or_404(session, FosterHome, home_id, HOME_NOT_FOUND)
    contacts = list(
        await session.scalars(
            select(SupportContact)
            .where(SupportContact.home_id == home_id)
            .order_by(SupportContact.contact_date.desc(), SupportContact.recorded_at.desc())
        )
    )
    record(session, actor, AuditAction.READ, "home_support_contact", object_ids=[c.id for c in contacts], detail=f"hem {home_id}")
    await session.flush()
    return [SupportContactOut.model_validate(contact) for contact in contacts]


async def count_homes(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(FosterHome)) or 0


# ---------------------------------------------------------------- facts for matching

_Facts = TypeVar("_Facts", bound=tuple)


def _rows_as(kind: type[_Facts], result: Result) -> list[_Facts]:
    """The result's rows as ``kind``, a named tuple whose fields are the statement's columns in order
    (checked by name once, so a column added to one and not the other fails at once, never shifts)."""
    if tuple(result.keys()) != kind._fields:
        raise TypeError(f"{kind.__name__} does not match the statement's columns {tuple(result.keys())}")
    return list(map(kind._make, result))

async def register_versions(session: AsyncSession) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """The register's current versions: of the homes, and of who is placed in them. Each changes with every
    committed write to what it covers; None when unknown (an emptied table): nothing may then be cached."""
    versions = dict((await session.execute(select(RegisterVersion.name, RegisterVersion.version))).all())
    return versions.get("homes"), versions.get("placed_children")


async def homes_for_matching(session: AsyncSession) -> list[HomeFacts]:
    """One row per home that could take a child (approved or paused, not closed), with what matching needs
    whatever the day: places, household numbers, languages, competences, trainings, agency and level.
    Internal: the caller (matching's in-memory copy) authorizes, and shows a protected home's location only
    to the staff ``protected_homes_located_by`` names."""
    adults = (
        select(
            HouseholdAdult.home_id,
            func.array_agg(HouseholdAdult.personal_number).label("adult_numbers"),
            func.array_agg(func.array_to_string(HouseholdAdult.languages, ",")).label("languages"),
        )
        .group_by(HouseholdAdult.home_id)
        .subquery()
    )
    competences = (
        select(
            DomainCompetence.home_id,
            func.array_agg(func.concat(DomainCompetence.domain, ":", DomainCompetence.experience)).label("experience"),
        )
        .group_by(DomainCompetence.home_id)
        .subquery()
    )
    trainings = (
        select(Training.home_id, func.array_agg(func.distinct(Training.domain)).label("trained"))
        .where(Training.domain.is_not(None))
        .group_by(Training.home_id)
        .subquery()
    )
    statement = (
        select(
            FosterHome.id, FosterHome.name, FosterHome.kind, FosterHome.status, FosterHome.available_from,
            FosterHome.places, FosterHome.placement_kinds, FosterHome.age_min, FosterHome.age_max,
            FosterHome.max_sibling_group, FosterHome.gender_preference, FosterHome.tags, FosterHome.pets,
            FosterHome.latitude, FosterHome.longitude, FosterHome.municipality, FosterHome.religion_culture,
            FosterHome.protected_identity, FosterHome.agency_id, FosterHome.contract_level,
            adults.c.adult_numbers, adults.c.languages, competences.c.experience, trainings.c.trained,
            FosterHome.reference, FosterHome.city,
        )
        .outerjoin(adults, adults.c.home_id == FosterHome.id)
        .outerjoin(competences, competences.c.home_id == FosterHome.id)
        .outerjoin(trainings, trainings.c.home_id == FosterHome.id)
        .where(FosterHome.status.in_([HomeStatus.APPROVED, HomeStatus.PAUSED]))
    )
    return _rows_as(HomeFacts, await session.execute(statement))


async def placed_children_for_matching(session: AsyncSession) -> list[PlacedChildFacts]:
    """Every placed child in a household that has not left (home, from, until, birth year): matching counts
    free places and the home's load on any day from these."""
    statement = select(
        HouseholdChild.home_id, HouseholdChild.placed_from, HouseholdChild.placed_until, HouseholdChild.birth_year
    ).where(
        HouseholdChild.relation == HouseholdChildRelation.PLACED,
        or_(HouseholdChild.placed_until.is_(None), HouseholdChild.placed_until > clock.today() - dt.timedelta(days=366)),
    )
    return _rows_as(PlacedChildFacts, await session.execute(statement))


async def contract_prices_for_matching(session: AsyncSession) -> list[ContractPriceFacts]:
    """Every agency's daily price per level with the period its contract is in force (last day inclusive)."""
    statement = select(
        AgencyContract.agency_id, AgencyContractPrice.level, AgencyContract.valid_from, AgencyContract.valid_to,
        AgencyContractPrice.daily_price,
    ).join(AgencyContract)
    return _rows_as(ContractPriceFacts, await session.execute(statement))


async def protected_homes_located_by(session: AsyncSession, actor: Actor) -> set[uuid.UUID]:
    """The protected homes whose location this reader may see (staff assigned to them)."""
    return set(await session.scalars(
        select(HomeAssignment.home_id).join(FosterHome).where(
            FosterHome.protected_identity.is_(True), HomeAssignment.user_id == actor.user_id
        )
    ))


# ---------------------------------------------------------------- places taken by placements

@dataclass(frozen=True)
class PlacementTarget:
    """What a booking needs to know of the home or institution it places a child in."""

    id: uuid.UUID
    name: str
    kind: HomeKind | InstitutionKind
    is_institution: bool
    agency_daily_price: Decimal | None  # a consultant home's agency price in force on the start day
    institution_daily_price: Decimal | None
    adult_personal_numbers: tuple[str, ...] = ()  # the household's adults: is the home kin to the child?


async def take_place(
    session: AsyncSession, home_id: uuid.UUID, *, birth_year: int, starts_on: dt.date, note: str
) -> tuple[PlacementTarget, uuid.UUID]:
    """Add a placed child to the home's household from ``starts_on``, under a lock on the home's row, so two
    bookings of the last place never both succeed (the second waits, then sees the place taken: 409).
    Part of the caller's transaction (the booking); returns the home and the household row's id."""
    home = await session.get(FosterHome, home_id, with_for_update={"of": FosterHome}, populate_existing=True)
    if home is None:
        raise InvalidInputError(FieldError("foster_home_id", HOME_NOT_FOUND))
    if home.status != HomeStatus.APPROVED:
        raise InvalidInputError(FieldError(
            "foster_home_id", f"{home.name} tar inte emot barn just nu (status: {HOME_STATUS[home.status].lower()})."))
    if home.available_from and home.available_from > starts_on:
        raise InvalidInputError(FieldError(
            "starts_on", f"{home.name} kan ta emot barn först från {home.available_from.isoformat()}."))
    placed = list(await session.scalars(select(HouseholdChild).where(
        HouseholdChild.home_id == home_id, HouseholdChild.relation == HouseholdChildRelation.PLACED,
        or_(HouseholdChild.placed_until.is_(None), HouseholdChild.placed_until > starts_on),
    )))
    fullest = capacity.occupied_from(placed_stays(placed), starts_on)
    if fullest >= home.places:
        raise ConflictError(
            f"{home.name} har ingen ledig plats från {starts_on.isoformat()} ({home.places} platser, {fullest} upptagna). "
            "Någon annan kan just ha bokat den sista platsen."
        )
    child = HouseholdChild(
        id=uuid.uuid4(), home_id=home_id, position=len(placed) + 100, birth_year=birth_year,
        relation=HouseholdChildRelation.PLACED, placed_from=starts_on, note=note, booked=True,
    )
    session.add(child)
    return await _home_target(session, home, starts_on), child.id


async def home_target(session: AsyncSession, home_id: uuid.UUID, starts_on: dt.date) -> PlacementTarget:
    """What a booking from ``starts_on`` would know of the home, without taking a place (the booking form
    shows the terms it will use)."""
    home = await session.get(FosterHome, home_id)
    if home is None:
        raise NotFoundError(HOME_NOT_FOUND)
    return await _home_target(session, home, starts_on)


async def _home_target(session: AsyncSession, home: FosterHome, starts_on: dt.date) -> PlacementTarget:
    price = None
    if home.kind == HomeKind.CONSULTANT and home.agency_id and home.contract_level:
        price = await prices.agency_daily_price(session, home.agency_id, home.contract_level, starts_on)
    return PlacementTarget(home.id, home.name, home.kind, False, price, None,
                           await adult_personal_numbers(session, home.id))


async def adult_personal_numbers(session: AsyncSession, home_id: uuid.UUID) -> tuple[str, ...]:
    """The personal numbers of the home's household adults: kinship is someone in the child's network living
    there (children.network.ChildNetwork.kinship decides; this is only what it needs of the home)."""
    return tuple(await session.scalars(select(HouseholdAdult.personal_number).where(HouseholdAdult.home_id == home_id)))


async def release_place(session: AsyncSession, household_child_id: uuid.UUID, until: dt.date | None) -> None:
    """The placed child leaves the home on ``until`` (the moving day; None: back to ongoing). Caller commits."""
    child = await session.get(HouseholdChild, household_child_id)
    if child is not None:
        child.placed_until = until


async def institution_target(session: AsyncSession, institution_id: uuid.UUID, starts_on: dt.date) -> PlacementTarget:
    """An institution to book, with its daily price in force on the first day."""
    institution = await session.get(Institution, institution_id)
    if institution is None or not institution.active:
        raise InvalidInputError(FieldError("institution_id", "Institutionen finns inte eller är avslutad."))
    price = await prices.institution_daily_price(session, institution_id, starts_on)
    return PlacementTarget(institution.id, institution.name, institution.kind, True, None,
                           institution.daily_price if price is None else price)


async def target_names(
    session: AsyncSession, home_ids: set[uuid.UUID], institution_ids: set[uuid.UUID]
) -> dict[uuid.UUID, str]:
    """Names of homes and institutions by id (for listing placements; a home's name is not its location)."""
    names: dict[uuid.UUID, str] = {}
    if home_ids:
        names |= dict((await session.execute(select(FosterHome.id, FosterHome.name).where(FosterHome.id.in_(home_ids)))).all())
    if institution_ids:
        names |= dict((await session.execute(
            select(Institution.id, Institution.name).where(Institution.id.in_(institution_ids)))).all())
    return names


async def status_since(session: AsyncSession, home_ids: list[uuid.UUID]) -> dict[uuid.UUID, dt.date]:
    """Since when each home has had the status it has now: the day of its last change to it, or the day it was
    registered (a home registered under assessment has no change)."""
    if not home_ids:
        return {}
    changed = (select(StatusChange.home_id, func.max(StatusChange.changed_on).label("since"))
               .join(FosterHome, FosterHome.id == StatusChange.home_id)
               .where(StatusChange.status == FosterHome.status, StatusChange.home_id.in_(home_ids))
               .group_by(StatusChange.home_id).subquery())
    rows = await session.execute(select(FosterHome.id, changed.c.since, FosterHome.created_at)
                                 .outerjoin(changed, changed.c.home_id == FosterHome.id)
                                 .where(FosterHome.id.in_(home_ids)))
    return {home_id: since or created_at.date() for home_id, since, created_at in rows}


async def names_and_references(session: AsyncSession, home_ids: set[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str]]:
    """Homes' names and references (H-…) by id: neither is a location."""
    if not home_ids:
        return {}
    rows = await session.execute(select(FosterHome.id, FosterHome.name, FosterHome.reference)
                                 .where(FosterHome.id.in_(home_ids)))
    return {home_id: (name, reference) for home_id, name, reference in rows}


async def home_has_training(session: AsyncSession, home_id: uuid.UUID) -> bool:
    return bool(await session.scalar(select(exists().where(Training.home_id == home_id))))


async def locations_of(
    session: AsyncSession, home_ids: set[uuid.UUID], institution_ids: set[uuid.UUID]
) -> dict[uuid.UUID, Location]:
    """Where homes and institutions are, by id: never a protected home (it is left out)."""
    found: dict[uuid.UUID, Location] = {}
    if home_ids:
        rows = await session.execute(select(FosterHome.id, FosterHome.latitude, FosterHome.longitude).where(
            FosterHome.id.in_(home_ids), FosterHome.protected_identity.is_(False)))
        found |= {row.id: Location(row.latitude, row.longitude) for row in rows}
    if institution_ids:
        rows = await session.execute(select(Institution.id, Institution.latitude, Institution.longitude).where(
            Institution.id.in_(institution_ids)))
        found |= {row.id: Location(row.latitude, row.longitude) for row in rows}
    return found


async def assigned_staff(session: AsyncSession, home_id: uuid.UUID) -> list[uuid.UUID]:
    """The staff assigned to the home (its family-care secretaries), longest assigned first."""
    return (await assigned_staff_of(session, [home_id])).get(home_id, [])


async def assigned_staff_of(session: AsyncSession, home_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[uuid.UUID]]:
    """The staff assigned to each of the homes, longest assigned first (homes without any are left out)."""
    rows = await session.execute(
        select(HomeAssignment.home_id, HomeAssignment.user_id).where(HomeAssignment.home_id.in_(home_ids))
        .order_by(HomeAssignment.assigned_on, HomeAssignment.user_id))
    staff: dict[uuid.UUID, list[uuid.UUID]] = {}
    for home_id, user_id in rows:
        staff.setdefault(home_id, []).append(user_id)
    return staff


async def protected_among(session: AsyncSession, home_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Those of the homes that have protected identity."""
    return set(await session.scalars(
        select(FosterHome.id).where(FosterHome.id.in_(home_ids), FosterHome.protected_identity.is_(True))))


def log_support_contact(session: AsyncSession, actor: Actor, home_id: uuid.UUID, data: SupportContactIn) -> None:
    """A support contact recorded from elsewhere (a completed follow-up), in the caller's transaction."""
    contact = SupportContact(id=uuid.uuid4(), home_id=home_id, **data.model_dump())
    session.add(contact)
    record(session, actor, AuditAction.CREATE, "home_support_contact", contact.id, detail=f"hem {home_id}")


# ---------------------------------------------------------------- protected locations in the audit log

async def _protected_home_entries(session: AsyncSession, entries: list[audit.AuditEntry]) -> set[int]:
    """Entries about homes that are protected now, or were at some time by the log."""
    ids = {i for entry in entries if (i := audit.object_uuid(entry))}
    now = {str(i) for i in await session.scalars(
        select(FosterHome.id).where(FosterHome.id.in_(ids), FosterHome.protected_identity.is_(True)))} if ids else set()
    protected = now | await audit.ever_protected(session, "foster_home", {str(i) for i in ids})
    return {entry.id for entry in entries if entry.object_id in protected}


audit.protect_location_fields("foster_home", set(AddressIn.model_fields), _protected_home_entries)
