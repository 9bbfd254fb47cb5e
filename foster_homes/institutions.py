"""Institutions (HVB, SiS, stödboende): the register's places outside family homes. Every function works in
the caller's session and flushes (the caller's unit of work commits). What a booking needs of one is
``service.institution_target``.

An institution's daily price is dated: the price it is registered with holds for every earlier day, a
changed price holds from the day it is changed, and a coming one can be entered from a day in an open month.
``Institution.daily_price`` is the price in force today, as shown; the costs read the versions."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.audit import AuditAction, authorize, changed_fields, record
from core.database import check_version, flush_or_conflict, get_or_404
from core.errors import ConflictError
from core.pagination import fetch_page
from core.permissions import Action, Actor
from core.schemas import Page
from foster_homes.models import Institution, InstitutionPrice
from foster_homes.rate_cards import check_open
from foster_homes.schemas import (
    DeactivateIn,
    InstitutionFilter,
    InstitutionIn,
    InstitutionOut,
    InstitutionPriceIn,
    InstitutionPriceOut,
    InstitutionUpdate,
)
from foster_homes.service import within_km

INSTITUTION_NOT_FOUND = "Institutionen finns inte."


async def create_institution(session: AsyncSession, actor: Actor, data: InstitutionIn) -> InstitutionOut:
    await authorize(session, actor, Action.INSTITUTION_WRITE, "institution")
    institution = Institution(id=uuid.uuid4(), **data.model_dump())
    session.add(institution)
    record(session, actor, AuditAction.CREATE, "institution", institution.id, changes=changed_fields({}, data.model_dump()))
    await flush_or_conflict(session, "Institutionen kunde inte sparas på grund av en konflikt. Försök igen.")
    await _set_price(session, actor, institution.id, REGISTERED_FROM, data.daily_price)
    return await _institution_out(session, institution.id)


REGISTERED_FROM = dt.date(1900, 1, 1)
"""The price an institution is registered with holds for every day before a later version."""


async def _set_price(session: AsyncSession, actor: Actor, institution_id: uuid.UUID, valid_from: dt.date,
                     daily_price) -> None:
    """The version from valid_from (replacing one from the same day: a correction of a coming price)."""
    await session.execute(insert(InstitutionPrice).values(
        id=uuid.uuid4(), institution_id=institution_id, valid_from=valid_from, daily_price=daily_price,
        created_by=actor.name).on_conflict_do_update(
        constraint="uq_institution_prices_from", set_={"daily_price": daily_price, "created_by": actor.name}))


async def list_prices(session: AsyncSession, actor: Actor, institution_id: uuid.UUID) -> list[InstitutionPriceOut]:
    await authorize(session, actor, Action.INSTITUTION_READ, "institution", institution_id)
    await get_or_404(session, Institution, institution_id, INSTITUTION_NOT_FOUND)
    versions = list(await session.scalars(select(InstitutionPrice).where(
        InstitutionPrice.institution_id == institution_id).order_by(InstitutionPrice.valid_from)))
    ends = [following.valid_from - dt.timedelta(days=1) for following in versions[1:]] + [None]
    return [InstitutionPriceOut(valid_from=v.valid_from, valid_to=end, daily_price=v.daily_price, created_by=v.created_by)
            for v, end in zip(versions, ends)]


async def add_price(session: AsyncSession, actor: Actor, institution_id: uuid.UUID, data: InstitutionPriceIn
                    ) -> list[InstitutionPriceOut]:
    """A daily price from a day in an open month; placements follow it from then. Logged."""
    await authorize(session, actor, Action.RATES_WRITE, "institution", institution_id)
    institution = await get_or_404(session, Institution, institution_id, INSTITUTION_NOT_FOUND, for_update=True)
    check_open("valid_from", data.valid_from, "Ett nytt dygnspris")
    await _set_price(session, actor, institution_id, data.valid_from, data.daily_price)
    if data.valid_from <= clock.today():
        institution.daily_price = data.daily_price
    record(session, actor, AuditAction.UPDATE, "institution", institution_id,
           changes=changed_fields({}, data.model_dump(mode="json")), detail="nytt dygnspris")
    await flush_or_conflict(session)
    return await list_prices(session, actor, institution_id)


async def get_institution(session: AsyncSession, actor: Actor, institution_id: uuid.UUID) -> InstitutionOut:
    await authorize(session, actor, Action.INSTITUTION_READ, "institution", institution_id)
    return await _institution_out(session, institution_id)


async def _institution_out(session: AsyncSession, institution_id: uuid.UUID) -> InstitutionOut:
    institution = await get_or_404(session, Institution, institution_id, INSTITUTION_NOT_FOUND)
    return (await _with_todays_price(session, [institution]))[0]


async def _with_todays_price(session: AsyncSession, institutions: list[Institution]) -> list[InstitutionOut]:
    """The institutions as shown: each with its price in force today (a coming version may have begun)."""
    today = clock.today()
    current = dict((await session.execute(  # oldest first: each institution's latest version is kept
        select(InstitutionPrice.institution_id, InstitutionPrice.daily_price)
        .where(InstitutionPrice.institution_id.in_([i.id for i in institutions]), InstitutionPrice.valid_from <= today)
        .order_by(InstitutionPrice.valid_from))).all())
    return [InstitutionOut.model_validate(i).model_copy(update={"daily_price": current.get(i.id, i.daily_price)})
            for i in institutions]


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
    if data.daily_price != institution.daily_price:  # a changed price holds from today; earlier days keep theirs
        await _set_price(session, actor, institution_id, clock.today(), data.daily_price)
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
        items=await _with_todays_price(session, list(institutions)),
        total=total,
        page=filters.page,
        page_size=filters.page_size,
    )
