"""The cost of a day, computed in PostgreSQL from date ranges (never by looping over days in Python).

The convention, everywhere:
- Care days run from the start day up to the day before the end day: the moving day is paid to the
  receiving home, so a move is never paid twice.
- A placement is split at the period's start, each month's first day, each rate card's first day, the
  child's birthdays, its agency contract's first and last days and its institution's price versions
  into segments whose rates are constant.
- Monthly amounts (an own, kinship, reinforced or emergency home's fee and expense allowance, and the
  employer's social fees on the fee) cost amount × days ÷ days in that month; daily prices (agencies,
  institutions) cost price × days. Rates come from foster_homes.prices: the rate card in force on the
  segment's first day (by the child's age that day and the placement's fee level), the agency's contract
  price or the institution's price in force that day; a term the secretary gave at booking holds instead.
  Before the first rate card a placement keeps its booked amounts.
- An extra cost once counts in its month; a monthly one from its first to its last day, like a fee. A
  revenue (parents' contribution, child allowance, reclaimed costs) is such a line counted negative.
- Each placement-month is rounded once, to the öre, half away from zero; every total is the sum of its
  placement-months, so every report adds up to its lines.
"""

from __future__ import annotations

from sqlalchemy import literal_column
from sqlalchemy.dialects import postgresql

from costs.schemas import category_sql
from foster_homes.prices import (
    INSTITUTION_PRICE_RANGES,
    card_allowance_sql,
    card_fee_sql,
    in_force_sql,
    social_fee_percent_sql,
)


def _contract_in_force(valid_from: str, valid_to: str, day: str) -> str:
    """prices.in_force_sql (an agency contract in force on a day) as text for the statement below."""
    condition = in_force_sql(literal_column(valid_from), literal_column(valid_to), literal_column(day))
    return str(condition.compile(dialect=postgresql.dialect()))


MONTHLY = "(p.setting <> 'institution' AND p.target_kind <> 'consultant')"

PLACEMENTS = """
    SELECT pl.id, pl.reference, pl.setting::text AS setting, pl.target_kind, pl.fee_level::text AS fee_level,
        pl.fee_given, pl.fee_monthly, pl.allowance_given, pl.expense_allowance_monthly, pl.price_given,
        pl.daily_price, pl.child_id, pl.institution_id, c.birth_date, h.agency_id, h.contract_level::text AS contract_level,
        (SELECT substr(a.personal_number, 1, 4)::int FROM household_adults a
         WHERE a.home_id = pl.foster_home_id ORDER BY a.position LIMIT 1) AS parent_birth_year,
        greatest(pl.starts_on, CAST(:start AS date)) AS s,
        least(coalesce({end}, CAST(:stop AS date)), CAST(:stop AS date)) AS e
    FROM {source} pl
    JOIN children c ON c.id = pl.child_id
    LEFT JOIN foster_homes h ON h.id = pl.foster_home_id
    WHERE pl.starts_on < :stop AND ({end} IS NULL OR {end} > :start) {where}
"""

CURRENT = "placements"
"""The placements as they stand now."""
KNOWN_BEFORE = """(
    SELECT pl0.id, pl0.reference, pl0.setting, pl0.target_kind, pl0.fee_level, pl0.fee_given, pl0.fee_monthly,
        pl0.allowance_given, pl0.expense_allowance_monthly, pl0.price_given, pl0.daily_price, pl0.child_id,
        pl0.foster_home_id, pl0.institution_id, pl0.responsible_worker_id, pl0.previous_placement_id,
        known.starts_on, known.planned_end, known.ended_on
    FROM placements pl0
    CROSS JOIN LATERAL (
        SELECT r.starts_on, r.planned_end, r.ended_on FROM placement_records r
        WHERE r.placement_id = pl0.id AND r.recorded_on < CAST(:known AS date)
        ORDER BY r.recorded_on DESC, r.seq DESC LIMIT 1) AS known
)"""
"""The placements as they had been recorded before the day :known (placement_records): what a forecast made
then could see. A placement not yet booked then is not in it; an end or a new planned end recorded later is
not either."""

ENDED = "pl.ended_on"
"""The costs of what has happened and is booked: a placement runs until it ends."""
PLANNED = "coalesce(pl.ended_on, CASE WHEN pl.planned_end > :start THEN pl.planned_end END)"
"""The costs a forecast counts on from :start: an ongoing placement runs until its planned end if that lies
ahead; one already past its planned end is still in care, so it runs on."""

