"""Business rules for children: the record, needs with history, wishes, siblings, network and its examination.

Every read and change of a child's record is audit-logged; protected children show their address (and
their network's addresses) only to the responsible social worker and assigned staff.
"""

from __future__ import annotations

import uuid

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, selectinload

from accounts import service as accounts
from children.access import (
    PROTECTED_NOTICE,
    load_child,
    child_for_change,
    child_for_reading,
    location_visible,
    sees_location,
)
from foster_homes import service as foster_homes
from core import clock
from core.audit import AuditAction, authorize, changed_fields, record
from core.database import check_version, flush_or_conflict
from core.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from core.identity_numbers import birth_date_of, mask_personal_number
from core.permissions import Action, Actor
from core.references import new_reference
from core.schemas import AddressOut, BbicDomain, Page, StaffRef, contains_pattern
from children.models import (
    Child,
    ChildAssignment,
    ChildWish,
    CurrentNeed,
    NeedAssessment,
    NetworkExamination,
    NetworkMember,
    SiblingLink,
)
from placements.models import Placement
from children.network import ChildNetwork, Person, Sibling
from children.schemas import (
    NEED_LEVEL_ORDER,
    ChildFilter,
    ChildIn,
    ChildOut,
    ChildSort,
    ChildSummary,
    ChildUpdate,
    MemberLocationOut,
    NeedLevel,
    NeedOut,
    NeedsIn,
    NetworkExaminationIn,
    NetworkExaminationOut,
    NetworkMemberIn,
    NetworkMemberOut,
    NetworkMemberUpdate,
    SiblingIn,
    SiblingOut,
    WishIn,
    WishOut,
)
from core.pagination import fetch_page
MEMBER_NOT_FOUND = "Personen finns inte i barnets nätverk."


async def _check_worker(session: AsyncSession, worker_id: uuid.UUID | None) -> None:
    if worker_id is not None and not await accounts.is_active_user(session, worker_id):
        raise InvalidInputError(FieldError("responsible_worker_id", "Okänd eller inaktiverad användare."))


# ---------------------------------------------------------------- the record

def _current_needs(assessments: list[NeedAssessment]) -> list[NeedAssessment]:
    latest: dict[BbicDomain, NeedAssessment] = {}
    for item in sorted(assessments, key=lambda a: (a.assessed_on, a.recorded_at)):
        latest[item.domain] = item
    return [latest[domain] for domain in BbicDomain if domain in latest]


async def _siblings(session: AsyncSession, child_id: uuid.UUID) -> list[SiblingOut]:
    other = aliased(Child)
    rows = await session.execute(
        select(other.id, other.first_name, other.last_name, other.birth_date, SiblingLink.half)
        .join(SiblingLink, or_(
            and_(SiblingLink.child_a_id == child_id, SiblingLink.child_b_id == other.id),
            and_(SiblingLink.child_b_id == child_id, SiblingLink.child_a_id == other.id),
        ))
        .order_by(other.birth_date)
    )
    return [SiblingOut(id=i, name=f"{first} {last}", birth_date=born, half=half) for i, first, last, born, half in rows]


