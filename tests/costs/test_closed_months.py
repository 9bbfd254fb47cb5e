"""Past months' cost totals are kept (costs/closed_months.py) and forgotten by triggers when an input changes
(migration 0023): read through the kept months, every figure must be what computing it again gives, after any
change to anything the cost SQL reads."""

from __future__ import annotations

import datetime as dt
import random
import re

from sqlalchemy import text

from core import clock
from core.database import get_engine, unit_of_work
from costs import closed_months, day_cost
from tests.costs.test_cost_paths import _world

PERIODS = [(dt.date(2026, 1, 1), dt.date(2027, 1, 1)), (dt.date(2026, 3, 1), dt.date(2026, 9, 1)),
           (dt.date(2026, 2, 10), dt.date(2026, 10, 20)), (dt.date(2026, 11, 1), dt.date(2026, 12, 1))]


def _cells(rows) -> dict:
    # The grand total of no lines at all is a row of nulls in the computed answer; kept months leave it out.
    return {(row.category, row.month): (row.total, row.care_days, row.children) for row in rows
            if row.total is not None}


async def _computed(start: dt.date, stop: dt.date) -> dict:
    async with unit_of_work() as session:
        return _cells(await session.execute(text(day_cost.category_months_sql()),
                                            {"start": start, "stop": stop, "known": None}))


async def _read(start: dt.date, stop: dt.date) -> dict:
    async with unit_of_work() as session:
        return _cells(await closed_months.category_months(session, start, stop))


async def _kept() -> int:
    async with unit_of_work() as session:
        return await session.scalar(text("SELECT count(*) FROM cost_months_kept"))


async def _execute(sql: str, **values) -> None:
    async with unit_of_work() as session:
        result = await session.execute(text(sql), values)
        assert result.rowcount, sql


async def _assert_read_as_computed() -> None:
    for start, stop in PERIODS:
        computed = await _computed(start, stop)
        assert computed, (start, stop)
        assert await _read(start, stop) == computed, (start, stop)
        assert await _read(start, stop) == computed, (start, stop)  # now from the kept months


async def _first_placement(condition: str = "true") -> dict:
    async with unit_of_work() as session:
        row = (await session.execute(text(
            f"SELECT pl.* FROM placements pl WHERE {condition} AND pl.starts_on < '2026-08-01' "
            "AND (pl.ended_on IS NULL OR pl.ended_on > '2026-11-01') "
            "ORDER BY pl.starts_on, pl.reference LIMIT 1"))).one()
    return row._asdict()


# Each change reaches months already closed on 23 November 2026, through a different input of the cost SQL.
CHANGES = [
    ("an end moved into a closed month",
     "UPDATE placements SET ended_on = starts_on + 20 WHERE id = :placement", "true"),
    ("a child's birth date corrected",
     "UPDATE children SET birth_date = DATE '2013-06-15' "  # the allowance rises on a day in a closed month
     "WHERE id = (SELECT child_id FROM placements WHERE id = :placement) AND birth_date <> DATE '2013-06-15'",
     "pl.setting <> 'institution' AND pl.target_kind <> 'consultant' AND NOT pl.allowance_given"),
    ("the first foster parent's age corrected",
     "UPDATE household_adults SET personal_number = '195001019876' "
     "WHERE home_id = (SELECT foster_home_id FROM placements WHERE id = :placement) AND position = 0",
     "pl.target_kind = 'own'"),
    ("a one-off cost in a closed month",
     "INSERT INTO placement_extra_costs (id, placement_id, description, amount, kind, recurrence, starts_on) "
     "VALUES (gen_random_uuid(), :placement, 'Glasögon', 1234.56, 'cost', 'once', '2026-08-14')", "true"),
    ("a fee level from a day in a closed month",
     "INSERT INTO placement_fee_levels (id, placement_id, valid_from, level, recorded_on, created_by) "
     "VALUES (gen_random_uuid(), :placement, '2026-08-10', 'raised_3', '2026-08-10', 'test')",
     "pl.setting <> 'institution' AND pl.target_kind NOT IN ('consultant', 'emergency')"),
    ("a rate card corrected", "UPDATE rate_cards SET fee_basic = fee_basic + 100 WHERE CAST(:placement AS uuid) IS NOT NULL",
     "true"),
    ("an agency's contract price corrected",
     "UPDATE agency_contract_prices SET daily_price = daily_price + 10 WHERE CAST(:placement AS uuid) IS NOT NULL", "true"),
    ("an institution's price version in a closed month",
     "INSERT INTO institution_prices (id, institution_id, valid_from, daily_price, created_by) "
     "SELECT gen_random_uuid(), institution_id, '2026-07-15', 3900, 'test' FROM placements WHERE id = :placement",
     "pl.setting = 'institution'"),
    ("a home's agency contract level changed",
     "UPDATE foster_homes SET contract_level = NULL WHERE id = (SELECT foster_home_id FROM placements WHERE id = :placement)",
     "pl.target_kind = 'consultant'"),
]