SEGMENTS = f"""
cards AS (
    -- Each rate card version with the day the next begins: a range to join on, not a lookup per segment.
    SELECT r.*, lead(r.valid_from) OVER (ORDER BY r.valid_from) AS next_from FROM rate_cards r
), institution_prices_in_force AS ({INSTITUTION_PRICE_RANGES}
), contract_prices AS (
    SELECT ac.agency_id, acp.level::text AS level, ac.valid_from, ac.valid_to, acp.daily_price
    FROM agency_contracts ac JOIN agency_contract_prices acp ON acp.contract_id = ac.id
), cuts AS (
    SELECT p.id, cut.day FROM p CROSS JOIN LATERAL (
        SELECT p.s AS day
        UNION SELECT m::date FROM generate_series(date_trunc('month', p.s) + interval '1 month', p.e - 1,
                                                  interval '1 month') AS m
        UNION SELECT r.valid_from FROM rate_cards r WHERE r.valid_from > p.s AND r.valid_from < p.e
        UNION SELECT (p.birth_date + make_interval(years => n))::date FROM generate_series(
            extract(year FROM p.s)::int - extract(year FROM p.birth_date)::int,
            extract(year FROM p.e)::int - extract(year FROM p.birth_date)::int) AS n
        UNION SELECT bound.day FROM agency_contracts ac
            CROSS JOIN LATERAL (VALUES (ac.valid_from), (ac.valid_to + 1)) AS bound(day)
            WHERE ac.agency_id = p.agency_id AND p.target_kind = 'consultant'
        UNION SELECT ip.valid_from FROM institution_prices ip
            WHERE ip.institution_id = p.institution_id AND ip.valid_from > p.s AND ip.valid_from < p.e
    ) AS cut
    WHERE cut.day >= p.s AND cut.day < p.e
), segments AS (
    SELECT c.id, c.day AS seg_start,
        coalesce(lead(c.day) OVER (PARTITION BY c.id ORDER BY c.day), p.e) AS seg_end
    FROM cuts c JOIN p ON p.id = c.id
), priced AS (
    SELECT s.id, s.seg_start, s.seg_end, date_trunc('month', s.seg_start)::date AS month,
        s.seg_end - s.seg_start AS days,
        extract(day FROM date_trunc('month', s.seg_start) + interval '1 month' - interval '1 day')::int AS month_days,
        rc.valid_from AS card_from, age.years AS child_age,
        CASE WHEN {MONTHLY} THEN CASE WHEN p.fee_given OR rc.id IS NULL THEN p.fee_monthly
                                      ELSE {card_fee_sql("rc", "p.fee_level")} END END AS fee_rate,
        CASE WHEN {MONTHLY} THEN CASE WHEN p.allowance_given OR rc.id IS NULL THEN p.expense_allowance_monthly
                                      ELSE {card_allowance_sql("rc", "age.years")} END END AS allowance_rate,
        CASE WHEN {MONTHLY} AND rc.id IS NOT NULL
             THEN {social_fee_percent_sql("rc", "p.parent_birth_year", "s.seg_start")} END AS social_percent,
        CASE WHEN p.setting = 'institution' THEN CASE WHEN p.price_given THEN p.daily_price
                                                      ELSE coalesce(ip.daily_price, p.daily_price) END
             WHEN p.target_kind = 'consultant' THEN CASE WHEN p.price_given THEN p.daily_price
                                                         ELSE coalesce(cp.daily_price, p.daily_price) END
        END AS daily_rate
    FROM segments s
    JOIN p ON p.id = s.id
    CROSS JOIN LATERAL (SELECT extract(year FROM age(s.seg_start, p.birth_date))::int AS years) AS age
    LEFT JOIN cards rc ON rc.valid_from <= s.seg_start AND (rc.next_from IS NULL OR s.seg_start < rc.next_from)
    -- An agency's contracts never overlap (a constraint): at most one price is in force on a day.
    LEFT JOIN contract_prices cp ON p.target_kind = 'consultant' AND cp.agency_id = p.agency_id
        AND cp.level = p.contract_level AND {_contract_in_force("cp.valid_from", "cp.valid_to", "s.seg_start")}
    LEFT JOIN institution_prices_in_force ip ON p.setting = 'institution' AND ip.institution_id = p.institution_id
        AND ip.valid_from <= s.seg_start AND (ip.next_from IS NULL OR s.seg_start < ip.next_from)
), amounts AS (
    -- Monthly amounts as exact numerators over the month's days (social fees over 100 × its days): a month's
    -- parts share that divisor, so each placement-month divides once and rounds the exact sum, where dividing
    -- every segment would cut each quotient off and could tip a half öre the wrong way.
    SELECT priced.*,
        coalesce(fee_rate * days, 0) AS fee_days,
        coalesce(allowance_rate * days, 0) AS allowance_days,
        coalesce(fee_rate * days * social_percent, 0) AS social_days,
        coalesce(daily_rate * days, 0) AS daily,
        coalesce(fee_rate * days / month_days, 0) + coalesce(allowance_rate * days / month_days, 0)
            + coalesce(fee_rate * days * social_percent / (100 * month_days), 0) + coalesce(daily_rate * days, 0)
            AS segment_amount
    FROM priced
)"""

