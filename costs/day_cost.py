"""The cost of a day, computed in PostgreSQL from date ranges (never by looping over days in Python).

The convention, everywhere:
- Care days run from the start day up to the day before the end day: the moving day is paid to the
  receiving home, so a move is never paid twice.
- A placement is split at the period's start, each year's and each rate card's first day, its agency
  contract's first and last days, its institution's price versions, its fee level changes and the birthday
  on which its expense allowance changes into runs whose rates are constant; a run's whole months cost the
  same each (the category sums add them as ranges of months, not month by month) and its first and last
  months may be part months. Split again at each month's first day, the runs are the segments an amount is
  explained by.
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
    SELECT pl.id, pl.reference, pl.child_id, {category} AS category, pl.setting::text AS setting, pl.target_kind,
        pl.fee_level::text AS fee_level, pl.fee_given, pl.fee_monthly, pl.allowance_given,
        pl.expense_allowance_monthly, pl.price_given, pl.daily_price,
        CASE WHEN pl.target_kind = 'consultant' THEN h.agency_id
             WHEN pl.setting = 'institution' THEN pl.institution_id END AS provider_id,
        h.contract_level::text AS contract_level, adult.parent_birth_year,
        date_part('year', c.birth_date)::int AS birth_year, date_part('month', c.birth_date)::int AS birth_month,
        date_part('day', c.birth_date)::int AS birth_day,
        pl.id IN (SELECT x.placement_id FROM placement_extra_costs x) AS has_extras,
        greatest(pl.starts_on, CAST(:start AS date)) AS s,
        least(coalesce({end}, CAST(:stop AS date)), CAST(:stop AS date)) AS e
    FROM {source} pl
    JOIN children c ON c.id = pl.child_id
    LEFT JOIN foster_homes h ON h.id = pl.foster_home_id
    LEFT JOIN (SELECT DISTINCT ON (a.home_id) a.home_id, substr(a.personal_number, 1, 4)::int AS parent_birth_year
               FROM household_adults a ORDER BY a.home_id, a.position) AS adult ON adult.home_id = pl.foster_home_id
    WHERE (pl.starts_on < :stop AND ({end} IS NULL OR {end} > :start)
           -- A one-off line counts in its month even when its placement's days lie outside the period (an end
           -- moved earlier), so a month's cost never depends on the period it is read in (closed_months.py).
           OR pl.id IN (SELECT x.placement_id FROM placement_extra_costs x
                        WHERE x.recurrence = 'once' AND x.starts_on >= :start AND x.starts_on < :stop)) {where}
"""

CURRENT = "placements"
"""The placements as they stand now."""
KNOWN_BEFORE = """(
    SELECT pl0.id, pl0.reference, pl0.setting, pl0.target_kind, pl0.fee_level, pl0.fee_given, pl0.fee_monthly,
        pl0.allowance_given, pl0.expense_allowance_monthly, pl0.price_given, pl0.daily_price, pl0.child_id,
        pl0.foster_home_id, pl0.institution_id, pl0.responsible_worker_id, pl0.previous_placement_id,
        known.starts_on, known.planned_end, known.ended_on
    FROM placements pl0
    -- Each placement's last record before the day: one sort of the records, not a lookup per placement.
    JOIN (SELECT DISTINCT ON (r.placement_id) r.placement_id, r.starts_on, r.planned_end, r.ended_on
          FROM placement_records r WHERE r.recorded_on < CAST(:known AS date)
          ORDER BY r.placement_id, r.recorded_on DESC, r.seq DESC) AS known ON known.placement_id = pl0.id
)"""
"""The placements as they had been recorded before the day :known (placement_records): what a forecast made
then could see. A placement not yet booked then is not in it; an end or a new planned end recorded later is
not either."""

ENDED = "pl.ended_on"
"""The costs of what has happened and is booked: a placement runs until it ends."""
PLANNED = "coalesce(pl.ended_on, CASE WHEN pl.planned_end > :start THEN pl.planned_end END)"
"""The costs a forecast counts on from :start: an ongoing placement runs until its planned end if that lies
ahead; one already past its planned end is still in care, so it runs on."""

