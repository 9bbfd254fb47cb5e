"""Statutory follow-ups of placements and of the homes children live in: due items, completion, lists, calendar.

Items come from the rules (followup_rules.py) when a placement is booked; a recurring rule keeps one open
item per placement (or home) at a time, and completing it creates the next. Lists show overdue items first.
Reading an item of a child's placement is reading the child's record: it is audit-logged like one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import secrets
import uuid
from typing import NamedTuple

from sqlalchemy import case, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from accounts import service as accounts
from core import clock, rules
from core.audit import AuditAction, authorize, changed_fields, record
from core.database import check_version, flush_or_conflict, get_or_404
from core.errors import FieldError, InvalidInputError, NotFoundError
from core.permissions import Action, Actor
from core.schemas import Page, contains_pattern
from foster_homes import service as foster_homes
from foster_homes.schemas import SupportContactIn, SupportContactKind, SupportContactOut
from placements import followup_rules
from placements.followup_rules import PlacementFacts
from children.models import Child
from core.pagination import fetch_page
from placements.models import FollowupItem, FollowupRule, Placement
from placements.schemas import (
    FollowupCompleteIn,
    FollowupFilter,
    FollowupItemOut,
    FollowupOutcome,
    FollowupRescheduleIn,
    FollowupResponsible,
    FollowupRuleIn,
    FollowupRuleOut,
    FollowupRuleUpdate,
    FollowupScope,
    FollowupStatus,
    FollowupSubject,
    PlacementRules,
)

ITEM_NOT_FOUND = "Uppföljningen finns inte."
RULE_NOT_FOUND = "Uppföljningsregeln finns inte."
STALE = "Uppföljningen har ändrats av någon annan samtidigt. Ladda om och försök igen."


# ---------------------------------------------------------------- rules

async def rules_in_force(session: AsyncSession) -> list[FollowupRule]:
    """Every rule; the defaults are written first if the table is empty (a new municipality starts from them).
    Deactivating a rule keeps its row, so an administrator's choices are never overwritten."""
    found = list(await session.scalars(select(FollowupRule).order_by(FollowupRule.key)))
    if found:
        return found
    defaults = [{"id": uuid.uuid4(), "version": 1, **rule.model_dump(mode="json")} for rule in followup_rules.DEFAULT_RULES]
    # Two first bookings at once both find the table empty: the second insert skips what the first wrote.
    await session.execute(insert(FollowupRule).values(defaults).on_conflict_do_nothing(index_elements=["key"]))
    return list(await session.scalars(select(FollowupRule).order_by(FollowupRule.key)))


async def settings(session: AsyncSession) -> PlacementRules:
    """The follow-up thresholds and the law the references follow (data an administrator changes)."""
    return await rules.load(session, PlacementRules)


async def save_settings(session: AsyncSession, actor: Actor, data: PlacementRules) -> PlacementRules:
    return await rules.save(session, actor, data)


async def list_rules(session: AsyncSession, actor: Actor) -> list[FollowupRuleOut]:
    await authorize(session, actor, Action.INDICATORS_READ, "followup_rule")
    found = await rules_in_force(session)
    await session.flush()
    return [FollowupRuleOut.model_validate(rule) for rule in found]


async def create_rule(session: AsyncSession, actor: Actor, data: FollowupRuleIn) -> FollowupRuleOut:
    await authorize(session, actor, Action.RULES_WRITE, "followup_rule")
    await rules_in_force(session)
    rule = FollowupRule(id=uuid.uuid4(), **data.model_dump(mode="json"))
    session.add(rule)
    record(session, actor, AuditAction.CREATE, "followup_rule", rule.id, changes=changed_fields({}, data.model_dump(mode="json")))
    await flush_or_conflict(session, f"Det finns redan en regel med nyckeln {data.key}.")
    return FollowupRuleOut.model_validate(rule)


async def update_rule(session: AsyncSession, actor: Actor, rule_id: uuid.UUID, data: FollowupRuleUpdate) -> FollowupRuleOut:
    """Change a rule: items already due keep their dates; items created from now on follow the new rule."""
    await authorize(session, actor, Action.RULES_WRITE, "followup_rule", rule_id)
    rule = await get_or_404(session, FollowupRule, rule_id, RULE_NOT_FOUND, for_update=True)
    check_version(rule.version, data.version)
    before = FollowupRuleOut.model_validate(rule).model_dump(mode="json", exclude={"id", "version"})
    after = data.model_dump(mode="json", exclude={"version"})
    for field, value in after.items():
        setattr(rule, field, value)
    record(session, actor, AuditAction.UPDATE, "followup_rule", rule.id, changes=changed_fields(before, after))
    await flush_or_conflict(session, f"Det finns redan en regel med nyckeln {data.key}, eller så ändrades regeln samtidigt.")
    return FollowupRuleOut.model_validate(rule)


