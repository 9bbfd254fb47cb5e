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


STAFF_PASSWORD = "Ekorrar-klättrar-i-granar-7"


@pytest.fixture
def app(engine):
    from web.app import create_app

    return create_app()


@pytest.fixture
async def make_user(engine):
    """Create a user with the given roles; returns the UserOut. Password: STAFF_PASSWORD."""
    from accounts import service as accounts
    from accounts.schemas import UserCreate
    from core.database import unit_of_work
    from core.permissions import SYSTEM

    created = 0

    async def make(*roles, name: str | None = None, email: str | None = None, unit: str = "Enhet placering",
                   team: str | None = None):
        nonlocal created
        created += 1
        data = UserCreate(
            name=name or f"Test Handläggare {created}",
            email=email or f"person{created}@kommun.example.se",
            unit=unit,
            team=team,
            roles=list(roles),
            password=STAFF_PASSWORD,
        )
        async with unit_of_work() as session:
            return await accounts.create_user(session, SYSTEM, data)

    return make


@pytest.fixture
async def token_for(engine):
    """A personal API token for a user."""
    from accounts import service as accounts
    from accounts.schemas import TokenCreate
    from core.database import unit_of_work
    from core.permissions import SYSTEM

    async def issue(user) -> str:
        async with unit_of_work() as session:
            created = await accounts.create_token(session, SYSTEM, TokenCreate(name="test"), for_user=user.id)
        return created.token

    return issue


@pytest.fixture
async def client_as(app, make_user, token_for):
    """An API client acting as a new user with the given roles (Bearer token, as an integration would)."""
    clients = []

    async def make(*roles, **user_fields) -> AsyncClient:
        user = await make_user(*roles, **user_fields)
        token = await token_for(user)
        client = AsyncClient(
            transport=ASGITransport(app=app), base_url="http://test", headers={"Authorization": f"Bearer {token}"}
        )
        client.user = user
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest.fixture
async def client(client_as):
    """The register's everyday user: a placement secretary who also works in the family-care team."""
    return await client_as("placement_secretary", "family_care")


@pytest.fixture
async def anonymous(app):
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        yield client


async def sign_in(client: AsyncClient, email: str, password: str = STAFF_PASSWORD):
    """Sign in through the sign-in page like a browser: fetch the form for its CSRF token, then post it."""
    import re

    form = await client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    return await client.post("/login", data={"email": email, "password": password, "csrf_token": token, "next": "/"})


def csrf_of(html: str) -> str:
    import re

    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