CALENDAR = """
months AS (
    -- The period's months, numbered: a placement's months are a range of numbers joined here on equality.
    SELECT n::int AS n, m.month::date AS month, (m.month + interval '1 month')::date AS next_month,
        greatest(m.month::date, CAST(:start AS date)) AS first_day,
        least((m.month + interval '1 month')::date, CAST(:stop AS date)) AS end_day,
        ((m.month + interval '1 month')::date - m.month::date) AS month_days,
        date_part('year', m.month)::int AS year
    FROM generate_series(date_trunc('month', CAST(:start AS date)), CAST(:stop AS date) - 1, interval '1 month')
        WITH ORDINALITY AS m(month, n)
), cards AS (
    SELECT r.*, lead(r.valid_from) OVER (ORDER BY r.valid_from) AS next_from FROM rate_cards r
), calendar AS (
    -- The months split at each rate card's first day inside one: one rate card (or none yet) per span,
    -- numbered by year and rate card (period).
    SELECT m.n, m.year, cut.day AS span_start,
        coalesce(lead(cut.day) OVER (PARTITION BY m.n ORDER BY cut.day), m.end_day) AS span_end,
        dense_rank() OVER (ORDER BY m.year, rc.valid_from) AS period,
        rc.id AS card_id, rc.valid_from AS card_from, rc.fee_basic, rc.fee_raised_1, rc.fee_raised_2,
        rc.fee_raised_3, rc.price_base_amount, rc.allowance_older_from_age, rc.allowance_younger_percent,
        rc.allowance_older_percent, rc.allowance_younger_monthly, rc.allowance_older_monthly,
        rc.social_fee_percent, rc.senior_social_fee_percent, rc.senior_from_age
    FROM months m
    CROSS JOIN LATERAL (SELECT m.first_day AS day UNION
                        SELECT r.valid_from FROM rate_cards r
                        WHERE r.valid_from > m.first_day AND r.valid_from < m.end_day) AS cut
    LEFT JOIN cards rc ON rc.valid_from <= cut.day AND (rc.next_from IS NULL OR cut.day < rc.next_from)
), institution_prices_in_force AS ({institution_prices}
), provider_prices AS (
    -- Each provider's days split where its price may change: an agency's at its contracts' first days and
    -- the days after their last days (one contract, or none, in force per span: an agency's contracts never
    -- overlap, a constraint), an institution's at its price versions' first days.
    SELECT spans.*, ac.id AS contract_id, ip.daily_price AS institution_price FROM (
        SELECT b.provider_id, b.institution, cut.day AS span_start,
            coalesce(lead(cut.day) OVER (PARTITION BY b.provider_id ORDER BY cut.day), CAST(:stop AS date)) AS span_end
        FROM (SELECT DISTINCT provider_id, setting = 'institution' AS institution FROM p
              WHERE provider_id IS NOT NULL) AS b
        CROSS JOIN LATERAL (SELECT CAST(:start AS date) AS day UNION
                            SELECT bound.day FROM agency_contracts ac
                            CROSS JOIN LATERAL (VALUES (ac.valid_from), (ac.valid_to + 1)) AS bound(day)
                            WHERE NOT b.institution AND ac.agency_id = b.provider_id
                                AND bound.day > CAST(:start AS date) AND bound.day < CAST(:stop AS date)
                            UNION
                            SELECT ip.valid_from FROM institution_prices ip
                            WHERE b.institution AND ip.institution_id = b.provider_id
                                AND ip.valid_from > CAST(:start AS date) AND ip.valid_from < CAST(:stop AS date)
                           ) AS cut
    ) AS spans
    LEFT JOIN agency_contracts ac ON NOT spans.institution AND ac.agency_id = spans.provider_id
        AND {contract_in_force}
    LEFT JOIN institution_prices_in_force ip ON spans.institution AND ip.institution_id = spans.provider_id
        AND ip.valid_from <= spans.span_start AND (ip.next_from IS NULL OR spans.span_start < ip.next_from)
)"""


def _month_number(day: str) -> str:
    """The number of the month ``day`` falls in, counted from the period's first month (1), as in months."""
    return (f"((date_part('year', {day})::int - date_part('year', CAST(:start AS date))::int) * 12"
            f" + date_part('month', {day})::int - date_part('month', CAST(:start AS date))::int + 1)")