# ---------------------------------------------------------------- planning (inside a booking's transaction)

def _facts(placement: Placement) -> PlacementFacts:
    return PlacementFacts(placement.setting.value, placement.kind.value, placement.legal_basis.value,
                          placement.starts_on, placement.ended_on)


async def plan_placement(session: AsyncSession, placement: Placement) -> list[FollowupItem]:
    """The first item of every rule that applies to a new placement, and the home's follow-ups when the home
    has none open. Part of the booking's transaction; the caller commits."""
    created = []
    for rule in await rules_in_force(session):
        if not followup_rules.applies(rule, _facts(placement)):
            continue
        due = followup_rules.first_due(rule, placement.starts_on)
        if rule.subject == FollowupSubject.PLACEMENT:
            created.append(_item(rule, due, 1, placement=placement))
        elif placement.foster_home_id is not None:
            item = await _plan_home_item(session, rule, placement, due)
            if item is not None:
                created.append(item)
    session.add_all(created)
    return created


async def _plan_home_item(session: AsyncSession, rule: FollowupRule, placement: Placement, due: dt.date):
    earlier = (await session.execute(
        select(func.count(), func.count().filter(FollowupItem.status == FollowupStatus.OPEN), func.max(FollowupItem.sequence))
        .where(FollowupItem.home_id == placement.foster_home_id, FollowupItem.rule_id == rule.id)
    )).one()
    total, still_open, last_sequence = earlier
    if still_open or (rule.schedule.value == "once" and total):
        return None  # the home's follow-up is already under way (another child placed there)
    if rule.key == "home_training" and await foster_homes.home_has_training(session, placement.foster_home_id):
        return None
    return _item(rule, due, (last_sequence or 0) + 1, home_id=placement.foster_home_id,
                 responsible=placement.family_care_secretary_id)


def _item(rule: FollowupRule, due: dt.date, sequence: int, *, placement: Placement | None = None,
          home_id: uuid.UUID | None = None, responsible: uuid.UUID | None = None) -> FollowupItem:
    if placement is not None:
        responsible = (placement.family_care_secretary_id if rule.responsible == FollowupResponsible.FAMILY_CARE
                       else placement.responsible_worker_id)
    return FollowupItem(
        id=uuid.uuid4(), rule_id=rule.id, placement_id=placement.id if placement is not None else None, home_id=home_id,
        sequence=sequence, due_on=due, original_due_on=due, status=FollowupStatus.OPEN,
        responsible_user_id=responsible, outcome={},
    )


async def close_for_ended(session: AsyncSession, placement: Placement) -> int:
    """A placement ended: its open items due on or after the moving day are cancelled, and the home's own
    follow-ups due from then on too when no other child of ours lives there after that day (an end set ahead
    leaves the home's follow-ups until then in place). Caller commits."""
    items = list(await session.scalars(select(FollowupItem).where(
        FollowupItem.placement_id == placement.id, FollowupItem.status == FollowupStatus.OPEN,
        FollowupItem.due_on >= placement.ended_on,
    )))
    if placement.foster_home_id is not None:
        others = await session.scalar(select(func.count()).select_from(Placement).where(
            Placement.foster_home_id == placement.foster_home_id, Placement.id != placement.id,
            or_(Placement.ended_on.is_(None), Placement.ended_on > placement.ended_on),
        ))
        if not others:
            items += list(await session.scalars(select(FollowupItem).where(
                FollowupItem.home_id == placement.foster_home_id, FollowupItem.status == FollowupStatus.OPEN,
                FollowupItem.due_on >= placement.ended_on)))
    for item in items:
        item.status = FollowupStatus.CANCELLED
        item.note = f"Placeringen avslutades {placement.ended_on.isoformat()}."
    return len(items)


# ---------------------------------------------------------------- lists

def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


