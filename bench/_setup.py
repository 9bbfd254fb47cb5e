"""What every benchmark shares: its own freshly migrated database on a bench-only embedded PostgreSQL, a real
benchmark user, and timing a query over repetitions.

A bench imports this module before core or any domain package (``import _setup`` works because a bench runs
as a script, so bench/ is on sys.path): importing it puts the repository on sys.path and points the settings
at the bench server before anything can read them.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
# A bench drops and recreates its database, so it must never follow DATABASE_URL to a real one; its embedded
# server keeps its data apart from the demo's.
os.environ.pop("DATABASE_URL", None)
os.environ["PLACERA_DATA_DIR"] = str(REPO / ".placera-data" / "bench")

from sqlalchemy import event, func, select, text  # noqa: E402  (the settings above come first)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession  # noqa: E402

from accounts import service as accounts  # noqa: E402
from accounts.schemas import UserCreate, UserOut  # noqa: E402
from core import migrate  # noqa: E402
from core.audit import AuditEntry  # noqa: E402
from core.database import database_url, embedded_server, get_engine, reset_caches, unit_of_work  # noqa: E402
from core.permissions import SYSTEM, Actor, Role  # noqa: E402


# ---------------------------------------------------------------- the bench's own database

def fresh_database(name: str) -> None:
    """Drop the database ``name`` on the bench server, create it again and migrate it, so each bench starts
    from the same empty schema and no bench touches another's data. Call it outside the bench's event loop:
    Alembic runs one of its own."""
    os.environ["PLACERA_DATABASE_NAME"] = name
    reset_caches()  # the settings are read once; forget a reading made before the name was set
    embedded_server().psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE);')
    url = database_url()  # creates the database again
    migrate.upgrade(url)
    print(f"Database: {name} on the embedded PostgreSQL ({url.split('host=')[-1]})")


def run_on_fresh_database(name: str, main: Callable[[], Awaitable[None]]) -> None:
    """The database is prepared before the bench's own event loop starts (see fresh_database)."""
    fresh_database(name)
    asyncio.run(main())


async def vacuum_analyze() -> float:
    """VACUUM ANALYZE the whole database after seeding, so the planner sees the bulk-loaded tables as they are;
    returns the seconds it took (kept apart from the seed time)."""
    started = time.perf_counter()
    async with get_engine().connect() as connection:
        await (await connection.execution_options(isolation_level="AUTOCOMMIT")).execute(text("VACUUM ANALYZE"))
    return time.perf_counter() - started


async def audit_rows() -> int:
    async with unit_of_work() as session:
        return await session.scalar(select(func.count()).select_from(AuditEntry))


# ---------------------------------------------------------------- bulk data

def weighted(rng, options):
    """One value of (value, weight) pairs, drawn by weight."""
    values, weights = zip(*options)
    return rng.choices(values, weights)[0]


async def copy_rows(session: AsyncSession, model, rows: list[dict]) -> None:
    """COPY rows into the model's table on the session's connection (same transaction): millions of rows
    load in seconds where executemany takes minutes. Omitted columns take their defaults."""
    if not rows:
        return
    columns = list(rows[0])
    connection = await (await session.connection()).get_raw_connection()
    await connection.driver_connection.copy_records_to_table(
        model.__tablename__, records=[tuple(row[c] for c in columns) for row in rows], columns=columns)


# ---------------------------------------------------------------- the benchmark user

async def create_bench_user(session: AsyncSession, roles: Iterable[Role], **fields) -> tuple[UserOut, Actor]:
    """A real account, made as an administrator makes one (password policy, hash, audit row), and the Actor a
    request signed in as it carries: what is timed then pays the same permission checks as a real user.
    ``fields`` are the rest of UserCreate (name, email, unit, team, password)."""
    roles = frozenset(roles)
    user = await accounts.create_user(session, SYSTEM, UserCreate(roles=sorted(roles), **fields))
    return user, Actor(user_id=user.id, name=user.name, roles=roles)


# ---------------------------------------------------------------- timing

def percentile(values: list[float], p: float) -> float:
    """Nearest rank: the smallest value that at least ``p`` % of the values do not exceed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class Case:
    key: str
    title: str
    run: Callable[[int], Awaitable[int]]
    """Runs repetition ``i`` in a fresh session (as a request would) and returns the rows matched."""
    timings_ms: list[float] = field(default_factory=list)
    matched: int = 0

    def percentile(self, p: float) -> float:
        return percentile(self.timings_ms, p)


async def measure(case: Case, runs: int, warm_up: int, *, warm_up_from: int = 0) -> None:
    """``warm_up`` untimed repetitions (numbered from ``warm_up_from``: caches, plans and the pool settle
    first), then ``runs`` timed ones numbered from 0."""
    for i in range(warm_up):
        await case.run(warm_up_from + i)
    for i in range(runs):
        started = time.perf_counter()
        case.matched = await case.run(i)
        case.timings_ms.append((time.perf_counter() - started) * 1000)


def print_timings(cases: Iterable[Case], counted: str = "matched") -> None:
    """One row a case: p50, p95, min and max in ms, and the count the last run returned (headed ``counted``)."""
    print(f"{'query':<40} {'p50 ms':>8} {'p95 ms':>8} {'min ms':>8} {'max ms':>8} {counted:>8}")
    for case in cases:
        print(
            f"{case.title:<40} {case.percentile(50):8.1f} {case.percentile(95):8.1f} "
            f"{min(case.timings_ms):8.1f} {max(case.timings_ms):8.1f} {case.matched:8d}"
        )


# ---------------------------------------------------------------- where the time goes

def is_select(statement: str) -> bool:
    """A read: a plain SELECT or one that starts with common table expressions (WITH …)."""
    return statement.lstrip().upper().startswith(("SELECT", "WITH"))


async def statements_sent(call: Callable[[], Awaitable[object]],
                          keep: Callable[[str], bool]) -> list[tuple[str, tuple]]:
    """The statements (with their parameters) that ``call`` really sends and ``keep`` picks, caught on their
    way to the driver, so they can be EXPLAINed exactly as the service wrote them."""
    engine = get_engine()
    captured: list[tuple[str, tuple]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if keep(statement):
            captured.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", capture)
    try:
        await call()
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", capture)
    return captured


async def explain_analyze(connection: AsyncConnection, statement: str, parameters: tuple) -> list[str]:
    """The lines of ``EXPLAIN (ANALYZE, BUFFERS)`` for one statement caught by statements_sent."""
    return [row[0] for row in await connection.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", parameters)]


@contextlib.contextmanager
def statement_counter() -> Iterator[Counter]:
    """Counts the statements sent to the database by their first word (SELECT, INSERT …) while the block runs."""
    counts: Counter = Counter()

    def count(conn, cursor, statement, parameters, context, executemany):
        counts[statement.split(None, 1)[0].upper()] += 1

    event.listen(get_engine().sync_engine, "before_cursor_execute", count)
    try:
        yield counts
    finally:
        event.remove(get_engine().sync_engine, "before_cursor_execute", count)