RUNS = f"""
placement_months AS (
    -- Each placement's first and last month as numbers in the period's months (see months).
    SELECT p.*, {_month_number("p.s")} AS first_n, {_month_number("p.e - 1")} AS last_n
    FROM p WHERE p.s < p.e
), periods AS (
    -- The calendar's spans by year and rate card: what a rate can depend on besides the placement and the
    -- child's age is constant in one, so the rates are computed once per placement and period.
    SELECT period, min(n) AS first_n, max(n) AS last_n, min(year) AS year, min(span_start) AS first_day,
        max(span_end) AS end_day, min(card_id::text)::uuid AS card_id, min(card_from) AS card_from,
        min(fee_basic) AS fee_basic, min(fee_raised_1) AS fee_raised_1, min(fee_raised_2) AS fee_raised_2,
        min(fee_raised_3) AS fee_raised_3, min(price_base_amount) AS price_base_amount,
        min(allowance_older_from_age) AS allowance_older_from_age,
        min(allowance_younger_percent) AS allowance_younger_percent,
        min(allowance_older_percent) AS allowance_older_percent,
        min(allowance_younger_monthly) AS allowance_younger_monthly,
        min(allowance_older_monthly) AS allowance_older_monthly, min(social_fee_percent) AS social_fee_percent,
        min(senior_social_fee_percent) AS senior_social_fee_percent, min(senior_from_age) AS senior_from_age
    FROM calendar GROUP BY period
), rates AS (
    -- In öre (social fees in hundredths of a percent): every rate is a Numeric(12, 2) amount (a percentage of
    -- the prisbasbelopp is rounded to the öre), so these integers are exact and the months add them exactly.
    SELECT p.id, p.reference, p.child_id, p.category, p.s, p.e, p.birth_year, p.birth_month, p.birth_day,
        p.provider_id, p.contract_level, p.has_extras, per.card_from, per.year,
        greatest(p.s, per.first_day) AS rs, least(p.e, per.end_day) AS re,
        p.target_kind = 'consultant' AS consultant, p.setting = 'institution' AS institution, p.price_given,
        per.year - p.birth_year - 1 AS young, {MONTHLY} AND per.card_id IS NOT NULL AS card_fee,
        per.fee_basic, per.fee_raised_1, per.fee_raised_2, per.fee_raised_3,
        (100 * CASE WHEN {MONTHLY} THEN CASE WHEN p.fee_given OR per.card_id IS NULL THEN p.fee_monthly
                                             ELSE {card_fee_sql("per", "p.fee_level")} END END)::bigint AS fee_rate,
        (100 * CASE WHEN {MONTHLY} THEN CASE WHEN p.allowance_given OR per.card_id IS NULL
                                             THEN p.expense_allowance_monthly
                                             ELSE {card_allowance_sql("per", "per.year - p.birth_year - 1")} END END
            )::bigint AS young_allowance_rate,
        (100 * CASE WHEN {MONTHLY} THEN CASE WHEN p.allowance_given OR per.card_id IS NULL
                                             THEN p.expense_allowance_monthly
                                             ELSE {card_allowance_sql("per", "per.year - p.birth_year")} END END
            )::bigint AS old_allowance_rate,
        (100 * CASE WHEN {MONTHLY} AND per.card_id IS NOT NULL
                    THEN {social_fee_percent_sql("per", "p.parent_birth_year", "per.first_day")} END)::int
            AS social_percent,
        (100 * CASE WHEN p.setting = 'institution' OR p.target_kind = 'consultant' THEN p.daily_price END)::bigint
            AS daily_rate
    FROM placement_months p JOIN periods per ON per.first_n <= p.last_n AND per.last_n >= p.first_n
), fee_levels AS (
    -- The fee level changes from a day (placement_fee_levels, as known then): few placements have one.
    SELECT f.placement_id AS id, f.valid_from, f.level::text AS level
    FROM placement_fee_levels f JOIN p ON p.id = f.placement_id
    WHERE f.valid_from < p.e {{levels_known}}
), level_spans AS (
    -- A changed placement's days split at each change: before the first, the terms as booked (level null).
    SELECT id, level, span_start,
        coalesce(lead(span_start) OVER (PARTITION BY id ORDER BY span_start), 'infinity'::date) AS span_end
    FROM (SELECT id, NULL AS level, '-infinity'::date AS span_start FROM fee_levels GROUP BY id
          UNION ALL SELECT id, level, valid_from FROM fee_levels) AS starts
), runs AS (
    -- A placement's days in one period split where its provider's price or its fee level changes: every
    -- rate is constant in a run but the allowance, which may change on the birthday (halves).
    SELECT r.id, r.reference, r.child_id, r.category, r.s, r.e, r.has_extras, r.card_from, r.young,
        r.young_allowance_rate, r.old_allowance_rate, r.social_percent, part.a, part.b,
        make_date(r.year, r.birth_month, 1) + (r.birth_day - 1) AS birthday,
        -- A level changed from a day is a new decision: the card's fee at that level, even where one was given.
        CASE WHEN lv.level IS NOT NULL AND r.card_fee THEN (100 * {card_fee_sql("r", "lv.level")})::bigint
             ELSE r.fee_rate END AS fee_rate,
        CASE WHEN r.price_given THEN r.daily_rate
             WHEN r.consultant THEN coalesce((100 * cp.daily_price)::bigint, r.daily_rate)
             WHEN r.institution THEN coalesce((100 * ps.institution_price)::bigint, r.daily_rate)
             ELSE r.daily_rate END AS daily_rate
    FROM rates r
    LEFT JOIN provider_prices ps ON ps.provider_id = r.provider_id AND ps.span_start < r.re AND ps.span_end > r.rs
    LEFT JOIN agency_contract_prices cp ON cp.contract_id = ps.contract_id AND cp.level::text = r.contract_level
    LEFT JOIN level_spans lv ON lv.id = r.id AND lv.span_start < least(r.re, ps.span_end)
        AND lv.span_end > greatest(r.rs, ps.span_start)
    CROSS JOIN LATERAL (SELECT greatest(r.rs, ps.span_start, lv.span_start) AS a,
                               least(r.re, ps.span_end, lv.span_end) AS b) AS part
    WHERE r.rs < r.re
), halves AS (
    -- A run split on the birthday (a birthday in a period is the 1st of its month plus the day's number - 1,
    -- so 29 February is 1 March in other years): before it the child is young (a year younger than this year
    -- makes it), from it old. Where the allowance does not change then, the sums keep the run whole.
    SELECT run.*, CASE WHEN {{split_on_birthday}} THEN greatest(run.a, least(run.b, run.birthday))
                       ELSE run.b END AS split
    FROM runs run
), sub_runs AS (
    -- Each half with the month numbers of its first day and of the day after it (see months), and whether
    -- those are the 1st.
    SELECT sub.*, {_month_number("sub.a")} AS na, {_month_number("sub.b")} AS nb,
        date_part('day', sub.a) = 1 AS a_first, date_part('day', sub.b) = 1 AS b_first
    FROM (SELECT id, reference, child_id, category, s, e, has_extras, card_from, fee_rate, social_percent, daily_rate,
              a, split AS b, young_allowance_rate AS allowance_rate, young AS child_age
          FROM halves WHERE a < split
          UNION ALL
          SELECT id, reference, child_id, category, s, e, has_extras, card_from, fee_rate, social_percent, daily_rate,
              split, b, old_allowance_rate, young + 1
          FROM halves WHERE split < b) AS sub
), whole_ranges AS (
    -- The whole months of each sub-run and what one of them costs, in öre, rounded as its placement-month is
    -- (the fee and the allowance are whole-month amounts and the daily price times the month's days is exact:
    -- only the social fees round); the daily price apart, since months differ in days.
    SELECT sub_runs.*, na + CASE WHEN a_first THEN 0 ELSE 1 END AS first_n, nb - 1 AS last_n,
        coalesce(fee_rate, 0) + coalesce(allowance_rate, 0)
            + (2 * coalesce(fee_rate * social_percent, 0) + 10000) / 20000 AS month_amount,
        coalesce(daily_rate, 0) AS daily_amount
    FROM sub_runs
), part_months AS (
    -- The part months at a sub-run's start and end, with their days. A part can be rounded on its own (alone)
    -- when the placement has no extra lines and it is its placement-month's only part (from the placement's
    -- first day, or the 1st, to the month's end or the placement's end) or it is priced by the day only (a
    -- daily price times days is whole öre: rounding a sum of them or each one is the same).
    SELECT sr.*, sr.na AS n, m.month, m.month_days, sr.a AS seg_start, least(sr.b, m.next_month) AS seg_end,
        NOT sr.has_extras AND (sr.a = sr.s AND (sr.b >= m.next_month OR sr.b = sr.e)
                               OR sr.fee_rate IS NULL AND sr.allowance_rate IS NULL) AS alone
    FROM sub_runs sr JOIN months m ON m.n = sr.na
    WHERE NOT sr.a_first
    UNION ALL
    SELECT sr.*, sr.nb, m.month, m.month_days, greatest(sr.a, m.month), sr.b,
        NOT sr.has_extras AND (sr.b = sr.e AND sr.a <= m.month OR sr.fee_rate IS NULL AND sr.allowance_rate IS NULL)
    FROM sub_runs sr JOIN months m ON m.n = sr.nb
    WHERE NOT sr.b_first AND (sr.a_first OR sr.na <> sr.nb)
)"""
"""The runs of constant rates. Formatted with levels_known (see _with) and the birthday rule: the sums split a
run on the birthday only where the allowance changes then; an explanation shows the child's age, so it splits
on every birthday."""