async def _scope_users(session: AsyncSession, actor: Actor, filters: FollowupFilter) -> list[uuid.UUID] | None:
    """Whose items the list shows: one worker, the actor, the actor's team or unit, or everyone (None)."""
    if filters.worker is not None:
        return [filters.worker]
    if filters.scope == FollowupScope.ALL:
        return None
    if filters.scope == FollowupScope.MINE:
        return [actor.user_id] if actor.user_id else []
    me = await accounts.team_and_unit(session, actor.user_id) if actor.user_id else (None, None)
    if filters.scope == FollowupScope.TEAM:
        team = filters.team or me[0]
        return await accounts.users_in(session, team=team) if team else []
    unit = filters.unit or me[1]
    return await accounts.users_in(session, unit=unit) if unit else []


async def list_followups(session: AsyncSession, actor: Actor, filters: FollowupFilter) -> Page[FollowupItemOut]:
    """Due items, overdue first (oldest first), then by due date. Open items alone are shown up to
    ``due_before`` (default: the end of this month); with done or cancelled ones, or for one placement, all."""
    await authorize(session, actor, Action.CHILD_READ, "followup_item")
    today = clock.today()
    conditions = [FollowupItem.status.in_(filters.status)]
    users = await _scope_users(session, actor, filters)
    if users is not None:
        conditions.append(FollowupItem.responsible_user_id.in_(users))
    if filters.placement_id is not None:
        conditions.append(FollowupItem.placement_id == filters.placement_id)
    if filters.home_id is not None:
        conditions.append(FollowupItem.home_id == filters.home_id)
    if filters.subject == FollowupSubject.HOME:
        conditions.append(FollowupItem.home_id.is_not(None))
    elif filters.subject == FollowupSubject.PLACEMENT:
        conditions.append(FollowupItem.home_id.is_(None))
    if filters.rule is not None:
        conditions.append(FollowupItem.rule_id.in_(select(FollowupRule.id).where(FollowupRule.key == filters.rule)))
    if filters.q:
        pattern = contains_pattern(filters.q)
        conditions.append(or_(
            FollowupItem.placement_id.in_(
                select(Placement.id).join(Child, Child.id == Placement.child_id).where(or_(
                    Placement.reference.ilike(pattern), Child.reference.ilike(pattern),
                    (Child.first_name + " " + Child.last_name).ilike(pattern)))),
            FollowupItem.home_id.in_(foster_homes.homes_named(pattern)),
        ))
    if filters.due_from is not None:
        conditions.append(FollowupItem.due_on >= filters.due_from)
    if filters.overdue:
        conditions.append(FollowupItem.due_on < today)
    elif filters.status == [FollowupStatus.OPEN] and filters.placement_id is None and filters.home_id is None:
        conditions.append(FollowupItem.due_on <= (filters.due_before or month_end(today)))
    statement = (
        select(FollowupItem)
        .where(*conditions)
        .order_by(case((FollowupItem.due_on < today, 0), else_=1), FollowupItem.due_on, FollowupItem.id)
    )
    items, total = await fetch_page(session, statement, count_from=FollowupItem, conditions=conditions,
                                    page=filters.page, page_size=filters.page_size, scalars=True)
    out = await items_out(session, items)
    children = sorted({item.child_id for item in out if item.child_id}, key=str)
    if children:
        record(session, actor, AuditAction.READ, "child", object_ids=children, detail="uppföljningar")
    await session.flush()
    return Page(items=[item.out for item in out], total=total or 0, page=filters.page, page_size=filters.page_size)


class _Listed(NamedTuple):
    out: FollowupItemOut
    child_id: uuid.UUID | None  # for the audit entry: whose record was read


