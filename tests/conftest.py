"""Test set-up: a real PostgreSQL (the embedded one unless PLACERA_TEST_DATABASE_URL is given).

Each pytest process gets its own database on a shared embedded server in .placera-data/test, migrated
with Alembic; tables are emptied after every test.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy import text

from core import clock, migrate
from core.database import Base, ensure_embedded_database, get_engine, reset_caches, to_asyncpg_url
from core.models_registry import import_all_models

REPO = Path(__file__).resolve().parent.parent
TEST_DATABASE = f"placera_test_{os.getpid()}"


def _test_database_url() -> str:
    external = os.environ.get("PLACERA_TEST_DATABASE_URL")
    if external:
        return to_asyncpg_url(external)
    os.environ.setdefault("PLACERA_DATA_DIR", str(REPO / ".placera-data" / "test"))
    reset_caches()
    return ensure_embedded_database(TEST_DATABASE)


@pytest.fixture(scope="session")
def database_url() -> str:
    url = _test_database_url()
    os.environ["DATABASE_URL"] = url
    reset_caches()
    migrate.upgrade(url)
    yield url
    if not os.environ.get("PLACERA_TEST_DATABASE_URL"):
        from core.database import embedded_server

        embedded_server().psql(f'DROP DATABASE IF EXISTS "{TEST_DATABASE}" WITH (FORCE);')


@pytest.fixture(scope="session")
async def engine(database_url):
    engine = get_engine()
    yield engine
    await engine.dispose()


@pytest.fixture(autouse=True)
async def _clean_tables(request):
    yield
    if "engine" not in request.fixturenames:
        return
    import_all_models()
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    async with get_engine().begin() as connection:
        # Replica mode skips triggers, including the audit log's append-only guard (tests only; superuser).
        await connection.execute(text("SET LOCAL session_replication_role = replica"))
        await connection.execute(text(f"TRUNCATE {tables} CASCADE"))


@pytest.fixture(autouse=True)
def _fixed_today():
    """Every test runs on the same day, so date rules (no future dates, ages) are reproducible."""
    clock.set_today(dt.date(2026, 11, 23))
    yield
    clock.set_today(None)


@pytest.fixture
async def client(engine):
    from web.app import create_app

    async with AsyncClient(transport=ASGITransport(app=create_app()), base_url="http://test") as client:
        yield client