EXTRAS = """
extras AS MATERIALIZED (
    -- once: the amount itself; monthly: amount × days, over the month's days like a fee; in öre.
    -- A revenue (parents' contribution, child allowance, reclaimed) counts against the costs: negative.
    SELECT x.placement_id AS id, p.reference, p.child_id, p.category, date_trunc('month', x.starts_on)::date AS month,
        x.kind = 'cost' AS is_cost, (CASE WHEN x.kind = 'cost' THEN 100 ELSE -100 END * x.amount)::bigint AS once,
        0 AS per_days
    FROM placement_extra_costs x JOIN p ON p.id = x.placement_id
    WHERE x.recurrence = 'once' AND x.starts_on >= :start AND x.starts_on < :stop
    UNION ALL
    SELECT x.placement_id, p.reference, p.child_id, p.category, m.month, x.kind = 'cost', 0,
        (CASE WHEN x.kind = 'cost' THEN 100 ELSE -100 END * x.amount)::bigint
        * (least(m.next_month, bounds.e) - greatest(m.month, bounds.s))
    FROM placement_extra_costs x JOIN p ON p.id = x.placement_id
    CROSS JOIN LATERAL (SELECT greatest(x.starts_on, p.s) AS s,
                               least(coalesce(x.ends_on + 1, p.e), p.e) AS e) AS bounds
    JOIN months m ON m.month < bounds.e AND m.next_month > bounds.s
    WHERE x.recurrence = 'monthly' AND bounds.s < bounds.e
)"""