async def _child_out(session: AsyncSession, child: Child, actor: Actor, *, show_location: bool) -> ChildOut:
    staff_ids = [a.user_id for a in child.assignments]
    names = await accounts.names_of(session, [*staff_ids, *([child.responsible_worker_id] if child.responsible_worker_id else [])])
    worker = child.responsible_worker_id
    return ChildOut(
        id=child.id,
        reference=child.reference,
        first_name=child.first_name,
        last_name=child.last_name,
        personal_number=child.personal_number if actor.can(Action.CHILD_WRITE) else mask_personal_number(child.personal_number),
        birth_date=child.birth_date,
        age=clock.age_on(child.birth_date, clock.today()),
        gender=child.gender,
        languages=child.languages,
        religion_culture=child.religion_culture,
        allergies=child.allergies,
        health_notes=child.health_notes,
        responsible_worker=StaffRef(id=worker, name=names.get(worker, "okänd")) if worker else None,
        protected_identity=child.protected_identity,
        location_hidden=not show_location,
        location_notice=None if show_location or not child.protected_identity else PROTECTED_NOTICE,
        address=AddressOut.model_validate(child) if show_location and child.street else None,
        needs=[NeedOut.model_validate(need) for need in _current_needs(child.needs)],
        wishes=[WishOut.model_validate(wish) for wish in sorted(child.wishes, key=lambda w: w.said_on, reverse=True)],
        siblings=await _siblings(session, child.id),
        network_examinations=[NetworkExaminationOut.model_validate(e) for e in reversed(child.examinations)],
        assigned_staff=[StaffRef(id=i, name=names.get(i, "okänd")) for i in staff_ids],
        version=child.version,
        created_at=child.created_at,
        updated_at=child.updated_at,
    )


def _child_document(child: Child) -> dict:
    return {
        field: getattr(child, field)
        for field in (
            "first_name", "last_name", "personal_number", "gender", "languages", "religion_culture", "allergies",
            "health_notes", "responsible_worker_id", "protected_identity", "street", "postal_code", "city",
            "municipality", "latitude", "longitude",
        )
    }


def _apply_child_fields(child: Child, data: ChildIn) -> None:
    for field in ("first_name", "last_name", "personal_number", "gender", "languages", "religion_culture",
                  "allergies", "health_notes", "responsible_worker_id", "protected_identity"):
        setattr(child, field, getattr(data, field))
    child.birth_date = birth_date_of(data.personal_number)
    address = data.address.model_dump() if data.address else dict.fromkeys(AddressOut.model_fields)
    for field, value in address.items():
        setattr(child, field, value)


async def create_child(session: AsyncSession, actor: Actor, data: ChildIn) -> ChildOut:
    await authorize(session, actor, Action.CHILD_WRITE, "child")
    await _check_worker(session, data.responsible_worker_id)
    child = Child(id=uuid.uuid4(), reference=new_reference("B-"))
    _apply_child_fields(child, data)
    # Whoever registers a protected child is assigned, or they could not see what they just wrote.
    if data.protected_identity and actor.user_id and actor.user_id != data.responsible_worker_id:
        child.assignments = [ChildAssignment(user_id=actor.user_id, assigned_on=clock.today())]
    session.add(child)
    record(session, actor, AuditAction.CREATE, "child", child.id, changes=changed_fields({}, _child_document(child)))
    await flush_or_conflict(session, "Det finns redan ett barn med det personnumret.")
    return await _fresh_out(session, actor, child.id)


async def _fresh_out(session: AsyncSession, actor: Actor, child_id: uuid.UUID) -> ChildOut:
    child = await load_child(session, child_id)
    return await _child_out(session, child, actor, show_location=sees_location(child, actor))


async def get_child(session: AsyncSession, actor: Actor, child_id: uuid.UUID, *, reveal_reason: str | None = None) -> ChildOut:
    child = await child_for_reading(session, actor, child_id)
    show = sees_location(child, actor, reveal_reason)
    revealed = show and not sees_location(child, actor)
    record(session, actor, AuditAction.READ, "child", child.id,
           detail=f"skyddad adress visad, skäl: {reveal_reason}" if revealed else None)
    await session.flush()
    return await _child_out(session, child, actor, show_location=show)


async def update_child(session: AsyncSession, actor: Actor, child_id: uuid.UUID, data: ChildUpdate) -> ChildOut:
    child = await child_for_change(session, actor, child_id)
    check_version(child.version, data.version)
    if data.responsible_worker_id != child.responsible_worker_id:
        await _check_worker(session, data.responsible_worker_id)
    before = _child_document(child)
    _apply_child_fields(child, data)
    child.updated_at = clock.now()
    record(session, actor, AuditAction.UPDATE, "child", child.id, changes=changed_fields(before, _child_document(child)))
    await flush_or_conflict(session, "Det finns redan ett barn med det personnumret, eller så ändrades uppgifterna samtidigt.")
    return await _fresh_out(session, actor, child_id)


