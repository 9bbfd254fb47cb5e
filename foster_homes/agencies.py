"""Agencies (konsulentverksamheter) and their framework contracts, with a daily price per level. Every
function works in the caller's session and flushes (the caller's unit of work commits); a contract's price
on a day is prices.py's rule."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from core import clock
from core.audit import AuditAction, authorize, changed_fields, record
from core.database import check_version, flush_or_conflict, get_or_404
from core.errors import ConflictError
from core.pagination import fetch_page
from core.permissions import Action, Actor
from core.schemas import Page, contains_pattern
from foster_homes.models import Agency, AgencyContract, AgencyContractPrice, FosterHome
from foster_homes.schemas import AgencyFilter, AgencyIn, AgencyOut, AgencyUpdate, ContractIn, DeactivateIn, HomeStatus

AGENCY_NOT_FOUND = "Konsulentverksamheten finns inte."
_AGENCY_DETAIL = (selectinload(Agency.contracts).selectinload(AgencyContract.prices),)
AGENCY_NUMBER_TAKEN = "En konsulentverksamhet med det organisationsnumret finns redan."


async def create_agency(session: AsyncSession, actor: Actor, data: AgencyIn) -> AgencyOut:
    await authorize(session, actor, Action.AGENCY_WRITE, "agency")
    agency = Agency(id=uuid.uuid4(), **data.model_dump())
    session.add(agency)
    record(session, actor, AuditAction.CREATE, "agency", agency.id, changes=changed_fields({}, data.model_dump()))
    await flush_or_conflict(session, AGENCY_NUMBER_TAKEN)
    return await _agency_out(session, agency.id)


async def get_agency(session: AsyncSession, actor: Actor, agency_id: uuid.UUID) -> AgencyOut:
    await authorize(session, actor, Action.AGENCY_READ, "agency", agency_id)
    return await _agency_out(session, agency_id)


async def _agency_out(session: AsyncSession, agency_id: uuid.UUID) -> AgencyOut:
    agency = await get_or_404(session, Agency, agency_id, AGENCY_NOT_FOUND, _AGENCY_DETAIL)
    return AgencyOut.model_validate(agency)


async def update_agency(session: AsyncSession, actor: Actor, agency_id: uuid.UUID, data: AgencyUpdate) -> AgencyOut:
    await authorize(session, actor, Action.AGENCY_WRITE, "agency", agency_id)
    agency = await get_or_404(session, Agency, agency_id, AGENCY_NOT_FOUND, for_update=True)
    check_version(agency.version, data.version)
    before = {field: getattr(agency, field) for field in AgencyIn.model_fields}
    record(session, actor, AuditAction.UPDATE, "agency", agency.id, changes=changed_fields(before, data.model_dump(exclude={"version"})))
    for field, value in data.model_dump(exclude={"version"}).items():
        setattr(agency, field, value)
    agency.updated_at = clock.now()
    await flush_or_conflict(session, AGENCY_NUMBER_TAKEN)
    return await _agency_out(session, agency_id)


async def deactivate_agency(session: AsyncSession, actor: Actor, agency_id: uuid.UUID, data: DeactivateIn) -> AgencyOut:
    await authorize(session, actor, Action.AGENCY_WRITE, "agency", agency_id)
    agency = await get_or_404(session, Agency, agency_id, AGENCY_NOT_FOUND, for_update=True)
    check_version(agency.version, data.version)
    if not agency.active:
        raise ConflictError("Konsulentverksamheten är redan avslutad.")
    open_homes = await session.scalar(
        select(func.count()).where(FosterHome.agency_id == agency_id, FosterHome.status != HomeStatus.CLOSED)
    )
    if open_homes:
        raise ConflictError(f"Konsulentverksamheten har {open_homes} familjehem som inte är avslutade.")
    agency.active, agency.closed_on, agency.closed_reason = False, data.closed_on, data.reason
    record(session, actor, AuditAction.CLOSE, "agency", agency.id, detail=data.reason)
    await flush_or_conflict(session)
    return await _agency_out(session, agency_id)


async def add_contract(session: AsyncSession, actor: Actor, agency_id: uuid.UUID, data: ContractIn) -> AgencyOut:
    await authorize(session, actor, Action.AGENCY_WRITE, "agency", agency_id)
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
    record(session, actor, AuditAction.CREATE, "agency_contract", contract.id, changes=changed_fields({}, data.model_dump()))
    await flush_or_conflict(session, "Avtalsperioden överlappar ett befintligt avtal med samma konsulentverksamhet.")
    return await _agency_out(session, agency_id)


async def list_agencies(session: AsyncSession, actor: Actor, filters: AgencyFilter) -> Page[AgencyOut]:
    await authorize(session, actor, Action.AGENCY_READ, "agency")
    conditions = []
    if filters.active is not None:
        conditions.append(Agency.active.is_(filters.active))
    if filters.q:
        conditions.append(Agency.name.ilike(contains_pattern(filters.q)))
    agencies, total = await fetch_page(
        session, select(Agency).where(*conditions).options(*_AGENCY_DETAIL).order_by(Agency.name, Agency.id),
        count_from=Agency, conditions=conditions, page=filters.page, page_size=filters.page_size, scalars=True,
    )
    return Page(
        items=[AgencyOut.model_validate(a) for a in agencies],
        total=total,
        page=filters.page,
        page_size=filters.page_size,
    )