async def test_kept_months_are_what_computing_them_gives_after_every_change(client):
    clock.set_today(dt.date(2026, 11, 23))
    await _world(client, random.Random("placera-closed-months"))

    await _assert_read_as_computed()
    assert await _kept() == 10  # January to October: November is still open

    for what, change, which in CHANGES:
        placement = await _first_placement(which)
        year_before = await _computed(dt.date(2026, 1, 1), dt.date(2026, 11, 1))
        await _execute(change, placement=placement["id"])
        assert await _computed(dt.date(2026, 1, 1), dt.date(2026, 11, 1)) != year_before, what  # it reaches them
        await _assert_read_as_computed()


async def test_a_change_that_costs_nothing_keeps_the_months(client):
    clock.set_today(dt.date(2026, 11, 23))
    await _world(client, random.Random("placera-closed-months"))
    await _assert_read_as_computed()
    placement = await _first_placement()
    await _execute("UPDATE placements SET planned_end = DATE '2030-01-01', end_note = 'Ny plan' WHERE id = :placement",
                   placement=placement["id"])
    assert await _kept() == 10


async def test_while_another_holds_the_months_a_reader_computes_them_and_keeps_none(client):
    clock.set_today(dt.date(2026, 11, 23))
    await _world(client, random.Random("placera-closed-months"))
    async with get_engine().connect() as other:
        async with other.begin():
            # As a change whose trigger has forgotten months but is not yet committed.
            await other.execute(text("DELETE FROM cost_months_kept"))
            for start, stop in PERIODS:
                assert await _read(start, stop) == await _computed(start, stop)
    assert await _kept() == 0
    await _assert_read_as_computed()
    assert await _kept() == 10


def _tables_read(sql: str) -> set[str]:
    named = set(re.findall(r"(\w+) AS (?:NOT )?(?:MATERIALIZED )?\(", sql))
    read = set(re.findall(r"(?:FROM|JOIN) (\w+)(?!\.)\b", sql))  # not "extract(year FROM per.first_day)"
    return read - named - {"LATERAL", "generate_series", "p"}


async def test_every_table_the_cost_sql_reads_forgets_the_months_it_touches(client):
    tables = _tables_read(day_cost.category_months_sql()) | _tables_read(day_cost.period_children_sql())
    assert {"placements", "children", "rate_cards", "placement_extra_costs"} <= tables
    async with unit_of_work() as session:
        triggered = set(await session.scalars(text(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'forget_cost_months'")))
        placement_trigger = await session.scalar(text(
            "SELECT pg_get_functiondef('forget_cost_months_of_placement'::regproc)"))
    assert tables <= triggered, tables - triggered
    # Every column of a placement the costs read is one whose change forgets its months (the planned end is
    # read only by a forecast, which is never kept).
    columns = set(re.findall(r"\bpl\.(\w+)", day_cost.PLACEMENTS)) - {"id", "reference", "planned_end"}
    assert columns, day_cost.PLACEMENTS
    assert {column for column in columns if f"OLD.{column}" not in placement_trigger} == set()
