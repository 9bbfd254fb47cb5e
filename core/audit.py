"""The audit log (loggkontroll): append-only record of every read and change of personal data.

The database refuses UPDATE, DELETE and TRUNCATE on the table (a trigger, see the migration), so not even
a bug in the app can rewrite history.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import json
import uuid
from decimal import Decimal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from sqlalchemy import BigInteger, DateTime, Identity, Index, String, Text, func, select
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from core import clock
from core.database import Base, enum_column, get_sessionmaker
from core.pagination import fetch_page
from core.permissions import Action, Actor, PermissionDeniedError
from core.schemas import InputModel, OptionalShortText, PageNumber, blank_to_none
from core.spreadsheet import spreadsheet_writer


class AuditAction(enum.StrEnum):
    READ = "read"
    CREATE = "create"
    UPDATE = "update"
    CLOSE = "close"
    EXPORT = "export"
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    PERMISSION_DENIED = "permission_denied"


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # No foreign key: the log must outlive (and never block changes to) the users it names.
    user_id: Mapped[uuid.UUID | None]
    user_name: Mapped[str] = mapped_column(String(200))
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction, "audit_action"))
    object_type: Mapped[str] = mapped_column(String(60))
    object_id: Mapped[str | None] = mapped_column(String(60))
    object_ids: Mapped[list[str] | None] = mapped_column(ARRAY(String(60)))
    """For list views: the ids that were shown."""
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    """Changed fields as {field: [old, new]}; secrets never appear here."""
    detail: Mapped[str | None] = mapped_column(Text)
    request_id: Mapped[str | None] = mapped_column(String(64))
    client_address: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_user_at", "user_id", "at"),
        Index("ix_audit_log_object", "object_type", "object_id", "at"),
        Index("ix_audit_log_object_ids", "object_ids", postgresql_using="gin"),
    )


def record(
    session: AsyncSession,
    actor: Actor,
    action: AuditAction,
    object_type: str,
    object_id: Any = None,
    *,
    object_ids: list[Any] | None = None,
    changes: dict[str, Any] | None = None,
    detail: str | None = None,
) -> None:
    """Add an entry to the session: it is written in the same transaction as the change it describes."""
    session.add(
        AuditEntry(
            user_id=actor.user_id,
            user_name=actor.name,
            action=action,
            object_type=object_type,
            object_id=str(object_id) if object_id is not None else None,
            object_ids=[str(i) for i in object_ids] if object_ids is not None else None,
            changes=changes or None,
            detail=detail,
            request_id=actor.request_id,
            client_address=actor.client_address,
        )
    )


async def authorize(
    session: AsyncSession, actor: Actor, action: Action, object_type: str, object_id: Any = None
) -> None:
    """Raise 403 unless the actor's roles allow the action; a refusal is itself logged (see log_refusal)."""
    if actor.can(action):
        return
    await log_refusal(actor, object_type, object_id, detail=str(action))
    raise PermissionDeniedError("Din roll har inte behörighet till detta.")


async def log_refusal(actor: Actor, object_type: str, object_id: Any = None, *, detail: str) -> None:
    """Log a refused access in a unit of work of its own: the request that was refused rolls back, and
    whatever it had done so far goes with it, but the refusal must stay in the log."""
    async with get_sessionmaker()() as own:
        record(own, actor, AuditAction.PERMISSION_DENIED, object_type, object_id, detail=detail)
        await own.commit()


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, uuid.UUID, enum.Enum, Decimal)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def changed_fields(before: dict[str, Any], after: dict[str, Any], *, secret: set[str] = frozenset()) -> dict:
    """{field: [old, new]} for the fields that differ; secret fields show only that they changed."""
    changes = {}
    for key in sorted(set(before) | set(after)):
        old, new = _jsonable(before.get(key)), _jsonable(after.get(key))
        if old != new:
            changes[key] = ["***", "***"] if key in secret else [old, new]
    return changes


# ---------------------------------------------------------------- protected locations in the log

MASK = "***"

ProtectedEntries = Callable[[AsyncSession, list["AuditEntry"]], Awaitable[set[int]]]
"""Given entries of one object type, the ids of those about a protected record (or a protected child's)."""


@dataclass(frozen=True)
class _Protection:
    fields: frozenset[str]
    protected_entries: ProtectedEntries


_PROTECTIONS: dict[str, _Protection] = {}


def protect_location_fields(object_type: str, fields: set[str], protected_entries: ProtectedEntries) -> None:
    """Have the log mask ``fields`` in the changes of ``object_type`` entries about a protected record.

    Core cannot read the domains' tables, so each domain registers how to tell which of its records are
    protected (rule 1 of the house: dependencies point one way)."""
    _PROTECTIONS[object_type] = _Protection(frozenset(fields), protected_entries)


