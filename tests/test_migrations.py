"""Migrations run from an empty database up to head and all the way back down."""

import asyncio
import os

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import create_async_engine

from core import migrate
from core.database import ensure_embedded_database


@pytest.fixture
def empty_database(database_url):
    if os.environ.get("PLACERA_TEST_DATABASE_URL"):
        pytest.skip("needs the embedded server to create a scratch database")
    name = f"placera_migrations_{os.getpid()}"
    url = ensure_embedded_database(name)
    yield url
    from core.database import embedded_server

    embedded_server().psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE);')


def _tables_and_types(url: str) -> tuple[set[str], set[str]]:
    async def read():
        engine = create_async_engine(url)
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
            enums = await connection.execute(
                text(
                    "SELECT typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                    "WHERE n.nspname = 'public' AND t.typtype = 'e'"
                )
            )
            types = set(enums.scalars())
        await engine.dispose()
        return tables, types

    return asyncio.run(read())


def test_upgrade_from_empty_and_downgrade_back(empty_database):
    migrate.upgrade(empty_database)
    tables, types = _tables_and_types(empty_database)
    assert {"foster_homes", "household_adults", "agencies", "agency_contracts", "institutions"} <= tables
    assert "home_kind" in types
    migrate.downgrade(empty_database, "base")
    tables, types = _tables_and_types(empty_database)
    assert tables == {"alembic_version"}
    assert types == set()
    migrate.upgrade(empty_database)  # and up again: the downgrade left nothing behind
    assert "foster_homes" in _tables_and_types(empty_database)[0]


@pytest.mark.filterwarnings("ignore:Did not recognize type:sqlalchemy.exc.SAWarning")  # earthdistance's earth type
async def test_models_and_migrations_agree(engine):
    """A model change without its migration fails here, not in production."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from core.database import Base
    from core.models_registry import import_all_models

    import_all_models()

    def diff(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as connection:
        differences = await connection.run_sync(diff)
    assert differences == []


def test_a_saved_matching_fee_moves_to_the_placement_rules(empty_database):
    """0011: one rate card. An administrator's own-home fee saved with the matching settings is kept."""
    migrate.upgrade(empty_database, "0010")

    async def run(statement: str):
        engine = create_async_engine(empty_database)
        async with engine.begin() as connection:
            result = await connection.execute(text(statement))
            result = result.all() if result.returns_rows else None
        await engine.dispose()
        return result

    asyncio.run(run("INSERT INTO rule_settings (key, value, updated_by) VALUES ('matching', "
                    "'{\"kinship_first\": true, \"own_home_monthly_fee\": \"12000\"}', 'Admin')"))
    migrate.upgrade(empty_database, "0011")
    rows = dict(asyncio.run(run("SELECT key, value FROM rule_settings")))
    assert rows["placement_rules"] == {"own_home_monthly_fee": "12000"}
    assert rows["matching"] == {"kinship_first": True}
    # 0015: rates are dated rate cards; the undated ones leave the settings, which still load.
    migrate.upgrade(empty_database)
    rows = dict(asyncio.run(run("SELECT key, value FROM rule_settings")))
    assert rows["placement_rules"] == {}