SPLIT_WHERE_THE_ALLOWANCE_CHANGES = "run.young_allowance_rate IS DISTINCT FROM run.old_allowance_rate"
SPLIT_ON_EVERY_BIRTHDAY = "true"


def _placements(where: str, end: str, source: str) -> str:
    return PLACEMENTS.format(where=where, end=end, source=source, category=category_sql("pl.target_kind"))


def _with(where: str, end: str, source: str, split_on_birthday: str = SPLIT_WHERE_THE_ALLOWANCE_CHANGES) -> str:
    calendar = CALENDAR.format(contract_in_force=_contract_in_force("ac.valid_from", "ac.valid_to", "spans.span_start"),
                               institution_prices=INSTITUTION_PRICE_RANGES)
    # A forecast rebuilt as of a past day knows only the level changes recorded before it.
    levels_known = "AND f.recorded_on < CAST(:known AS date)" if source == KNOWN_BEFORE else ""
    runs = RUNS.format(levels_known=levels_known, split_on_birthday=split_on_birthday)
    return f"WITH p AS MATERIALIZED ({_placements(where, end, source)}), {calendar}, {runs}, {EXTRAS}"


def _total(fee_days: str, allowance_days: str, social_days: str, daily: str, extra_once: str, extra_days: str,
           month_days: str) -> str:
    """A placement-month's total in kronor from its numerators (öre × days over the month's days; social fees
    × hundredths of a percent; extras with revenues): the exact sum over 10 000 × the month's days, rounded
    once to the öre, half away from zero, in integers (a month of revenues only is negative)."""
    exact = (f"(10000 * ({fee_days} + {allowance_days} + {extra_days}) + {social_days}"
             f" + 10000 * {month_days} * ({daily} + {extra_once}))")
    return (f"(CASE WHEN {exact} >= 0 THEN (2 * {exact} + 10000 * {month_days}) / (20000 * {month_days})"
            f" ELSE -((10000 * {month_days} - 2 * {exact}) / (20000 * {month_days})) END * 0.01)")


def _numerators(days: str) -> str:
    """A segment's numerators over its days (see _total), from the sub-run's rates."""
    return (f"coalesce(fee_rate * {days}, 0) AS fee_days, coalesce(allowance_rate * {days}, 0) AS allowance_days, "
            f"coalesce(fee_rate * {days} * social_percent, 0) AS social_days, coalesce(daily_rate * {days}, 0) AS daily")


SEGMENT_LINES = f"""
segments AS (
    -- Every month of every sub-run: its part months and its whole months, with their days.
    SELECT id, reference, child_id, category, n, month, month_days, card_from, child_age, seg_start, seg_end,
        seg_end - seg_start AS days, fee_rate, allowance_rate, social_percent, daily_rate
    FROM part_months
    UNION ALL
    SELECT w.id, w.reference, w.child_id, w.category, m.n, m.month, m.month_days, w.card_from, w.child_age, m.month,
        m.next_month, m.month_days, w.fee_rate, w.allowance_rate, w.social_percent, w.daily_rate
    FROM whole_ranges w CROSS JOIN LATERAL generate_series(w.first_n, w.last_n) AS whole(n)
    JOIN months m ON m.n = whole.n
)"""