async def ever_protected(session: AsyncSession, object_type: str, object_ids: set[str]) -> set[str]:
    """The records among ``object_ids`` that the log shows as protected at some time (created protected, or
    made protected or unprotected later): an address written while protected stays masked after the
    protection is lifted, since the person may have moved because of it."""
    if not object_ids:
        return set()
    rows = await session.scalars(
        select(AuditEntry.object_id).where(
            AuditEntry.object_type == object_type,
            AuditEntry.object_id.in_(object_ids),
            AuditEntry.changes["protected_identity"].contains([True]),
        ).distinct()
    )
    return set(rows)


async def masked(session: AsyncSession, entries: list[AuditEntry]) -> list[AuditEntry]:
    """The entries with the location fields of protected records masked, as read from the log.

    Masked when read, not when written: the log stays the unaltered record a court or IMY may need, a
    record protected later is covered too, and whoever may see the location reads it on the record itself
    (an admin by giving a logged reason). The log review sees that an address changed, never what it is.
    The entries are detached first, so the masked copy can never be written back."""
    by_type: dict[str, list[AuditEntry]] = {}
    for entry in entries:
        if entry.changes and entry.object_type in _PROTECTIONS:
            by_type.setdefault(entry.object_type, []).append(entry)
    for object_type, group in by_type.items():
        protection = _PROTECTIONS[object_type]
        protected = await protection.protected_entries(session, group)
        for entry in group:
            if entry.id in protected or _protected_in_change(entry.changes):
                hidden = {key: [MASK, MASK] if key in protection.fields else value for key, value in entry.changes.items()}
                if hidden != entry.changes:
                    session.expunge(entry)
                    entry.changes = hidden
    return entries


def object_uuid(entry: AuditEntry) -> uuid.UUID | None:
    """The entry's object id as a UUID (None for a missing or non-UUID id)."""
    try:
        return uuid.UUID(entry.object_id) if entry.object_id else None
    except ValueError:
        return None


def _protected_in_change(changes: dict[str, Any]) -> bool:
    flags = changes.get("protected_identity")
    return isinstance(flags, list) and True in flags


class AuditFilter(InputModel):
    """Filters of the log review (all optional)."""

    user_id: uuid.UUID | None = None
    object_type: OptionalShortText = None
    object_id: OptionalShortText = None
    action: Annotated[AuditAction | None, BeforeValidator(blank_to_none)] = None
    since: Annotated[dt.date | None, BeforeValidator(blank_to_none)] = None
    until: Annotated[dt.date | None, BeforeValidator(blank_to_none)] = None
    page: PageNumber = 1
    page_size: int = Field(default=100, ge=1, le=500)

    def conditions(self) -> list:
        conditions = []
        if self.user_id:
            conditions.append(AuditEntry.user_id == self.user_id)
        if self.object_type:
            conditions.append(AuditEntry.object_type == self.object_type)
        if self.object_id:
            # A record's reads include the list views that showed it.
            conditions.append(
                (AuditEntry.object_id == self.object_id) | AuditEntry.object_ids.contains([self.object_id])
            )
        if self.action:
            conditions.append(AuditEntry.action == self.action)
        if self.since:
            conditions.append(AuditEntry.at >= _start_of_swedish_day(self.since))
        if self.until:
            conditions.append(AuditEntry.at < _start_of_swedish_day(self.until + dt.timedelta(days=1)))
        return conditions


def _start_of_swedish_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), clock.SWEDISH_TIME)


async def list_entries(session: AsyncSession, actor: Actor, filters: AuditFilter) -> tuple[list[AuditEntry], int]:
    await authorize(session, actor, Action.AUDIT_READ, "audit_log")
    conditions = filters.conditions()
    entries, total = await fetch_page(
        session, select(AuditEntry).where(*conditions).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()),
        count_from=AuditEntry, conditions=conditions, page=filters.page, page_size=filters.page_size, scalars=True,
    )
    return await masked(session, entries), total


CSV_COLUMNS = ["tid", "användare", "händelse", "objekttyp", "objekt-id", "visade id", "ändringar", "detalj", "begäran", "klientadress"]


async def export_csv(session: AsyncSession, actor: Actor, filters: AuditFilter) -> str:
    """The filtered log as CSV (semicolons, for Swedish Excel). The export itself is logged."""
    await authorize(session, actor, Action.AUDIT_READ, "audit_log")
    conditions = filters.conditions()
    entries = await masked(session, list(
        await session.scalars(select(AuditEntry).where(*conditions).order_by(AuditEntry.at, AuditEntry.id))
    ))
    buffer = io.StringIO()
    writer = spreadsheet_writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow(
            [
                entry.at.isoformat(),
                entry.user_name,
                entry.action.value,
                entry.object_type,
                entry.object_id or "",
                ",".join(entry.object_ids or []),
                "" if entry.changes is None else json.dumps(entry.changes, ensure_ascii=False),
                entry.detail or "",
                entry.request_id or "",
                entry.client_address or "",
            ]
        )
    record(session, actor, AuditAction.EXPORT, "audit_log", detail="CSV-export av loggen")
    await session.flush()
    return buffer.getvalue()