async def items_out(session: AsyncSession, items: list[FollowupItem]) -> list[_Listed]:
    if not items:
        return []
    rules_by_id = {rule.id: rule for rule in await rules_in_force(session)}
    placement_ids = {item.placement_id for item in items if item.placement_id}
    placements = {}
    if placement_ids:
        rows = await session.execute(
            select(Placement.id, Placement.reference, Placement.child_id, Child.first_name, Child.last_name, Child.reference)
            .join(Child, Child.id == Placement.child_id).where(Placement.id.in_(placement_ids))
        )
        placements = {row[0]: row for row in rows}
    homes = await foster_homes.names_and_references(session, {item.home_id for item in items if item.home_id})
    people = await accounts.names_of(session, list({item.responsible_user_id for item in items if item.responsible_user_id}))
    settings = await rules.load(session, PlacementRules)
    today = clock.today()
    listed = []
    for item in items:
        rule = rules_by_id[item.rule_id]
        placement = placements.get(item.placement_id)
        listed.append(_Listed(FollowupItemOut(
            id=item.id, rule_key=rule.key, title=rule.title, statute=rule.statute, subject=rule.subject,
            placement_id=item.placement_id, placement_reference=placement[1] if placement else None,
            child_name=f"{placement[3]} {placement[4]}" if placement else None,
            child_reference=placement[5] if placement else None,
            home_id=item.home_id, home_name=homes[item.home_id][0] if item.home_id else None,
            home_reference=homes[item.home_id][1] if item.home_id else None,
            sequence=item.sequence, due_on=item.due_on, original_due_on=item.original_due_on,
            overdue_days=max(0, (today - item.due_on).days) if item.status == FollowupStatus.OPEN else 0,
            status=item.status, responsible_user_id=item.responsible_user_id,
            responsible=people.get(item.responsible_user_id) if item.responsible_user_id else None,
            completed_on=item.completed_on, completed_by=item.completed_by, note=item.note, outcome=item.outcome or {},
            rescheduled_reason=item.rescheduled_reason, flag=_flag(item, settings),
            outcomes=[FollowupOutcome(o) for o in rule.outcomes], version=item.version,
        ), placement[2] if placement else None))
    return listed


def _flag(item: FollowupItem, settings: PlacementRules) -> str | None:
    absence = (item.outcome or {}).get(FollowupOutcome.ABSENCE_PERCENT.value)
    if absence is not None and float(absence) >= float(settings.absence_flag_percent):
        return (f"Hög skolfrånvaro: {str(absence).replace('.', ',')} % de senaste tre månaderna "
                f"(gräns {settings.absence_flag_percent} %).")
    return None


# ---------------------------------------------------------------- completing and rescheduling

async def _item_for_change(session: AsyncSession, actor: Actor, item_id: uuid.UUID) -> tuple[FollowupItem, FollowupRule]:
    item = await session.get(FollowupItem, item_id, with_for_update={"of": FollowupItem}, populate_existing=True)
    if item is None:
        raise NotFoundError(ITEM_NOT_FOUND)
    # A child's follow-up is casework; a home's is the family-care team's support log.
    await authorize(session, actor, Action.CHILD_WRITE if item.placement_id else Action.HOME_SUPPORT_LOG,
                    "followup_item", item.id)
    rule = await session.get(FollowupRule, item.rule_id)
    return item, rule


async def complete(session: AsyncSession, actor: Actor, item_id: uuid.UUID, data: FollowupCompleteIn) -> FollowupItemOut:
    """Record that a follow-up was done (date, who, a note, and what the rule asks for); a recurring rule's
    next item is created in the same transaction."""
    item, rule = await _item_for_change(session, actor, item_id)
    check_version(item.version, data.version)
    return await _complete(session, actor, item, rule, data)


async def _complete(session: AsyncSession, actor: Actor, item: FollowupItem, rule: FollowupRule,
                    data: FollowupCompleteIn, *, log_talk: bool = True) -> FollowupItemOut:
    """Complete an item the actor may change; a home's support talk is logged in its support log too, unless
    it was the logged contact that completed it (log_talk false)."""
    if item.status != FollowupStatus.OPEN:
        raise InvalidInputError(FieldError("completed_on", "Uppföljningen är redan avslutad."))
    outcome = {}
    for name in (FollowupOutcome.CHILD_MET_ALONE, FollowupOutcome.SKOLFAM_OFFERED, FollowupOutcome.ABSENCE_PERCENT):
        value = getattr(data, name.value)
        if value is None:
            continue
        if name.value not in rule.outcomes:
            raise InvalidInputError(FieldError(name.value, "Uppgiften hör inte till den här uppföljningen."))
        outcome[name.value] = str(value) if name == FollowupOutcome.ABSENCE_PERCENT else value
    placement = await session.get(Placement, item.placement_id) if item.placement_id else None
    if placement is not None and data.completed_on < placement.starts_on - dt.timedelta(days=90):
        raise InvalidInputError(FieldError("completed_on", "Datumet ligger långt före placeringens start."))
    item.status, item.completed_on, item.note, item.outcome = FollowupStatus.DONE, data.completed_on, data.note, outcome
    item.completed_by, item.completed_by_id = actor.name, actor.user_id
    next_item = await _next(session, rule, item, placement)
    if log_talk and item.home_id is not None and rule.key == HOME_SUPPORT:  # the same talk in the home's log
        foster_homes.log_support_contact(session, actor, item.home_id, SupportContactIn(
            contact_date=data.completed_on, kind=SupportContactKind.MEETING, staff_name=actor.name,
            note=data.note or f"{rule.title} (uppföljning i Placera)."))
    record(session, actor, AuditAction.UPDATE, "followup_item", item.id,
           changes={"status": [FollowupStatus.OPEN.value, FollowupStatus.DONE.value], "completed_on": [None, str(data.completed_on)], **(
               {"outcome": [None, outcome]} if outcome else {})},
           detail=f"{rule.title}" + (f"; nästa {next_item.due_on.isoformat()}" if next_item else ""))
    await flush_or_conflict(session, STALE)
    return (await items_out(session, [item]))[0].out