PARTS = f"""
extra_months AS (
    SELECT DISTINCT x.id, m.n FROM extras x JOIN months m ON m.month = x.month
), holes AS (
    -- A whole month with an extra line is rounded with it: it leaves its range (a hole) and is a part.
    SELECT w.*, em.n FROM whole_ranges w JOIN extra_months em ON em.id = w.id AND em.n BETWEEN w.first_n AND w.last_n
), part_lines AS (
    -- What is rounded month by month: the part months, the holes, and the extra lines.
    SELECT id, category, n, month_days, alone, seg_end - seg_start AS days, {_numerators("(seg_end - seg_start)")},
        0 AS extra_once, 0 AS extra_days
    FROM part_months
    UNION ALL
    SELECT h.id, h.category, h.n, m.month_days, false, m.month_days, {_numerators("m.month_days")}, 0, 0
    FROM holes h JOIN months m ON m.n = h.n
    UNION ALL
    SELECT x.id, x.category, m.n, m.month_days, false, 0, 0, 0, 0, 0, x.once, x.per_days
    FROM extras x JOIN months m ON m.month = x.month
)"""
"""The sums' month-by-month parts (see category_months_sql and placement_totals_sql)."""


def _placement_months(where: str, end: str = ENDED, source: str = CURRENT) -> str:
    return f"""
{_with(where, end, source)}, {SEGMENT_LINES}, lines AS (
    SELECT id, reference, child_id, category, month, month_days, days, {_numerators("days")},
        0 AS extra_once, 0 AS extra_days, 0 AS revenue_once, 0 AS revenue_days
    FROM segments
    UNION ALL
    SELECT x.id, x.reference, x.child_id, x.category, x.month, m.month_days, 0, 0, 0, 0, 0,
        CASE WHEN x.is_cost THEN x.once ELSE 0 END, CASE WHEN x.is_cost THEN x.per_days ELSE 0 END,
        CASE WHEN x.is_cost THEN 0 ELSE x.once END, CASE WHEN x.is_cost THEN 0 ELSE x.per_days END
    FROM extras x JOIN months m ON m.month = x.month
), months_summed AS (
    SELECT id, reference, child_id, category, month, month_days, sum(days)::int AS care_days,
        sum(fee_days)::bigint AS fee_days, sum(allowance_days)::bigint AS allowance_days,
        sum(social_days)::bigint AS social_days, sum(daily)::bigint AS daily, sum(extra_once)::bigint AS extra_once,
        sum(extra_days)::bigint AS extra_days, sum(revenue_once)::bigint AS revenue_once,
        sum(revenue_days)::bigint AS revenue_days
    FROM lines GROUP BY id, reference, child_id, category, month, month_days
)
SELECT id, reference, child_id, category, month, care_days,
    fee_days * 0.01 / month_days AS fee, allowance_days * 0.01 / month_days AS allowance,
    social_days * 0.0001 / (100 * month_days) AS social, daily * 0.01 AS daily,
    extra_once * 0.01 + extra_days * 0.01 / month_days AS extra,
    revenue_once * 0.01 + revenue_days * 0.01 / month_days AS revenue,
    {_total("fee_days", "allowance_days", "social_days", "daily", "extra_once + revenue_once",
            "extra_days + revenue_days", "month_days")} AS total
FROM months_summed
"""


def month_costs_sql(where: str = "") -> str:
    """The placement-months in [:start, :stop) with their parts and rounded totals, a page (:limit, :offset)
    at a time, each with the number of lines on every page."""
    return f"""
SELECT months.*, count(*) OVER () AS lines_in_all FROM ({_placement_months(where)}) AS months
ORDER BY month, reference, id
LIMIT :limit OFFSET :offset
"""


PERIOD_CHILDREN = """period_children AS (
    -- The children with a care day or an extra line in the period, per category and in all (a monthly line
    -- lies within its placement's days, a one-off may not).
    SELECT category, count(DISTINCT child_id)::int AS children FROM (
        SELECT child_id, category FROM p WHERE s < e
        UNION ALL
        SELECT p.child_id, p.category FROM placement_extra_costs x JOIN p ON p.id = x.placement_id
        WHERE x.recurrence = 'once' AND x.starts_on >= :start AND x.starts_on < :stop
    ) AS counted
    GROUP BY GROUPING SETS ((category), ())"""