def _children_with_current_need(minimum: NeedLevel, domain: BbicDomain | None):
    """Children whose current need in the domain (or in any domain) is at least ``minimum``."""
    levels = [level for level, order in NEED_LEVEL_ORDER.items() if order >= NEED_LEVEL_ORDER[minimum]]
    matching = select(CurrentNeed.child_id).where(CurrentNeed.level.in_(levels))
    if domain is not None:
        matching = matching.where(CurrentNeed.domain == domain)
    return Child.id.in_(matching)


async def list_children(session: AsyncSession, actor: Actor, filters: ChildFilter) -> Page[ChildSummary]:
    """One page of children. Lists mask personal numbers and hide protected children's municipality;
    the ids shown are logged as one read entry."""
    await authorize(session, actor, Action.CHILD_READ, "child")
    visible = location_visible(actor)
    conditions = []
    if filters.worker_id:
        conditions.append(Child.responsible_worker_id == filters.worker_id)
    if filters.protected is not None:
        conditions.append(Child.protected_identity.is_(filters.protected))
    if filters.min_need_level:
        conditions.append(_children_with_current_need(filters.min_need_level, filters.need_domain))
    if filters.q:
        pattern = contains_pattern(filters.q)
        conditions.append(or_(
            (Child.first_name + " " + Child.last_name).ilike(pattern),
            Child.reference.ilike(pattern),
            Child.personal_number.like(contains_pattern(filters.q.replace(" ", ""))),
        ))
    order = {
        ChildSort.NAME: (Child.last_name, Child.first_name, Child.id),
        ChildSort.NEWEST: (Child.created_at.desc(), Child.id),
        ChildSort.AGE: (Child.birth_date.desc(), Child.id),
    }[filters.sort]
    rows, total = await fetch_page(
        session,
        select(Child, visible.label("visible")).where(*conditions).options(selectinload(Child.needs)).order_by(*order),
        count_from=Child, conditions=conditions, page=filters.page, page_size=filters.page_size,
    )
    workers = await accounts.names_of(session, list({row[0].responsible_worker_id for row in rows if row[0].responsible_worker_id}))
    today = clock.today()
    items = []
    for row in rows:
        child: Child = row[0]
        heavy = [n for n in _current_needs(child.needs) if NEED_LEVEL_ORDER[n.level] >= NEED_LEVEL_ORDER[NeedLevel.SUBSTANTIAL]]
        worker = child.responsible_worker_id
        items.append(
            ChildSummary(
                id=child.id,
                reference=child.reference,
                name=f"{child.first_name} {child.last_name}",
                personal_number=mask_personal_number(child.personal_number),
                age=clock.age_on(child.birth_date, today),
                gender=child.gender,
                responsible_worker=StaffRef(id=worker, name=workers.get(worker, "okänd")) if worker else None,
                protected_identity=child.protected_identity,
                municipality=child.municipality if row.visible else None,
                top_needs=[NeedOut.model_validate(n) for n in heavy],
                version=child.version,
            )
        )
    record(session, actor, AuditAction.READ, "child", object_ids=[item.id for item in items], detail="lista")
    await session.flush()
    return Page(items=items, total=total or 0, page=filters.page, page_size=filters.page_size)


# ---------------------------------------------------------------- needs, wishes, siblings, assignments

