"""Who may see a child and where it lives: the child's social worker and assigned staff see a protected
child's address, school and placement; everyone else a notice naming them. The audit log masks the same."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from accounts import service as accounts
from core import audit
from core.audit import authorize
from core.database import get_or_404
from core.permissions import Action, Actor, PermissionDeniedError
from children.models import Child, ChildAssignment, NetworkMember

CHILD_NOT_FOUND = "Barnet finns inte."
PROTECTED_NOTICE = "Skyddade personuppgifter: adresser visas bara för barnets socialsekreterare och tilldelad personal."

_CHILD_DETAIL = (
    selectinload(Child.needs),
    selectinload(Child.wishes),
    selectinload(Child.examinations),
    selectinload(Child.assignments),
)


# ---------------------------------------------------------------- access

def _assigned(child: Child, actor: Actor) -> bool:
    return actor.user_id is not None and (
        child.responsible_worker_id == actor.user_id or any(a.user_id == actor.user_id for a in child.assignments)
    )


def sees_location(child: Child, actor: Actor, reveal_reason: str | None = None) -> bool:
    if not child.protected_identity or _assigned(child, actor):
        return True
    return bool(reveal_reason) and actor.can(Action.PROTECTED_LOCATION_OVERRIDE)


async def staff_names(session: AsyncSession, child: Child) -> list[str]:
    """The names of the staff who may see where the child is: its social worker first, then those assigned."""
    ids = [*([child.responsible_worker_id] if child.responsible_worker_id else []),
           *(a.user_id for a in child.assignments if a.user_id != child.responsible_worker_id)]
    names = await accounts.names_of(session, ids)
    return [names[i] for i in ids if i in names]


async def load_child(session: AsyncSession, child_id: uuid.UUID, *, for_update: bool = False) -> Child:
    return await get_or_404(session, Child, child_id, CHILD_NOT_FOUND, _CHILD_DETAIL, for_update=for_update)


async def child_for_reading(session: AsyncSession, actor: Actor, child_id: uuid.UUID) -> Child:
    """The child, if the actor may read children's records (for other domains, e.g. schooling)."""
    await authorize(session, actor, Action.CHILD_READ, "child", child_id)
    return await load_child(session, child_id)


async def child_for_change(session: AsyncSession, actor: Actor, child_id: uuid.UUID) -> Child:
    """The child locked for a change, if the actor may change children's records and can see the whole record."""
    await authorize(session, actor, Action.CHILD_WRITE, "child", child_id)
    child = await load_child(session, child_id, for_update=True)
    if not sees_location(child, actor):
        raise PermissionDeniedError(
            "Barnet har skyddade personuppgifter; bara barnets socialsekreterare och tilldelad personal kan ändra uppgifterna."
        )
    return child


# ---------------------------------------------------------------- the list

def location_visible(actor: Actor):
    assigned = exists().where(ChildAssignment.child_id == Child.id, ChildAssignment.user_id == actor.user_id)
    return or_(Child.protected_identity.is_(False), Child.responsible_worker_id == actor.user_id, assigned)


# ---------------------------------------------------------------- protected locations in the audit log

LOCATION_FIELDS = {"street", "postal_code", "city", "municipality", "latitude", "longitude"}
_CHILD_IN_DETAIL = re.compile(r"barn ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")


async def protected_children(session: AsyncSession, child_ids: set[uuid.UUID]) -> set[uuid.UUID]:
    """The children among ``child_ids`` with protected identity now, or at some time by the log."""
    if not child_ids:
        return set()
    now = set(await session.scalars(select(Child.id).where(Child.id.in_(child_ids), Child.protected_identity.is_(True))))
    earlier = await audit.ever_protected(session, "child", {str(i) for i in child_ids})
    return now | {uuid.UUID(i) for i in earlier}


def child_named_in_detail(entry: audit.AuditEntry) -> uuid.UUID | None:
    """The child an entry about one of its sub-records names in its detail ("barn <id>")."""
    found = _CHILD_IN_DETAIL.match(entry.detail or "")
    return uuid.UUID(found.group(1)) if found else None


async def entries_about_protected_children(session: AsyncSession, entries: list[audit.AuditEntry],
                                           child_of: dict[int, uuid.UUID | None]) -> set[int]:
    protected = await protected_children(session, {c for c in child_of.values() if c})
    return {entry.id for entry in entries if child_of.get(entry.id) in protected}


async def _protected_child_entries(session: AsyncSession, entries: list[audit.AuditEntry]) -> set[int]:
    return await entries_about_protected_children(session, entries, {e.id: audit.object_uuid(e) for e in entries})


async def _protected_member_entries(session: AsyncSession, entries: list[audit.AuditEntry]) -> set[int]:
    # A removed member is gone from the table, so the child is read from the entry's own detail first.
    member_ids = {i for e in entries if (i := audit.object_uuid(e))}
    children_of = dict((await session.execute(
        select(NetworkMember.id, NetworkMember.child_id).where(NetworkMember.id.in_(member_ids)))).all())
    child_of = {e.id: child_named_in_detail(e) or children_of.get(audit.object_uuid(e)) for e in entries}
    return await entries_about_protected_children(session, entries, child_of)


audit.protect_location_fields("child", LOCATION_FIELDS, _protected_child_entries)
audit.protect_location_fields("network_member", LOCATION_FIELDS, _protected_member_entries)