HOME_SUPPORT = "home_support"
"""The rule of the support talks with a family home (followup_rules)."""
SUPPORT_TALKS = frozenset({SupportContactKind.HOME_VISIT, SupportContactKind.PHONE, SupportContactKind.MEETING,
                           SupportContactKind.SUPERVISION})
"""Contacts that are a support talk with the home; a training or another contact is not."""


async def add_home_contact(session: AsyncSession, actor: Actor, home_id: uuid.UUID, data: SupportContactIn
                           ) -> SupportContactOut:
    """A support contact logged for a home: a talk completes the home's next open support talk follow-up on
    its day (the other way round, completing the follow-up logs the talk), so neither is recorded twice."""
    contact = await foster_homes.add_support_contact(session, actor, home_id, data)
    if data.kind in SUPPORT_TALKS:
        due = await session.scalar(
            select(FollowupItem).join(FollowupRule, FollowupRule.id == FollowupItem.rule_id)
            .where(FollowupItem.home_id == home_id, FollowupRule.key == HOME_SUPPORT,
                   FollowupItem.status == FollowupStatus.OPEN)
            .order_by(FollowupItem.due_on).limit(1).with_for_update(of=FollowupItem))
        if due is not None:
            rule = await session.get(FollowupRule, due.rule_id)
            await _complete(session, actor, due, rule, FollowupCompleteIn(
                completed_on=data.contact_date, note=data.note, version=due.version), log_talk=False)
    return contact


async def _next(session: AsyncSession, rule: FollowupRule, item: FollowupItem, placement: Placement | None):
    if not rule.active:
        return None
    if placement is not None:
        due = followup_rules.next_due(rule, placement.starts_on, item.sequence, item.original_due_on, item.completed_on)
    else:
        due = await _next_home_due(session, rule, item)
    if due is None:
        return None
    if placement is not None:
        if placement.ended_on is not None and due >= placement.ended_on:
            return None
        following = _item(rule, due, item.sequence + 1, placement=placement)
    else:
        following = _item(rule, due, item.sequence + 1, home_id=item.home_id, responsible=item.responsible_user_id)
    session.add(following)
    return following


async def _next_home_due(session: AsyncSession, rule: FollowupRule, item: FollowupItem) -> dt.date | None:
    """A home's next item. A home's schedule starts at its run's first item (the item planned when a child
    was placed there while the home had none open): a rule counted from the start falls due a whole number
    of intervals after that item's date, never one interval after the last item's (which would add the
    offset again each time: 7, 13, 19 months for a six-month rule). A run ends with a cancelled item (the
    last child moved out); the next placement there starts a new one."""
    if rule.schedule != followup_rules.RECURRING or rule.anchor != followup_rules.FollowupAnchor.START:
        return followup_rules.next_due(rule, item.original_due_on, item.sequence, item.original_due_on, item.completed_on)
    earlier = {sequence: (status, due) for sequence, status, due in await session.execute(
        select(FollowupItem.sequence, FollowupItem.status, FollowupItem.original_due_on).where(
            FollowupItem.home_id == item.home_id, FollowupItem.rule_id == rule.id, FollowupItem.sequence < item.sequence))}
    first, first_due = item.sequence, item.original_due_on
    while first - 1 in earlier and earlier[first - 1][0] != FollowupStatus.CANCELLED:
        first -= 1
        first_due = earlier[first][1]
    # Counted from the run's first date each time, as next_due counts from a placement's start (that date
    # has the offset in it already), so month ends do not creep either.
    return followup_rules.due_after(rule, first_due, item.sequence - first + 1, offset=False)


