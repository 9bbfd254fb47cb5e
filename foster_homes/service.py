"""Business rules of the register. Every function takes a session and commits its own unit of work."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ColumnElement, Select, and_, exists, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from core import clock
from core.database import check_version, commit_or_conflict, get_or_404
from core.errors import ConflictError, FieldError, InvalidInputError
from core.schemas import Page, contains_pattern
from foster_homes.models import (
    Agency,
    AgencyContract,
    AgencyContractPrice,
    Assessment,
    DomainCompetence,
    FosterHome,
    HouseholdAdult,
    HouseholdChild,
    Institution,
    StatusChange,
    SupportContact,
    Training,
)
from foster_homes.schemas import (
    STATUS_TRANSITIONS,
    AddressOut,
    AgencyFilter,
    AgencyIn,
    AgencyOut,
    AgencyRef,
    AgencyUpdate,
    AssessmentOutcome,
    CapacityOut,
    CloseIn,
    ContractIn,
    DeactivateIn,
    FosterHomeCreate,
    FosterHomeFilter,
    FosterHomeIn,
    FosterHomeOut,
    FosterHomeSummary,
    FosterHomeUpdate,
    HomeSort,
    HomeStatus,
    HouseholdAdultMasked,
    HouseholdChildRelation,
    InstitutionFilter,
    InstitutionIn,
    InstitutionOut,
    InstitutionUpdate,
    StatusChangeIn,
    SupportContactIn,
    SupportContactOut,
)

HOME_NOT_FOUND = "Familjehemmet finns inte."
AGENCY_NOT_FOUND = "Konsulentverksamheten finns inte."
INSTITUTION_NOT_FOUND = "Institutionen finns inte."

_HOME_DETAIL = (
    selectinload(FosterHome.adults),
    selectinload(FosterHome.children),
    selectinload(FosterHome.domain_competences),
    selectinload(FosterHome.trainings),
    selectinload(FosterHome.assessments),
    selectinload(FosterHome.status_changes),
)


# ---------------------------------------------------------------- occupancy

def occupied_places_on(day: dt.date) -> ColumnElement[int]:
    """Placed children living in the home on ``day``: from their start date up to the day before they leave.

    The moving day belongs to the receiving home, so a child is never counted in two homes on one day.
    """
    return (
        select(func.count())
        .select_from(HouseholdChild)
        .where(
            HouseholdChild.home_id == FosterHome.id,
            HouseholdChild.relation == HouseholdChildRelation.PLACED,
            HouseholdChild.placed_from <= day,
            or_(HouseholdChild.placed_until.is_(None), HouseholdChild.placed_until > day),
        )
        .correlate(FosterHome)
        .scalar_subquery()
    )


def _occupied_in_memory(children: list[HouseholdChild], day: dt.date) -> int:
    return sum(
        1
        for child in children
        if child.relation == HouseholdChildRelation.PLACED
        and child.placed_from <= day
        and (child.placed_until is None or child.placed_until > day)
    )


# ---------------------------------------------------------------- foster homes

def _home_out(home: FosterHome) -> FosterHomeOut:
    occupied = _occupied_in_memory(home.children, clock.today())
    languages = list(dict.fromkeys(language for adult in home.adults for language in adult.languages))
    return FosterHomeOut(
        id=home.id,
        name=home.name,
        kind=home.kind,
        status=home.status,
        agency=AgencyRef.model_validate(home.agency) if home.agency else None,
        contract_level=home.contract_level,
        address=AddressOut.model_validate(home),
        capacity=CapacityOut.model_validate(home),
        occupied_places=occupied,
        free_places=max(home.places - occupied, 0),
        household_adults=home.adults,
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
        version=home.version,
        created_at=home.created_at,
        updated_at=home.updated_at,
    )


def _apply_home_fields(home: FosterHome, data: FosterHomeIn) -> None:
    """Copy a whole home document onto the row; nested lists replace the old ones."""
    home.name = data.name
    home.kind = data.kind
    home.agency_id = data.agency_id
    home.contract_level = data.contract_level
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
    home.children = [HouseholdChild(position=i, **child.model_dump()) for i, child in enumerate(data.household_children)]
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


async def create_home(session: AsyncSession, data: FosterHomeCreate) -> FosterHomeOut:
    await _check_agency_usable(session, data.agency_id)
    home = FosterHome(id=uuid.uuid4(), status=data.status)
    _apply_home_fields(home, data)
    home.status_changes = [
        StatusChange(status=data.status, changed_on=data.status_changed_on, reason=data.status_reason or "Registrerat")
    ]
    session.add(home)
    await commit_or_conflict(session, "Familjehemmet kunde inte sparas på grund av en konflikt. Försök igen.")
    return await get_home(session, home.id)


async def get_home(session: AsyncSession, home_id: uuid.UUID) -> FosterHomeOut:
    session.expunge_all()  # always answer from the database, not from what this session cached
    return _home_out(await _load_home(session, home_id))


async def update_home(session: AsyncSession, home_id: uuid.UUID, data: FosterHomeUpdate) -> FosterHomeOut:
    home = await _load_home(session, home_id, for_update=True)
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
    # Delete the old rows first: the unit of work would otherwise insert the new ones before deleting,
    # tripping the one-competence-per-domain constraint.
    for collection in (home.adults, home.children, home.domain_competences, home.trainings, home.assessments):
        collection.clear()
    await session.flush()
    _apply_home_fields(home, data)
    home.updated_at = clock.now()  # dirties the row so the version check also covers list-only edits
    await commit_or_conflict(session, "Uppgifterna har ändrats av någon annan samtidigt. Ladda om och försök igen.")
    return await get_home(session, home_id)


async def change_status(session: AsyncSession, home_id: uuid.UUID, data: StatusChangeIn) -> FosterHomeOut:
    home = await _load_home(session, home_id, for_update=True)
    check_version(home.version, data.version)
    if data.status == home.status:
        raise ConflictError(f"Hemmet har redan status {data.status.value}.")
    if data.status not in STATUS_TRANSITIONS[home.status]:
        raise ConflictError(f"Ett hem med status {home.status.value} kan inte få status {data.status.value}.")
    latest = max((change.changed_on for change in home.status_changes), default=None)
    if latest is not None and data.changed_on < latest:
        raise InvalidInputError(
            FieldError("changed_on", f"Datumet kan inte vara före den senaste statusändringen ({latest.isoformat()}).")
        )
    if data.status == HomeStatus.APPROVED and not any(a.outcome == AssessmentOutcome.APPROVED for a in home.assessments):
        raise InvalidInputError(
            FieldError("status", "Ett hem kan bara godkännas efter en familjehemsutredning med utfallet godkänt.")
        )
    if data.status == HomeStatus.CLOSED:
        placed_now = _occupied_in_memory(home.children, data.changed_on)
        if placed_now:
            raise ConflictError(
                f"Hemmet har {placed_now} placerade barn {data.changed_on.isoformat()}; "
                "avsluta placeringarna innan hemmet avslutas."
            )
    home.status = data.status
    home.status_changes.append(StatusChange(status=data.status, changed_on=data.changed_on, reason=data.reason))
    await commit_or_conflict(session, "Uppgifterna har ändrats av någon annan samtidigt. Ladda om och försök igen.")
    return await get_home(session, home_id)


async def close_home(session: AsyncSession, home_id: uuid.UUID, data: CloseIn) -> FosterHomeOut:
    """Close a home. Homes are never deleted: their history and past placements must stay traceable."""
    return await change_status(
        session,
        home_id,
        StatusChangeIn(status=HomeStatus.CLOSED, changed_on=data.closed_on, reason=data.reason, version=data.version),
    )


def _distance_km(lat: float, lon: float) -> ColumnElement[float]:
    home_point = func.ll_to_earth(FosterHome.latitude, FosterHome.longitude)
    return func.earth_distance(home_point, func.ll_to_earth(lat, lon)) / 1000.0


def _within_km(lat_col, lon_col, lat: float, lon: float, km: float) -> ColumnElement[bool]:
    # earth_box uses the GiST index; the exact distance check trims the box's corners.
    point = func.ll_to_earth(lat_col, lon_col)
    centre = func.ll_to_earth(lat, lon)
    return and_(
        func.earth_box(centre, km * 1000.0).op("@>")(point),
        func.earth_distance(point, centre) <= km * 1000.0,
    )


def _home_filters(filters: FosterHomeFilter, day: dt.date) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.kind:
        conditions.append(FosterHome.kind.in_(filters.kind))
    if filters.status:
        conditions.append(FosterHome.status.in_(filters.status))
    if filters.min_free:
        conditions += [
            FosterHome.status == HomeStatus.APPROVED,
            or_(FosterHome.available_from.is_(None), FosterHome.available_from <= day),
            FosterHome.places - occupied_places_on(day) >= filters.min_free,
        ]
    if filters.accepts_age is not None:
        conditions += [FosterHome.age_min <= filters.accepts_age, FosterHome.age_max >= filters.accepts_age]
    if filters.municipality:
        conditions.append(func.lower(FosterHome.municipality) == filters.municipality.lower())
    if filters.tag:
        conditions.append(FosterHome.tags.contains(filters.tag))
    if filters.q:
        pattern = contains_pattern(filters.q)
        conditions.append(
            or_(
                FosterHome.name.ilike(pattern),
                FosterHome.city.ilike(pattern),
                exists().where(HouseholdAdult.home_id == FosterHome.id, HouseholdAdult.name.ilike(pattern)),
            )
        )
    if filters.within_km is not None:
        conditions.append(
            _within_km(FosterHome.latitude, FosterHome.longitude, filters.near_lat, filters.near_lon, filters.within_km)
        )
    return conditions


_HOME_ORDER = {
    HomeSort.NAME: (FosterHome.name, FosterHome.id),
    HomeSort.NAME_DESC: (FosterHome.name.desc(), FosterHome.id),
    HomeSort.MUNICIPALITY: (FosterHome.municipality, FosterHome.name, FosterHome.id),
    HomeSort.NEWEST: (FosterHome.created_at.desc(), FosterHome.id),
}


async def list_homes(session: AsyncSession, filters: FosterHomeFilter) -> Page[FosterHomeSummary]:
    day = filters.free_at or clock.today()
    conditions = _home_filters(filters, day)
    free_places = func.greatest(FosterHome.places - occupied_places_on(day), 0).label("free_places")
    distance = _distance_km(filters.near_lat, filters.near_lon).label("distance_km") if filters.has_point else None

    total = await session.scalar(select(func.count()).select_from(FosterHome).where(*conditions))
    columns = [FosterHome, free_places, distance if distance is not None else literal(None).label("distance_km")]
    statement: Select = select(*columns).where(*conditions).options(selectinload(FosterHome.adults))
    if filters.sort == HomeSort.DISTANCE:
        statement = statement.order_by(distance, FosterHome.id)
    elif filters.sort == HomeSort.FREE_PLACES:
        statement = statement.order_by(free_places.desc(), FosterHome.name, FosterHome.id)
    else:
        statement = statement.order_by(*_HOME_ORDER[filters.sort])
    statement = statement.limit(filters.page_size).offset((filters.page - 1) * filters.page_size)

    rows = (await session.execute(statement)).all()
    items = [
        FosterHomeSummary(
            id=home.id,
            name=home.name,
            kind=home.kind,
            status=home.status,
            agency_name=home.agency.name if home.agency else None,
            municipality=home.municipality,
            city=home.city,
            places=home.places,
            free_places=free,
            free_places_on=day,
            age_min=home.age_min,
            age_max=home.age_max,
            placement_kinds=home.placement_kinds,
            tags=home.tags,
            adults=[HouseholdAdultMasked.of(adult) for adult in home.adults],
            distance_km=round(km, 1) if km is not None else None,
            version=home.version,
        )
        for home, free, km in rows
    ]
    return Page(items=items, total=total or 0, page=filters.page, page_size=filters.page_size)


async def add_support_contact(session: AsyncSession, home_id: uuid.UUID, data: SupportContactIn) -> SupportContactOut:
    await get_or_404(session, FosterHome, home_id, HOME_NOT_FOUND)
    contact = SupportContact(id=uuid.uuid4(), home_id=home_id, **data.model_dump())
    session.add(contact)
    await commit_or_conflict(session, "Kontakten kunde inte sparas. Försök igen.")
    await session.refresh(contact)
    return SupportContactOut.model_validate(contact)


async def list_support_contacts(session: AsyncSession, home_id: uuid.UUID) -> list[SupportContactOut]:
    await get_or_404(session, FosterHome, home_id, HOME_NOT_FOUND)
    contacts = await session.scalars(
        select(SupportContact)
        .where(SupportContact.home_id == home_id)
        .order_by(SupportContact.contact_date.desc(), SupportContact.recorded_at.desc())
    )
    return [SupportContactOut.model_validate(contact) for contact in contacts]


# ---------------------------------------------------------------- agencies

_AGENCY_DETAIL = (selectinload(Agency.contracts).selectinload(AgencyContract.prices),)
AGENCY_NUMBER_TAKEN = "En konsulentverksamhet med det organisationsnumret finns redan."


async def create_agency(session: AsyncSession, data: AgencyIn) -> AgencyOut:
    agency = Agency(id=uuid.uuid4(), **data.model_dump())
    session.add(agency)
    await commit_or_conflict(session, AGENCY_NUMBER_TAKEN)
    return await get_agency(session, agency.id)


async def get_agency(session: AsyncSession, agency_id: uuid.UUID) -> AgencyOut:
    session.expunge_all()
    agency = await get_or_404(session, Agency, agency_id, AGENCY_NOT_FOUND, _AGENCY_DETAIL)
    return AgencyOut.model_validate(agency)


async def update_agency(session: AsyncSession, agency_id: uuid.UUID, data: AgencyUpdate) -> AgencyOut:
    agency = await get_or_404(session, Agency, agency_id, AGENCY_NOT_FOUND)
    check_version(agency.version, data.version)
    for field, value in data.model_dump(exclude={"version"}).items():
        setattr(agency, field, value)
    agency.updated_at = clock.now()
    await commit_or_conflict(session, AGENCY_NUMBER_TAKEN)
    return await get_agency(session, agency_id)


async def deactivate_agency(session: AsyncSession, agency_id: uuid.UUID, data: DeactivateIn) -> AgencyOut:
    agency = await get_or_404(session, Agency, agency_id, AGENCY_NOT_FOUND)
    check_version(agency.version, data.version)
    if not agency.active:
        raise ConflictError("Konsulentverksamheten är redan avslutad.")
    open_homes = await session.scalar(
        select(func.count()).where(FosterHome.agency_id == agency_id, FosterHome.status != HomeStatus.CLOSED)
    )
    if open_homes:
        raise ConflictError(f"Konsulentverksamheten har {open_homes} familjehem som inte är avslutade.")
    agency.active, agency.closed_on, agency.closed_reason = False, data.closed_on, data.reason
    await commit_or_conflict(session, "Uppgifterna har ändrats av någon annan samtidigt. Ladda om och försök igen.")
    return await get_agency(session, agency_id)


async def add_contract(session: AsyncSession, agency_id: uuid.UUID, data: ContractIn) -> AgencyOut:
    await get_or_404(session, Agency, agency_id, AGENCY_NOT_FOUND)
    contract = AgencyContract(
        id=uuid.uuid4(),
        agency_id=agency_id,
        reference=data.reference,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        prices=[AgencyContractPrice(level=price.level, daily_price=price.daily_price) for price in data.prices],
    )
    session.add(contract)
    await commit_or_conflict(session, "Avtalsperioden överlappar ett befintligt avtal med samma konsulentverksamhet.")
    return await get_agency(session, agency_id)


async def list_agencies(session: AsyncSession, filters: AgencyFilter) -> Page[AgencyOut]:
    conditions = []
    if filters.active is not None:
        conditions.append(Agency.active.is_(filters.active))
    if filters.q:
        conditions.append(Agency.name.ilike(contains_pattern(filters.q)))
    total = await session.scalar(select(func.count()).select_from(Agency).where(*conditions))
    agencies = await session.scalars(
        select(Agency)
        .where(*conditions)
        .options(*_AGENCY_DETAIL)
        .order_by(Agency.name, Agency.id)
        .limit(filters.page_size)
        .offset((filters.page - 1) * filters.page_size)
    )
    return Page(
        items=[AgencyOut.model_validate(a) for a in agencies],
        total=total or 0,
        page=filters.page,
        page_size=filters.page_size,
    )


# ---------------------------------------------------------------- institutions

async def create_institution(session: AsyncSession, data: InstitutionIn) -> InstitutionOut:
    institution = Institution(id=uuid.uuid4(), **data.model_dump())
    session.add(institution)
    await commit_or_conflict(session, "Institutionen kunde inte sparas på grund av en konflikt. Försök igen.")
    return await get_institution(session, institution.id)


async def get_institution(session: AsyncSession, institution_id: uuid.UUID) -> InstitutionOut:
    session.expunge_all()
    return InstitutionOut.model_validate(
        await get_or_404(session, Institution, institution_id, INSTITUTION_NOT_FOUND)
    )


async def update_institution(
    session: AsyncSession, institution_id: uuid.UUID, data: InstitutionUpdate
) -> InstitutionOut:
    institution = await get_or_404(session, Institution, institution_id, INSTITUTION_NOT_FOUND)
    check_version(institution.version, data.version)
    if not institution.active:
        raise ConflictError("En avslutad institution kan inte ändras.")
    for field, value in data.model_dump(exclude={"version"}).items():
        setattr(institution, field, value)
    institution.updated_at = clock.now()
    await commit_or_conflict(session, "Uppgifterna har ändrats av någon annan samtidigt. Ladda om och försök igen.")
    return await get_institution(session, institution_id)


async def deactivate_institution(
    session: AsyncSession, institution_id: uuid.UUID, data: DeactivateIn
) -> InstitutionOut:
    institution = await get_or_404(session, Institution, institution_id, INSTITUTION_NOT_FOUND)
    check_version(institution.version, data.version)
    if not institution.active:
        raise ConflictError("Institutionen är redan avslutad.")
    institution.active, institution.closed_on, institution.closed_reason = False, data.closed_on, data.reason
    await commit_or_conflict(session, "Uppgifterna har ändrats av någon annan samtidigt. Ladda om och försök igen.")
    return await get_institution(session, institution_id)


async def list_institutions(session: AsyncSession, filters: InstitutionFilter) -> Page[InstitutionOut]:
    conditions = []
    if filters.kind:
        conditions.append(Institution.kind.in_(filters.kind))
    if filters.active is not None:
        conditions.append(Institution.active.is_(filters.active))
    if filters.municipality:
        conditions.append(func.lower(Institution.municipality) == filters.municipality.lower())
    if filters.accepts_age is not None:
        conditions += [Institution.age_min <= filters.accepts_age, Institution.age_max >= filters.accepts_age]
    if filters.within_km is not None:
        conditions.append(
            _within_km(Institution.latitude, Institution.longitude, filters.near_lat, filters.near_lon, filters.within_km)
        )
    total = await session.scalar(select(func.count()).select_from(Institution).where(*conditions))
    institutions = await session.scalars(
        select(Institution)
        .where(*conditions)
        .order_by(Institution.name, Institution.id)
        .limit(filters.page_size)
        .offset((filters.page - 1) * filters.page_size)
    )
    return Page(
        items=[InstitutionOut.model_validate(i) for i in institutions],
        total=total or 0,
        page=filters.page,
        page_size=filters.page_size,
    )


async def count_homes(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(FosterHome)) or 0