async def record_needs(session: AsyncSession, actor: Actor, child_id: uuid.UUID, data: NeedsIn) -> list[NeedOut]:
    """Add a needs assessment; earlier levels stay as the history."""
    child = await child_for_change(session, actor, child_id)
    rows = [
        NeedAssessment(child_id=child.id, domain=need.domain, level=need.level, description=need.description,
                       assessed_on=data.assessed_on, recorded_by=actor.name)
        for need in data.needs
    ]
    session.add_all(rows)
    before = {n.domain.value: n.level.value for n in _current_needs(child.needs)}
    after = {**before, **{need.domain.value: need.level.value for need in data.needs}}
    record(session, actor, AuditAction.UPDATE, "child", child.id, changes=changed_fields(
        {f"need.{k}": v for k, v in before.items()}, {f"need.{k}": v for k, v in after.items()}), detail="behovsbedömning")
    await flush_or_conflict(session)
    return (await _fresh_out(session, actor, child_id)).needs


async def need_history(session: AsyncSession, actor: Actor, child_id: uuid.UUID) -> list[NeedOut]:
    child = await child_for_reading(session, actor, child_id)
    record(session, actor, AuditAction.READ, "child", child.id, detail="behovshistorik")
    await session.flush()
    domain_order = {domain: index for index, domain in enumerate(BbicDomain)}
    newest_first = sorted(child.needs, key=lambda n: domain_order[n.domain])  # ties in BBIC order
    newest_first.sort(key=lambda n: (n.assessed_on, n.recorded_at), reverse=True)
    return [NeedOut.model_validate(need) for need in newest_first]


async def add_wish(session: AsyncSession, actor: Actor, child_id: uuid.UUID, data: WishIn) -> WishOut:
    child = await child_for_change(session, actor, child_id)
    wish = ChildWish(id=uuid.uuid4(), child_id=child.id, said_on=data.said_on, text=data.text, recorded_by=actor.name)
    session.add(wish)
    record(session, actor, AuditAction.CREATE, "child_wish", wish.id, detail=f"barn {child.id}")
    await flush_or_conflict(session)
    return WishOut.model_validate(wish)


async def link_sibling(session: AsyncSession, actor: Actor, child_id: uuid.UUID, data: SiblingIn) -> ChildOut:
    child = await child_for_change(session, actor, child_id)
    if data.child_id == child.id:
        raise InvalidInputError(FieldError("child_id", "Ett barn kan inte vara syskon med sig självt."))
    if await session.get(Child, data.child_id) is None:
        raise InvalidInputError(FieldError("child_id", "Okänt barn."))
    first, second = sorted([child.id, data.child_id])
    session.add(SiblingLink(child_a_id=first, child_b_id=second, half=data.half))
    record(session, actor, AuditAction.UPDATE, "child", child.id, changes={"siblings": [None, str(data.child_id)]})
    await flush_or_conflict(session, "Barnen är redan registrerade som syskon.")
    return await _fresh_out(session, actor, child_id)


async def unlink_sibling(session: AsyncSession, actor: Actor, child_id: uuid.UUID, sibling_id: uuid.UUID) -> ChildOut:
    child = await child_for_change(session, actor, child_id)
    first, second = sorted([child.id, sibling_id])
    link = await session.get(SiblingLink, (first, second))
    if link is None:
        raise NotFoundError("Barnen är inte registrerade som syskon.")
    await session.delete(link)
    record(session, actor, AuditAction.UPDATE, "child", child.id, changes={"siblings": [str(sibling_id), None]})
    await flush_or_conflict(session)
    return await _fresh_out(session, actor, child_id)


async def assign_staff(session: AsyncSession, actor: Actor, child_id: uuid.UUID, user_id: uuid.UUID) -> ChildOut:
    child = await child_for_change(session, actor, child_id)
    if not await accounts.is_active_user(session, user_id):
        raise InvalidInputError(FieldError("user_id", "Okänd eller inaktiverad användare."))
    if any(a.user_id == user_id for a in child.assignments):
        raise ConflictError("Användaren är redan tilldelad barnet.")
    child.assignments.append(ChildAssignment(user_id=user_id, assigned_on=clock.today()))
    record(session, actor, AuditAction.UPDATE, "child", child.id, changes={"assigned_staff": [None, str(user_id)]})
    await flush_or_conflict(session)
    return await _fresh_out(session, actor, child_id)