async def reschedule(session: AsyncSession, actor: Actor, item_id: uuid.UUID, data: FollowupRescheduleIn) -> FollowupItemOut:
    """Move an open item's due date, with a reason. Whether it was on time is still judged by the rule's date."""
    item, rule = await _item_for_change(session, actor, item_id)
    check_version(item.version, data.version)
    if item.status != FollowupStatus.OPEN:
        raise InvalidInputError(FieldError("due_on", "Bara en öppen uppföljning kan flyttas."))
    if data.due_on < clock.today():
        raise InvalidInputError(FieldError("due_on", "Det nya datumet kan inte ligga bakåt i tiden."))
    before = item.due_on
    item.due_on, item.rescheduled_reason = data.due_on, data.reason
    record(session, actor, AuditAction.UPDATE, "followup_item", item.id,
           changes={"due_on": [str(before), str(data.due_on)]}, detail=f"{rule.title}: {data.reason}")
    await flush_or_conflict(session, STALE)
    return (await items_out(session, [item]))[0].out


# ---------------------------------------------------------------- the personal calendar feed

def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def new_calendar_token(session: AsyncSession, actor: Actor) -> str:
    """A new secret for the actor's calendar address (the old one stops working). Shown once."""
    await authorize(session, actor, Action.CHILD_READ, "calendar_feed")
    token = "cal_" + secrets.token_urlsafe(24)
    await accounts.set_calendar_token_hash(session, actor.user_id, _token_hash(token))
    record(session, actor, AuditAction.CREATE, "calendar_feed", actor.user_id, detail="ny kalenderadress")
    await session.flush()
    return token


async def calendar_feed(session: AsyncSession, token: str) -> str:
    """The iCalendar of the token owner's open items (overdue and the coming year).

    Calendar apps keep copies outside the municipality, so events name the follow-up and the child's
    pseudonymous reference only: never a name, a personal number or an address."""
    user = await accounts.user_by_calendar_token_hash(session, _token_hash(token)) if token.startswith("cal_") else None
    if user is None:
        raise NotFoundError("Kalenderadressen finns inte eller har ersatts av en ny.")
    actor = accounts.actor_for(user)
    if not actor.can(Action.CHILD_READ):  # a role taken away since: the address opens nothing
        raise NotFoundError("Kalenderadressen finns inte eller har ersatts av en ny.")
    today = clock.today()
    items = list(await session.scalars(
        select(FollowupItem).where(
            FollowupItem.responsible_user_id == user.id, FollowupItem.status == FollowupStatus.OPEN,
            FollowupItem.due_on <= today + dt.timedelta(days=366),
        ).order_by(FollowupItem.due_on).limit(2000)
    ))
    listed = await items_out(session, items)
    record(session, actor, AuditAction.READ, "child", object_ids=sorted({x.child_id for x in listed if x.child_id}, key=str),
           detail="kalenderflöde")
    await session.flush()
    return _ics([x.out for x in listed], today)


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545: lines longer than 75 octets continue on the next line after a space."""
    encoded, parts = line.encode(), []
    while len(encoded) > 75:
        cut = 75 if not parts else 74
        while (encoded[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        parts.append(encoded[:cut].decode())
        encoded = encoded[cut:]
    parts.append(encoded.decode())
    return [parts[0], *(" " + part for part in parts[1:])]


def _ics(items: list[FollowupItemOut], today: dt.date) -> str:
    stamp = clock.now().astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Placera//Uppföljningar//SV", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "X-WR-CALNAME:Placera – mina uppföljningar"]
    for item in items:
        # References only: a calendar is read on phones and in shared mailboxes, never a name or an address.
        about = item.child_reference or (f"familjehem {item.home_reference}" if item.home_id else "")
        summary = f"{item.title} – {about}" + (" (försenad)" if item.due_on < today else "")
        lines += [
            "BEGIN:VEVENT", f"UID:{item.id}@placera", f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{item.due_on.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(item.due_on + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_ics_text(summary)}", f"DESCRIPTION:{_ics_text(item.statute)}", "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"
