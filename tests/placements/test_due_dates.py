"""A follow-up's due date has one definition (followup_rules.due_after) and its SQL form (due_sql): the two
give the same dates, evaluated in the real PostgreSQL, for month ends, leap days and negative offsets."""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace

from sqlalchemy import text

from indicators.service import ROWS_SQL
from placements.followup_rules import DEFAULT_RULES, due_after, due_sql, first_due

STARTS = [dt.date(*day) for day in (
    (2024, 1, 31), (2024, 2, 29), (2024, 3, 31), (2023, 1, 31), (2023, 2, 28), (2023, 8, 31), (2024, 4, 30),
    (2024, 12, 31), (2025, 1, 1), (2025, 5, 31), (2026, 11, 30), (2027, 10, 31), (2000, 2, 29), (2099, 12, 31),
    (2099, 8, 29), (2026, 6, 15), (2028, 2, 28), (2028, 1, 29))]
# Every combination of these, within the schema's bounds (offset_months >= -12, offset_days >= -365).
RULES = [SimpleNamespace(offset_months=om, offset_days=od, interval_months=im, interval_days=idays)
         for om, od, im, idays in itertools.product((-12, -1, 0, 1, 6, 36), (-365, -30, -1, 0, 14, 28),
                                                    (0, 1, 3, 6, 12), (0, 1, 21))]
RULES += DEFAULT_RULES
K_MAX = 14

DUE_DATES = text(f"""
SELECT s.i, r.j, k,
    {due_sql(start="s.day", rule="r", k="k")} AS with_offset,
    {due_sql(start="s.day", rule="r", k="k", offset=False)} AS without_offset
FROM unnest(CAST(:starts AS date[])) WITH ORDINALITY AS s(day, i)
CROSS JOIN unnest(CAST(:om AS int[]), CAST(:od AS int[]), CAST(:im AS int[]), CAST(:id AS int[]))
    WITH ORDINALITY AS r(offset_months, offset_days, interval_months, interval_days, j)
CROSS JOIN generate_series(0, :k_max) AS k
""")


async def test_the_python_and_sql_due_dates_agree(engine):
    async with engine.connect() as connection:
        rows = (await connection.execute(DUE_DATES, {
            "starts": STARTS, "k_max": K_MAX,
            **{name: [getattr(rule, field) for rule in RULES] for name, field in (
                ("om", "offset_months"), ("od", "offset_days"), ("im", "interval_months"), ("id", "interval_days"))},
        })).all()
    assert len(rows) == len(STARTS) * len(RULES) * (K_MAX + 1)
    wrong = []
    for i, j, k, with_offset, without_offset in rows:
        start, rule = STARTS[i - 1], RULES[j - 1]  # WITH ORDINALITY counts from 1
        expected = (due_after(rule, start, k), due_after(rule, start, k, offset=False))
        if (with_offset, without_offset) != expected:
            wrong.append((start, vars(rule) if isinstance(rule, SimpleNamespace) else rule.key, k,
                          (with_offset, without_offset), expected))
    assert not wrong, wrong[:10]


def test_due_dates_by_hand():
    review = next(rule for rule in DEFAULT_RULES if rule.key == "review_sol")  # six months, then every six
    start = dt.date(2025, 8, 31)
    # Counted from the start each time: 28 Feb does not pull the later dates back to the 28th.
    assert [due_after(review, start, k) for k in range(3)] == [dt.date(2026, 2, 28), dt.date(2026, 8, 31),
                                                               dt.date(2027, 2, 28)]
    assert first_due(review, start) == due_after(review, start, 0)
    # A home's run is anchored on its first item, which has the offset in it already.
    assert due_after(review, dt.date(2026, 2, 28), 1, offset=False) == dt.date(2026, 8, 28)
    check = SimpleNamespace(offset_months=1, offset_days=-1, interval_months=0, interval_days=21)
    assert due_after(check, dt.date(2024, 1, 31), 0) == dt.date(2024, 2, 28)
    assert due_after(check, dt.date(2024, 1, 31), 2) == dt.date(2024, 4, 10)


def test_the_indicators_use_the_one_due_date():
    assert due_sql(start="p.starts_on", rule="r", k="k") in str(ROWS_SQL)