# ---------------------------------------------------------------- the network

def _member_out(member: NetworkMember, show_location: bool, actor: Actor) -> NetworkMemberOut:
    located = show_location and member.latitude is not None
    number = member.personal_number if actor.can(Action.CHILD_WRITE) else mask_personal_number(member.personal_number)
    return NetworkMemberOut(
        id=member.id,
        name=member.name,
        personal_number=number,
        relation=member.relation,
        importance=member.importance,
        contact_frequency=member.contact_frequency,
        location=MemberLocationOut.model_validate(member) if located else None,
        willing_kinship_home=member.willing_kinship_home,
        kinship_assessment=member.kinship_assessment,
        kinship_home_id=member.kinship_home_id,
        protected_from=member.protected_from,
        protected_reason=member.protected_reason,
        note=member.note,
        version=member.version,
    )


def _apply_member(member: NetworkMember, data: NetworkMemberIn) -> None:
    for field in ("name", "personal_number", "relation", "importance", "contact_frequency", "willing_kinship_home",
                  "kinship_assessment", "kinship_home_id", "protected_from", "protected_reason", "note"):
        setattr(member, field, getattr(data, field))
    location = data.location.model_dump() if data.location else dict.fromkeys(MemberLocationOut.model_fields)
    for field, value in location.items():
        setattr(member, field, value)


def _member_document(member: NetworkMember) -> dict:
    return {field: getattr(member, field) for field in (*NetworkMemberIn.model_fields.keys() - {"location"},
                                                          *MemberLocationOut.model_fields)}


async def _members(session: AsyncSession, child_id: uuid.UUID) -> list[NetworkMember]:
    return list(await session.scalars(
        select(NetworkMember).where(NetworkMember.child_id == child_id).order_by(NetworkMember.created_at, NetworkMember.id)
    ))


async def list_network(session: AsyncSession, actor: Actor, child_id: uuid.UUID) -> list[NetworkMemberOut]:
    child = await child_for_reading(session, actor, child_id)
    members = await _members(session, child.id)
    record(session, actor, AuditAction.READ, "network_member", object_ids=[m.id for m in members], detail=f"barn {child.id}")
    await session.flush()
    show = sees_location(child, actor)
    return [_member_out(member, show, actor) for member in members]


async def add_member(session: AsyncSession, actor: Actor, child_id: uuid.UUID, data: NetworkMemberIn) -> NetworkMemberOut:
    child = await child_for_change(session, actor, child_id)
    member = NetworkMember(id=uuid.uuid4(), child_id=child.id)
    _apply_member(member, data)
    session.add(member)
    record(session, actor, AuditAction.CREATE, "network_member", member.id, changes=changed_fields({}, _member_document(member)),
           detail=f"barn {child.id}")
    await flush_or_conflict(session, "Personen kunde inte sparas. Kontrollera att nätverkshemmet finns.")
    return _member_out(member, True, actor)


async def _member_for_change(session: AsyncSession, actor: Actor, child_id: uuid.UUID, member_id: uuid.UUID) -> NetworkMember:
    await child_for_change(session, actor, child_id)
    member = await session.get(NetworkMember, member_id, with_for_update=True)
    if member is None or member.child_id != child_id:
        raise NotFoundError(MEMBER_NOT_FOUND)
    return member


async def update_member(
    session: AsyncSession, actor: Actor, child_id: uuid.UUID, member_id: uuid.UUID, data: NetworkMemberUpdate
) -> NetworkMemberOut:
    member = await _member_for_change(session, actor, child_id, member_id)
    check_version(member.version, data.version)
    before = _member_document(member)
    _apply_member(member, data)
    record(session, actor, AuditAction.UPDATE, "network_member", member.id,
           changes=changed_fields(before, _member_document(member)), detail=f"barn {child_id}")
    await flush_or_conflict(session)
    return _member_out(member, True, actor)


