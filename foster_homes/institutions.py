"""Institutions (HVB, SiS, stödboende): the register's places outside family homes. Every function works in
the caller's session and flushes (the caller's unit of work commits). What a booking needs of one is
``service.institution_target``."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.audit import AuditAction, authorize, changed_fields, record
from core.database import check_version, flush_or_conflict, get_or_404
from core.errors import ConflictError
from core.pagination import fetch_page
from core.permissions import Action, Actor
from core.schemas import Page
from foster_homes.models import Institution
from foster_homes.schemas import DeactivateIn, InstitutionFilter, InstitutionIn, InstitutionOut, InstitutionUpdate
from foster_homes.service import within_km

INSTITUTION_NOT_FOUND = "Institutionen finns inte."


async def create_institution(session: AsyncSession, actor: Actor, data: InstitutionIn) -> InstitutionOut:
    await authorize(session, actor, Action.INSTITUTION_WRITE, "institution")
    institution = Institution(id=uuid.uuid4(), **data.model_dump())
    session.add(institution)
    record(session, actor, AuditAction.CREATE, "institution", institution.id, changes=changed_fields({}, data.model_dump()))
    await flush_or_conflict(session, "Institutionen kunde inte sparas på grund av en konflikt. Försök igen.")
    return await _institution_out(session, institution.id)


async def get_institution(session: AsyncSession, actor: Actor, institution_id: uuid.UUID) -> InstitutionOut:
    await authorize(session, actor, Action.INSTITUTION_READ, "institution", institution_id)
    return await _institution_out(session, institution_id)


async def _institution_out(session: AsyncSession, institution_id: uuid.UUID) -> InstitutionOut:
    return InstitutionOut.model_validate(
        await get_or_404(session, Institution, institution_id, INSTITUTION_NOT_FOUND)
    )


async def update_institution(
    session: AsyncSession, actor: Actor, institution_id: uuid.UUID, data: InstitutionUpdate
) -> InstitutionOut:
    await authorize(session, actor, Action.INSTITUTION_WRITE, "institution", institution_id)
    institution = await get_or_404(session, Institution, institution_id, INSTITUTION_NOT_FOUND, for_update=True)
    check_version(institution.version, data.version)
    if not institution.active:
        raise ConflictError("En avslutad institution kan inte ändras.")
    before = {field: getattr(institution, field) for field in InstitutionIn.model_fields}
    record(
        session, actor, AuditAction.UPDATE, "institution", institution.id,
        changes=changed_fields(before, data.model_dump(exclude={"version"})),
    )
    for field, value in data.model_dump(exclude={"version"}).items():
        setattr(institution, field, value)
    institution.updated_at = clock.now()
    await flush_or_conflict(session)
    return await _institution_out(session, institution_id)


async def deactivate_institution(
    session: AsyncSession, actor: Actor, institution_id: uuid.UUID, data: DeactivateIn
) -> InstitutionOut:
    await authorize(session, actor, Action.INSTITUTION_WRITE, "institution", institution_id)
    institution = await get_or_404(session, Institution, institution_id, INSTITUTION_NOT_FOUND, for_update=True)
    check_version(institution.version, data.version)
    if not institution.active:
        raise ConflictError("Institutionen är redan avslutad.")
    institution.active, institution.closed_on, institution.closed_reason = False, data.closed_on, data.reason
    record(session, actor, AuditAction.CLOSE, "institution", institution.id, detail=data.reason)
    await flush_or_conflict(session)
    return await _institution_out(session, institution_id)


async def list_institutions(session: AsyncSession, actor: Actor, filters: InstitutionFilter) -> Page[InstitutionOut]:
    await authorize(session, actor, Action.INSTITUTION_READ, "institution")
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
            within_km(
                func.ll_to_earth(Institution.latitude, Institution.longitude),
                filters.near_lat,
                filters.near_lon,
                filters.within_km,
            )
        )
    institutions, total = await fetch_page(
        session, select(Institution).where(*conditions).order_by(Institution.name, Institution.id),
        count_from=Institution, conditions=conditions, page=filters.page, page_size=filters.page_size, scalars=True,
    )
    return Page(
        items=[InstitutionOut.model_validate(i) for i in institutions],
        total=total,
        page=filters.page,
        page_size=filters.page_size,
    )
