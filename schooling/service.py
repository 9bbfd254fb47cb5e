"""The school register, children's enrolments, and school continuity for a candidate home."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core import audit, clock, rules
from core.audit import AuditAction, authorize, changed_fields, record
from core.database import check_version, flush_or_conflict, get_or_404
from core.errors import FieldError, InvalidInputError
from core.permissions import Action, Actor, PermissionDeniedError
from core.schemas import Page, contains_pattern
from children import access
from core.pagination import page_slice
from schooling.continuity import SchoolPlace, assess, grade_on
from schooling.models import Enrolment, School
from schooling.schemas import (
    GRADES_TAUGHT,
    ContinuityOut,
    ContinuitySettings,
    EnrolmentIn,
    EnrolmentOut,
    SchoolFilter,
    SchoolIn,
    SchoolOut,
    SchoolUpdate,
    grade_label,
)

SCHOOL_NOT_FOUND = "Skolan finns inte."
SCHOOL_WITHHELD = "Skolan visas bara för barnets handläggare (skyddade personuppgifter)."


# ---------------------------------------------------------------- schools (public facts, not personal data)

async def create_school(session: AsyncSession, actor: Actor, data: SchoolIn) -> SchoolOut:
    await authorize(session, actor, Action.SCHOOL_WRITE, "school")
    school = School(id=uuid.uuid4(), **data.model_dump())
    session.add(school)
    record(session, actor, AuditAction.CREATE, "school", school.id, changes=changed_fields({}, data.model_dump()))
    await flush_or_conflict(session, "En skola med den skolenhetskoden finns redan.")
    return SchoolOut.model_validate(school)


async def get_school(session: AsyncSession, actor: Actor, school_id: uuid.UUID) -> SchoolOut:
    return SchoolOut.model_validate(await get_or_404(session, School, school_id, SCHOOL_NOT_FOUND))


async def update_school(session: AsyncSession, actor: Actor, school_id: uuid.UUID, data: SchoolUpdate) -> SchoolOut:
    await authorize(session, actor, Action.SCHOOL_WRITE, "school", school_id)
    school = await get_or_404(session, School, school_id, SCHOOL_NOT_FOUND, for_update=True)
    check_version(school.version, data.version)
    before = {field: getattr(school, field) for field in SchoolIn.model_fields}
    for field, value in data.model_dump(exclude={"version"}).items():
        setattr(school, field, value)
    record(session, actor, AuditAction.UPDATE, "school", school.id, changes=changed_fields(before, data.model_dump(exclude={"version"})))
    await flush_or_conflict(session, "En skola med den skolenhetskoden finns redan, eller så ändrades skolan samtidigt.")
    return SchoolOut.model_validate(school)


async def list_schools(session: AsyncSession, actor: Actor, filters: SchoolFilter) -> Page[SchoolOut]:
    conditions = [School.active]
    if filters.kind:
        conditions.append(School.kind.in_(filters.kind))
    if filters.municipality:
        conditions.append(func.lower(School.municipality) == filters.municipality.lower())
    if filters.q:
        conditions.append(School.name.ilike(contains_pattern(filters.q)))
    statement = select(School, func.count().over().label("total")).where(*conditions)
    if filters.near_lat is not None and filters.near_lon is not None:
        centre = func.ll_to_earth(filters.near_lat, filters.near_lon)
        statement = statement.order_by(func.earth_distance(func.ll_to_earth(School.latitude, School.longitude), centre))
    else:
        statement = statement.order_by(School.name, School.id)
    rows = (await session.execute(page_slice(statement, filters.page, filters.page_size))).all()
    total = rows[0].total if rows else 0
    return Page(items=[SchoolOut.model_validate(row[0]) for row in rows], total=total, page=filters.page,
                page_size=filters.page_size)


# ---------------------------------------------------------------- enrolments

def _enrolment_out(enrolment: Enrolment, withheld: str | None = None) -> EnrolmentOut:
    last_day = min(clock.today(), enrolment.ended_on or dt.date.max)
    current = grade_on(enrolment.grade, enrolment.started_on, last_day, GRADES_TAUGHT[enrolment.school.kind])
    return EnrolmentOut(
        id=enrolment.id,
        school=None if withheld else SchoolOut.model_validate(enrolment.school),
        school_notice=withheld,
        grade=enrolment.grade,
        grade_label=grade_label(enrolment.grade),
        current_grade=current,
        current_grade_label=grade_label(current),
        started_on=enrolment.started_on,
        ended_on=enrolment.ended_on,
        current=enrolment.ended_on is None or enrolment.ended_on > clock.today(),
    )


async def _enrolments(session: AsyncSession, child_id: uuid.UUID) -> list[Enrolment]:
    return list(await session.scalars(
        select(Enrolment).where(Enrolment.child_id == child_id).order_by(Enrolment.started_on.desc())
    ))


async def school_withheld_notice(session: AsyncSession, actor: Actor, child) -> str | None:
    """The notice shown instead of a protected child's school to a reader who may not see where the child is
    (a school locates a child as surely as an address does), naming whom to ask; None for everyone else."""
    if access.sees_location(child, actor):
        return None
    staff = await access.staff_names(session, child)
    return f"{SCHOOL_WITHHELD} Handläggare: {', '.join(staff)}." if staff else SCHOOL_WITHHELD


async def list_enrolments(session: AsyncSession, actor: Actor, child_id: uuid.UUID) -> list[EnrolmentOut]:
    child = await access.child_for_reading(session, actor, child_id)
    rows = await _enrolments(session, child.id)
    withheld = await school_withheld_notice(session, actor, child)
    record(session, actor, AuditAction.READ, "enrolment", object_ids=[e.id for e in rows], detail=f"barn {child.id}")
    await session.flush()
    return [_enrolment_out(e, withheld) for e in rows]


async def add_enrolment(session: AsyncSession, actor: Actor, child_id: uuid.UUID, data: EnrolmentIn) -> list[EnrolmentOut]:
    """Enrol the child. Starting at a new school ends the open enrolment at the old one the same day."""
    child = await access.child_for_change(session, actor, child_id)
    school = await session.get(School, data.school_id)
    if school is None or not school.active:
        raise InvalidInputError(FieldError("school_id", "Okänd skola."))
    if data.grade not in GRADES_TAUGHT[school.kind]:
        raise InvalidInputError(FieldError("grade", f"{school.name} har inte {grade_label(data.grade)}."))
    for earlier in await _enrolments(session, child.id):
        if earlier.ended_on is None and earlier.started_on < data.started_on:
            earlier.ended_on = data.started_on
            record(session, actor, AuditAction.UPDATE, "enrolment", earlier.id,
                   changes={"ended_on": [None, data.started_on.isoformat()]}, detail=f"barn {child.id}: byter skola")
    enrolment = Enrolment(id=uuid.uuid4(), child_id=child.id, **data.model_dump())
    session.add(enrolment)
    record(session, actor, AuditAction.CREATE, "enrolment", enrolment.id, changes=changed_fields({}, data.model_dump()),
           detail=f"barn {child.id}")
    await flush_or_conflict(session, "Barnet är redan inskrivet i en skola under den perioden.")
    return [_enrolment_out(e) for e in await _enrolments(session, child.id)]


# ---------------------------------------------------------------- continuity

async def continuity_settings(session: AsyncSession) -> ContinuitySettings:
    return await rules.load(session, ContinuitySettings)


async def save_continuity_settings(session: AsyncSession, actor: Actor, data: ContinuitySettings) -> ContinuitySettings:
    return await rules.save(session, actor, data)


async def current_school(session: AsyncSession, child_id: uuid.UUID, on: dt.date) -> Enrolment | None:
    return await session.scalar(
        select(Enrolment)
        .where(Enrolment.child_id == child_id, Enrolment.started_on <= on,
               (Enrolment.ended_on.is_(None)) | (Enrolment.ended_on > on))
        .order_by(Enrolment.started_on.desc())
        .limit(1)
    )


def _place(enrolment: Enrolment | None, day: dt.date) -> SchoolPlace | None:
    if enrolment is None:
        return None
    school = enrolment.school
    grade = grade_on(enrolment.grade, enrolment.started_on, day, GRADES_TAUGHT[school.kind])
    return SchoolPlace(school.name, school.latitude, school.longitude, grade)


async def school_place_on(session: AsyncSession, child_id: uuid.UUID, day: dt.date) -> SchoolPlace | None:
    """Where the child goes to school on ``day``, in the grade it is in by then (for matching)."""
    return _place(await current_school(session, child_id, day), day)


async def school_continuity(
    session: AsyncSession, actor: Actor, child_id: uuid.UUID, latitude: float, longitude: float, move_on: dt.date | None = None
) -> ContinuityOut:
    """Can the child keep its school if it lives at (latitude, longitude) from ``move_on``?"""
    child = await access.child_for_reading(session, actor, child_id)
    # A distance to the school from points of the reader's choosing would locate the school, so the child.
    if withheld := await school_withheld_notice(session, actor, child):
        raise PermissionDeniedError(withheld)
    move_on = move_on or clock.today()
    enrolment = await current_school(session, child.id, move_on)
    place = _place(enrolment, move_on)
    result = assess(place, clock.age_on(child.birth_date, move_on), latitude, longitude, move_on, await continuity_settings(session))
    record(session, actor, AuditAction.READ, "child", child.id, detail="skolkontinuitet")
    await session.flush()
    return ContinuityOut(
        verdict=result.verdict,
        distance_km=result.distance_km,
        natural_transition=result.natural_transition,
        score=result.score,
        explanation=result.explanation,
        school=SchoolOut.model_validate(enrolment.school) if enrolment else None,
    )


# ---------------------------------------------------------------- protected schools in the audit log

async def _protected_enrolment_entries(session: AsyncSession, entries: list[audit.AuditEntry]) -> set[int]:
    # A protected child's school locates the child as surely as its address does.
    ids = {i for entry in entries if (i := audit.object_uuid(entry))}
    children_of = dict((await session.execute(select(Enrolment.id, Enrolment.child_id).where(Enrolment.id.in_(ids)))).all())
    child_of = {e.id: access.child_named_in_detail(e) or children_of.get(audit.object_uuid(e)) for e in entries}
    return await access.entries_about_protected_children(session, entries, child_of)


audit.protect_location_fields("enrolment", {"school_id"}, _protected_enrolment_entries)