EXTRAS = """
extras AS (
    -- once: the amount itself; monthly: amount × days, over the month's days like a fee (see amounts).
    -- A revenue (parents' contribution, child allowance, reclaimed) counts against the costs: negative.
    SELECT x.placement_id AS id, date_trunc('month', x.starts_on)::date AS month, x.kind = 'cost' AS is_cost,
        CASE WHEN x.kind = 'cost' THEN x.amount ELSE -x.amount END AS once, 0 AS per_days
    FROM placement_extra_costs x JOIN p ON p.id = x.placement_id
    WHERE x.recurrence = 'once' AND x.starts_on >= :start AND x.starts_on < :stop
    UNION ALL
    SELECT x.placement_id, m.month::date, x.kind = 'cost', 0,
        CASE WHEN x.kind = 'cost' THEN x.amount ELSE -x.amount END
        * (least(m.month + interval '1 month', bounds.e)::date - greatest(m.month::date, bounds.s))
    FROM placement_extra_costs x JOIN p ON p.id = x.placement_id
    CROSS JOIN LATERAL (SELECT greatest(x.starts_on, p.s) AS s,
                               least(coalesce(x.ends_on + 1, p.e), p.e) AS e) AS bounds
    CROSS JOIN LATERAL generate_series(date_trunc('month', bounds.s), bounds.e - 1, interval '1 month') AS m(month)
    WHERE x.recurrence = 'monthly' AND bounds.s < bounds.e
)"""


def _placements(where: str, end: str, source: str) -> str:
    return PLACEMENTS.format(where=where, end=end, source=source)


def _placement_months(where: str, end: str = ENDED, source: str = CURRENT) -> str:
    return f"""
WITH p AS ({_placements(where, end, source)}), {SEGMENTS}, {EXTRAS}, lines AS (
    SELECT id, month, days, fee_days, allowance_days, social_days, daily, 0 AS extra_once, 0 AS extra_days,
        0 AS revenue_once, 0 AS revenue_days
    FROM amounts
    UNION ALL
    SELECT id, month, 0, 0, 0, 0, 0, CASE WHEN is_cost THEN once ELSE 0 END, CASE WHEN is_cost THEN per_days ELSE 0 END,
        CASE WHEN is_cost THEN 0 ELSE once END, CASE WHEN is_cost THEN 0 ELSE per_days END FROM extras
), months AS (
    SELECT l.id, l.month, sum(l.days)::int AS care_days, sum(l.fee_days) AS fee_days,
        sum(l.allowance_days) AS allowance_days, sum(l.social_days) AS social_days, sum(l.daily) AS daily,
        sum(l.extra_once) AS extra_once, sum(l.extra_days) AS extra_days,
        sum(l.revenue_once) AS revenue_once, sum(l.revenue_days) AS revenue_days,
        extract(day FROM l.month + interval '1 month' - interval '1 day')::int AS month_days
    FROM lines l GROUP BY l.id, l.month
)
SELECT m.id, p.reference, p.child_id, {category_sql("p.target_kind")} AS category, m.month, m.care_days,
    m.fee_days / m.month_days AS fee, m.allowance_days / m.month_days AS allowance,
    m.social_days / (100 * m.month_days) AS social, m.daily, m.extra_once + m.extra_days / m.month_days AS extra,
    m.revenue_once + m.revenue_days / m.month_days AS revenue,
    round((100 * (m.fee_days + m.allowance_days + m.extra_days + m.revenue_days) + m.social_days) / (100 * m.month_days)
          + m.daily + m.extra_once + m.revenue_once, 2) AS total
FROM months m JOIN p ON p.id = m.id
"""


def month_costs_sql(where: str = "") -> str:
    """The placement-months in [:start, :stop) with their parts and rounded totals, a page (:limit, :offset)
    at a time, each with the number of lines on every page."""
    return f"""
SELECT months.*, count(*) OVER () AS lines_in_all FROM ({_placement_months(where)}) AS months
ORDER BY month, reference, id
LIMIT :limit OFFSET :offset
"""


def category_months_sql(where: str = "", end: str = ENDED, source: str = CURRENT) -> str:
    """The sum of the placement-months per category and month in [:start, :stop), with the care days and the
    number of children; placements end at ``end`` (ENDED, or PLANNED for a forecast). Rows with a null month
    (or category) are the period's (or every category's): children are counted once however many months."""
    return f"""
SELECT category, month, sum(total) AS total, sum(care_days)::int AS care_days,
    count(DISTINCT child_id)::int AS children
FROM ({_placement_months(where, end, source)}) AS months
GROUP BY GROUPING SETS ((category, month), (category), (month), ())
"""


def segments_sql(where: str = "") -> str:
    """The segments behind the placement-months in [:start, :stop), unrounded, in order."""
    return f"""
WITH p AS ({_placements(where, ENDED, CURRENT)}), {SEGMENTS}
SELECT seg_start, seg_end, days, month_days, card_from, child_age, fee_rate, allowance_rate, social_percent,
    daily_rate, segment_amount AS amount
FROM amounts ORDER BY seg_start
"""


def placement_totals_sql(where: str = "", end: str = ENDED, source: str = CURRENT) -> str:
    """Each placement's cost in [:start, :stop) (the sum of its placement-months) and its care days."""
    return f"""
SELECT id, reference, category, sum(total) AS total, sum(care_days)::int AS care_days
FROM ({_placement_months(where, end, source)}) AS months
GROUP BY id, reference, category
"""