async def remove_member(session: AsyncSession, actor: Actor, child_id: uuid.UUID, member_id: uuid.UUID) -> None:
    member = await _member_for_change(session, actor, child_id, member_id)
    record(session, actor, AuditAction.CLOSE, "network_member", member.id, changes=changed_fields(_member_document(member), {}),
           detail=f"barn {child_id}: borttagen ur nätverket")
    await session.delete(member)
    await flush_or_conflict(session)


async def record_network_examination(
    session: AsyncSession, actor: Actor, child_id: uuid.UUID, data: NetworkExaminationIn
) -> ChildOut:
    """Network first: record that the network was examined, and what it showed."""
    child = await child_for_change(session, actor, child_id)
    session.add(NetworkExamination(child_id=child.id, examined_on=data.examined_on, conclusion=data.conclusion,
                                   note=data.note, recorded_by=actor.name))
    record(session, actor, AuditAction.UPDATE, "child", child.id, detail=f"nätverket utrett: {data.conclusion.value}")
    await flush_or_conflict(session)
    return await _fresh_out(session, actor, child_id)


async def child_network(session: AsyncSession, actor: Actor, child_id: uuid.UUID) -> ChildNetwork:
    """The child's network as a graph, for matching and the network drawing. Reading it is logged."""
    child = await child_for_reading(session, actor, child_id)
    members = await _members(session, child.id)
    record(session, actor, AuditAction.READ, "network_member", object_ids=[m.id for m in members],
           detail=f"barn {child.id}: nätverksgraf")
    await session.flush()
    people = [
        Person(
            id=m.id, name=m.name, relation=m.relation, importance=m.importance, contact_frequency=m.contact_frequency,
            personal_number=m.personal_number, latitude=m.latitude, longitude=m.longitude, municipality=m.municipality,
            willing_kinship_home=m.willing_kinship_home, kinship_assessment=m.kinship_assessment,
            kinship_home_id=m.kinship_home_id, protected_from=m.protected_from, protected_reason=m.protected_reason,
        )
        for m in members
    ]
    siblings = await _siblings(session, child.id)
    where = await _where_siblings_live(session, [s.id for s in siblings])
    return ChildNetwork(f"{child.first_name} {child.last_name}", people, [
        Sibling(id=s.id, name=s.name, half=s.half, **where.get(s.id, {})) for s in siblings
    ])


async def _where_siblings_live(session: AsyncSession, sibling_ids: list[uuid.UUID]) -> dict[uuid.UUID, dict]:
    """Siblings in care today: the home they live in and where it is. Never for a sibling with protected
    identity or in a protected home (a score or a distance would tell where they are)."""
    if not sibling_ids:
        return {}
    today = clock.today()
    rows = (await session.execute(
        select(Placement.child_id, Placement.foster_home_id, Placement.institution_id)
        .join(Child, Child.id == Placement.child_id)
        .where(Placement.child_id.in_(sibling_ids), Child.protected_identity.is_(False), Placement.starts_on <= today,
               or_(Placement.ended_on.is_(None), Placement.ended_on > today))
    )).all()
    places = await foster_homes.locations_of(
        session, {home for _, home, _ in rows if home}, {institution for _, _, institution in rows if institution})
    found = {}
    for child_id, home_id, institution_id in rows:
        place = home_id or institution_id
        if place in places:
            found[child_id] = {"home_id": place, "latitude": places[place].latitude, "longitude": places[place].longitude}
    return found


def current_need_levels(child: Child) -> dict[str, int]:
    return {need.domain.value: NEED_LEVEL_ORDER[need.level] for need in _current_needs(child.needs)}
