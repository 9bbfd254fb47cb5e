"""A request's waiting days have one definition: Python (the request, the queue) and SQL (the indicators) agree,
counted from the Swedish calendar day it was created, in summer and in winter time."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from placements.requests import waiting_days, waiting_days_sql

UTC = dt.timezone.utc
# (created_at, until, expected): just before and just after midnight in Stockholm.
CASES = [
    (dt.datetime(2026, 6, 14, 21, 59, 59, tzinfo=UTC), dt.date(2026, 6, 15), 1),  # 23:59:59 CEST on the 14th
    (dt.datetime(2026, 6, 14, 22, 0, 0, tzinfo=UTC), dt.date(2026, 6, 15), 0),  # 00:00 CEST on the 15th
    (dt.datetime(2026, 1, 14, 22, 59, 59, tzinfo=UTC), dt.date(2026, 1, 15), 1),  # 23:59:59 CET on the 14th
    (dt.datetime(2026, 1, 14, 23, 0, 0, tzinfo=UTC), dt.date(2026, 1, 15), 0),  # 00:00 CET on the 15th
    (dt.datetime(2026, 1, 14, 23, 0, 0, tzinfo=UTC), dt.date(2026, 11, 23), 312),  # across the change to summer time
    (dt.datetime(2026, 6, 14, 22, 0, 0, tzinfo=UTC), dt.date(2026, 6, 1), 0),  # ends before it was created
]


def test_waiting_days_count_from_the_swedish_day_of_creation_and_are_never_negative():
    assert [waiting_days(created, until) for created, until, _ in CASES] == [expected for *_, expected in CASES]


async def test_sql_gives_the_waiting_days_the_python_rule_gives(engine):
    created, until = "CAST(:created AS timestamptz)", "CAST(:until AS date)"
    clamped = text(f"SELECT {waiting_days_sql(created, until)}, {waiting_days_sql(created, until, clamp=False)}")
    async with engine.connect() as connection:
        # The server's own time zone must not matter: the day is always Stockholm's.
        await connection.execute(text("SET TIME ZONE 'America/New_York'"))
        for created_at, day, expected in CASES:
            found, unclamped = (await connection.execute(clamped, {"created": created_at, "until": day})).one()
            assert found == waiting_days(created_at, day) == expected, created_at
            # Unclamped (the indicators' form) differs only where the end day is before the day of creation.
            assert unclamped == found or (unclamped < 0 and found == 0), created_at
        await connection.rollback()