def period_children_sql(where: str = "") -> str:
    """The period's children per category (and a null category: in all), as category_months_sql counts them,
    without pricing a day: for sums of months kept apart (closed_months.py)."""
    return f"""
WITH p AS NOT MATERIALIZED ({_placements(where, ENDED, CURRENT)}), {PERIOD_CHILDREN}
)
SELECT category, children FROM period_children
"""


def category_months_sql(where: str = "", end: str = ENDED, source: str = CURRENT) -> str:
    """The sum of the placement-months per category and month in [:start, :stop), with the care days and the
    number of children; placements end at ``end`` (ENDED, or PLANNED for a forecast). Rows with a null month
    (or category) are the period's (or every category's): children are counted once however many months.

    A run's whole months are added as a range (a step up in its first month and down after its last, summed
    over the months), so the work grows with the runs, not with the placement-months; the part months, and
    the whole months with an extra line (holes in their range), are rounded with their placement-month."""
    return f"""
{_with(where, end, source)}, {PARTS}, steps AS (
    SELECT category, first_n AS n, month_amount, daily_amount, 1 AS placements FROM whole_ranges WHERE first_n <= last_n
    UNION ALL SELECT category, last_n + 1, -month_amount, -daily_amount, -1 FROM whole_ranges WHERE first_n <= last_n
    UNION ALL SELECT category, n, -month_amount, -daily_amount, -1 FROM holes
    UNION ALL SELECT category, n + 1, month_amount, daily_amount, 1 FROM holes
), step_sums AS (
    SELECT category, n, sum(month_amount) AS month_amount, sum(daily_amount) AS daily_amount,
        sum(placements) AS placements
    FROM steps GROUP BY category, n
), whole_months AS (
    SELECT c.category, m.n, m.month_days,
        sum(coalesce(d.month_amount, 0)) OVER running AS month_amount,
        sum(coalesce(d.daily_amount, 0)) OVER running AS daily_amount,
        sum(coalesce(d.placements, 0)) OVER running AS placements
    FROM (SELECT DISTINCT category FROM steps) AS c CROSS JOIN months m
    LEFT JOIN step_sums d ON d.category = c.category AND d.n = m.n
    WINDOW running AS (PARTITION BY c.category ORDER BY m.n)
), part_sums AS (
    -- A placement-month's parts and extra lines, summed and rounded once (a part alone: at once).
    SELECT category, n, sum(days)::int AS care_days,
        CASE WHEN shared IS NULL
             THEN sum({_total("fee_days", "allowance_days", "social_days", "daily", "extra_once", "extra_days",
                             "month_days")})
             ELSE {_total("sum(fee_days)::bigint", "sum(allowance_days)::bigint", "sum(social_days)::bigint",
                          "sum(daily)::bigint", "sum(extra_once)::bigint", "sum(extra_days)::bigint",
                          "min(month_days)")} END AS total
    FROM (SELECT *, CASE WHEN alone THEN NULL ELSE id END AS shared FROM part_lines) AS shared_lines
    GROUP BY category, n, shared
), month_parts AS (
    SELECT category, n, total, care_days FROM part_sums
    UNION ALL
    SELECT category, n, (month_amount + daily_amount * month_days) * 0.01, (placements * month_days)::int
    FROM whole_months WHERE placements <> 0
), summed AS (
    SELECT mp.category, m.month, sum(mp.total) AS total, sum(mp.care_days)::int AS care_days
    FROM month_parts mp JOIN months m ON m.n = mp.n
    GROUP BY GROUPING SETS ((mp.category, m.month), (mp.category), (m.month), ())
), child_months AS (
    -- The months each child has a placement-month in, as ranges of month numbers: its placements' care days
    -- and its extra costs.
    SELECT child_id, category, first_n, last_n FROM placement_months
    UNION ALL
    SELECT x.child_id, x.category, m.n, m.n FROM extras x JOIN months m ON m.month = x.month
), fresh AS (
    -- Each range less the months the child's earlier ranges (by first month) already have, in its category
    -- and in any: every range that reaches further than those before it begins where they end.
    SELECT category, last_n, greatest(first_n, in_category + 1) AS from_n, greatest(first_n, in_any + 1) AS from_any
    FROM (SELECT *,
              max(last_n) OVER (PARTITION BY child_id, category ORDER BY first_n, last_n
                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS in_category,
              max(last_n) OVER (PARTITION BY child_id ORDER BY first_n, last_n
                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS in_any
          FROM child_months) AS ranges
), child_steps AS (
    -- +1 in the month a child's new months begin, -1 after they end; summed up to a month: its children.
    SELECT category, from_n AS n, 1 AS step FROM fresh WHERE from_n <= last_n
    UNION ALL SELECT category, last_n + 1, -1 FROM fresh WHERE from_n <= last_n
    UNION ALL SELECT NULL, from_any, 1 FROM fresh WHERE from_any <= last_n
    UNION ALL SELECT NULL, last_n + 1, -1 FROM fresh WHERE from_any <= last_n
), children AS (
    SELECT c.category, m.month, sum(coalesce(d.steps, 0)) OVER (PARTITION BY c.category ORDER BY m.n)::int AS children
    FROM (SELECT DISTINCT category FROM child_steps) AS c CROSS JOIN months m
    LEFT JOIN (SELECT category, n, sum(step) AS steps FROM child_steps GROUP BY category, n) AS d
        ON coalesce(d.category, '') = coalesce(c.category, '') AND d.n = m.n
), {PERIOD_CHILDREN}
)
-- A null category or month is every category's or the period's (GROUPING SETS); '' is no category's name.
SELECT s.category, s.month, s.total, s.care_days, coalesce(c.children, pc.children) AS children
FROM summed s
LEFT JOIN children c ON c.month = s.month AND coalesce(c.category, '') = coalesce(s.category, '')
LEFT JOIN period_children pc ON s.month IS NULL AND coalesce(pc.category, '') = coalesce(s.category, '')
"""


