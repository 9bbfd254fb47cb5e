"""What emergency homes' retainer agreements cost, month by month: a cost of the home, not of a child, in the
emergency homes' category. Computed in PostgreSQL from date ranges like day_cost.py: an agreement is split at
the period's start, each month's first day and each rate card's first day; a part month costs a whole
month (foster_homes.prices.retainer_month) × days ÷ days in the month; each agreement-month is rounded once,
to the öre, half away from zero. The social fees follow the rate card in force and the home's first adult's
age, as a placement's fee does."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from foster_homes.prices import retainer_month_sql, social_fee_percent_sql

RETAINER_MONTHS = f"""
WITH a AS (
    SELECT ra.*, (SELECT substr(ad.personal_number, 1, 4)::int FROM household_adults ad
                  WHERE ad.home_id = ra.home_id ORDER BY ad.position LIMIT 1) AS parent_birth_year,
        greatest(ra.valid_from, CAST(:start AS date)) AS s,
        least(coalesce(ra.valid_to + 1, CAST(:stop AS date)), CAST(:stop AS date)) AS e
    FROM retainer_agreements ra
    WHERE ra.valid_from < :stop AND (ra.valid_to IS NULL OR ra.valid_to >= :start) {{known}}
), cards AS (
    SELECT r.*, lead(r.valid_from) OVER (ORDER BY r.valid_from) AS next_from FROM rate_cards r
), cuts AS (
    SELECT a.id, cut.day FROM a CROSS JOIN LATERAL (
        SELECT a.s AS day
        UNION SELECT m::date FROM generate_series(date_trunc('month', a.s) + interval '1 month', a.e - 1,
                                                  interval '1 month') AS m
        UNION SELECT r.valid_from FROM rate_cards r WHERE r.valid_from > a.s AND r.valid_from < a.e
    ) AS cut
), segments AS (
    SELECT c.id, c.day AS seg_start, coalesce(lead(c.day) OVER (PARTITION BY c.id ORDER BY c.day), a.e) AS seg_end
    FROM cuts c JOIN a ON a.id = c.id
)
SELECT a.id, a.home_id, a.places, date_trunc('month', s.seg_start)::date AS month,
    sum(s.seg_end - s.seg_start)::int AS days,
    round(sum({retainer_month_sql("a", social_fee_percent_sql("rc", "a.parent_birth_year", "s.seg_start"))}
              * (s.seg_end - s.seg_start))
          / extract(day FROM date_trunc('month', s.seg_start) + interval '1 month' - interval '1 day')::int, 2) AS total
FROM segments s
JOIN a ON a.id = s.id
-- Without a rate card in force (before the first one) there is no social fee rate to apply: the month is left out.
JOIN cards rc ON rc.valid_from <= s.seg_start AND (rc.next_from IS NULL OR s.seg_start < rc.next_from)
GROUP BY a.id, a.home_id, a.places, date_trunc('month', s.seg_start)
"""

KNOWN_BEFORE = "AND ra.recorded_on < CAST(:known AS date)"
"""Only the agreements entered before :known (a forecast rebuilt for a past day)."""


class RetainerMonth(NamedTuple):
    month: dt.date
    days: int
    places: int
    total: Decimal


async def retainer_months(session: AsyncSession, start: dt.date, stop: dt.date, *, known: dt.date | None = None
                          ) -> list[RetainerMonth]:
    """Each agreement-month's cost in [start, stop), as things stand or as entered before ``known``."""
    if stop <= start:
        return []
    statement = RETAINER_MONTHS.format(known=KNOWN_BEFORE if known else "")
    rows = await session.execute(text(statement), {"start": start, "stop": stop, "known": known})
    return [RetainerMonth(row.month, row.days, row.places, row.total) for row in rows]