def segments_sql(where: str = "") -> str:
    """The segments behind the placement-months in [:start, :stop), unrounded, in order: split on every
    birthday, so each has the child's age."""
    return f"""
{_with(where, ENDED, CURRENT, SPLIT_ON_EVERY_BIRTHDAY)}, {SEGMENT_LINES}
SELECT seg_start, seg_end, days, month_days, card_from, child_age, fee_rate * 0.01 AS fee_rate,
    allowance_rate * 0.01 AS allowance_rate, social_percent * 0.01 AS social_percent, daily_rate * 0.01 AS daily_rate,
    coalesce(fee_rate * 0.01 * days / month_days, 0) + coalesce(allowance_rate * 0.01 * days / month_days, 0)
        + coalesce(fee_rate * 0.01 * days * social_percent * 0.01 / (100 * month_days), 0)
        + coalesce(daily_rate * 0.01 * days, 0) AS amount
FROM segments
ORDER BY seg_start
"""


def placement_totals_sql(where: str = "", end: str = ENDED, source: str = CURRENT) -> str:
    """Each placement's cost in [:start, :stop) (the sum of its placement-months) and its care days: a run's
    whole months as a range (months × a month's amount, and the daily price × their days), the holes taken
    out, and the parts rounded month by month."""
    return f"""
{_with(where, end, source)}, {PARTS}, whole_totals AS (
    SELECT w.id, sum((w.last_n - w.first_n + 1) * w.month_amount + w.daily_amount * (until.next_month - since.month))
            AS amount, sum(until.next_month - since.month) AS days
    FROM whole_ranges w JOIN months since ON since.n = w.first_n JOIN months until ON until.n = w.last_n
    WHERE w.first_n <= w.last_n GROUP BY w.id
), hole_totals AS (
    SELECT h.id, sum(h.month_amount + h.daily_amount * m.month_days) AS amount, sum(m.month_days) AS days
    FROM holes h JOIN months m ON m.n = h.n GROUP BY h.id
), part_totals AS (
    SELECT id, sum(total) AS total, sum(care_days) AS days FROM (
        SELECT id, n, sum(days) AS care_days,
            {_total("sum(fee_days)::bigint", "sum(allowance_days)::bigint", "sum(social_days)::bigint",
                    "sum(daily)::bigint", "sum(extra_once)::bigint", "sum(extra_days)::bigint",
                    "min(month_days)")} AS total
        FROM part_lines GROUP BY id, n) AS placement_months_parts
    GROUP BY id
)
SELECT p.id, p.reference, p.category,
    (coalesce(w.amount, 0) - coalesce(h.amount, 0)) * 0.01 + coalesce(pt.total, 0) AS total,
    (coalesce(w.days, 0) - coalesce(h.days, 0) + coalesce(pt.days, 0))::int AS care_days
FROM p
LEFT JOIN whole_totals w ON w.id = p.id
LEFT JOIN hole_totals h ON h.id = p.id
LEFT JOIN part_totals pt ON pt.id = p.id
WHERE w.id IS NOT NULL OR pt.id IS NOT NULL
"""
