"""Indicators for the units' self-check (egenkontroll), per month, tertial or year, split by girls and boys.

One query reads every placement in care during the period with what the figures need; one more aggregates
its follow-up items. The figures are then vectorised over those rows (numpy), so a year of 50 000
placements is one pass. Each figure has a population (the placements it is about), so the list behind a
figure is exactly the placements it counted.

Reference day: the period's last day, or today while the period is still running; what is not yet due on
the reference day is not counted as missing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock, disclosure, rules
from core.audit import AuditAction, authorize, record
from core.errors import FieldError, InvalidInputError
from core.periods import Period, parse_reportable
from core.spreadsheet import Sheet, csv_text, xlsx_bytes
from core.permissions import Action, Actor
from foster_homes.schemas import OWN_HOME_KINDS, HomeKind
from placements.followup_rules import REVIEW_RULES, VISIT_RULES, due_sql
from placements.models import FollowupRule
from placements.requests import waiting_days_sql
from placements.schemas import FollowupAnchor, FollowupSchedule, PlacementRules
from indicators.schemas import Figure, IndicatorRow, IndicatorsOut


# ---------------------------------------------------------------- the rows

ROWS_SQL = text(f"""
WITH in_period AS (
    SELECT id, child_id, request_id, setting, target_kind, kind, legal_basis, starts_on, ended_on, end_reason, with_kin
    FROM placements WHERE starts_on <= :e AND (ended_on IS NULL OR ended_on > :s)
), review_dates AS (
    -- The review dates in the period come from the schedule, not from the items: a start-anchored review
    -- rule keeps one open item, so a review never done has no item for its later dates. Each active review
    -- rule that applies to the placement (followup_rules.applies) falls due at start + offset + k x interval,
    -- counted from the start each time like followup_rules.next_due, up to the reference day and before
    -- the placement ended. Only the k that can land in the period are generated (whole months from the
    -- start's month to the period's and the reference day's; the days move a date at most days/28 + 1
    -- months). Review rules anchored on completion or on terms have no such dates: their items count.
    SELECT p.id AS placement_id, r.id AS rule_id, p.ended_on,
        {due_sql(start="p.starts_on", rule="r", k="k")} AS due_on
    FROM in_period p
    JOIN followup_rules r ON r.id = ANY(:scheduled_reviews) AND r.active
        AND (cardinality(r.settings) = 0 OR p.setting::text = ANY(r.settings))
        AND (cardinality(r.placement_kinds) = 0 OR p.kind::text = ANY(r.placement_kinds))
        AND (cardinality(r.legal_bases) = 0 OR p.legal_basis::text = ANY(r.legal_bases))
    CROSS JOIN LATERAL (
        SELECT (:s_month - (extract(year FROM p.starts_on) * 12 + extract(month FROM p.starts_on)))::int AS to_s,
               (:ref_month - (extract(year FROM p.starts_on) * 12 + extract(month FROM p.starts_on)))::int AS to_ref
    ) AS m
    CROSS JOIN LATERAL generate_series(
        CASE WHEN r.schedule = 'once' OR r.interval_months = 0 OR r.interval_days > 0 THEN 0
             ELSE greatest(0, (m.to_s - greatest(r.offset_days, 0) / 28 - 2 - r.offset_months) / r.interval_months)
        END,
        CASE WHEN r.schedule = 'once' THEN 0
             WHEN r.interval_months > 0
                THEN (m.to_ref - r.offset_months + greatest(-r.offset_days, 0) / 28 + 1) / r.interval_months
             ELSE (:ref - p.starts_on - least(28 * r.offset_months, 31 * r.offset_months) + 3 - r.offset_days)
                / r.interval_days + 1
        END
    ) AS k
), reviews AS (
    SELECT d.placement_id, count(*) AS due, count(done.placement_id) AS on_time
    FROM review_dates d
    LEFT JOIN (
        SELECT DISTINCT placement_id, rule_id, original_due_on
        FROM followup_items
        WHERE status = 'done' AND placement_id IS NOT NULL AND rule_id = ANY(:scheduled_reviews)
            AND original_due_on BETWEEN :s AND :ref AND completed_on <= original_due_on
    ) AS done ON done.placement_id = d.placement_id AND done.rule_id = d.rule_id AND done.original_due_on = d.due_on
    WHERE d.due_on BETWEEN :s AND :ref AND (d.ended_on IS NULL OR d.due_on < d.ended_on)
    GROUP BY d.placement_id
), items AS (
    -- Each part reads only what a figure needs, through its own index: visits done in the period, reviews
    -- without a schedule of their own (see above) due in it, each rule's first item (the once-only ones,
    -- and whether a plan was ever due), and plans overdue on the reference day. A placement's older
    -- history is never read.
    SELECT placement_id,
        sum(visits) AS visits, sum(reviews_due) AS reviews_due, sum(reviews_on_time) AS reviews_on_time,
        bool_or(health_due) AS health_due, bool_or(health_done) AS health_done, bool_or(care_plan) AS care_plan,
        bool_or(implementation_due) AS implementation_due, bool_or(implementation_overdue) AS implementation_overdue,
        bool_or(agreement) AS agreement, bool_or(skolfam_offered) AS skolfam_offered
    FROM (
        SELECT placement_id, 1 AS visits, 0 AS reviews_due, 0 AS reviews_on_time, false AS health_due,
            false AS health_done, false AS care_plan, false AS implementation_due, false AS implementation_overdue,
            false AS agreement, false AS skolfam_offered
        FROM followup_items
        WHERE status = 'done' AND placement_id IS NOT NULL AND rule_id = ANY(:visits) AND completed_on BETWEEN :s AND :e
        UNION ALL
        SELECT placement_id, 0, 1, (status = 'done' AND completed_on <= original_due_on)::int,
            false, false, false, false, false, false, false
        FROM followup_items
        WHERE placement_id IS NOT NULL AND rule_id = ANY(:itemised_reviews) AND original_due_on BETWEEN :s AND :ref
            AND status <> 'cancelled'
        UNION ALL
        SELECT placement_id, 0, 0, 0,
            rule_id = :health AND due_on <= :ref,
            rule_id = :health AND status = 'done' AND completed_on <= :ref,
            rule_id = :care_plan AND status = 'done' AND completed_on <= :ref,
            rule_id = :implementation AND original_due_on <= :ref,
            false,
            rule_id = :agreement AND status = 'done' AND completed_on <= :ref,
            rule_id = :school_plan AND status = 'done' AND completed_on <= :ref
                AND coalesce((outcome ->> 'skolfam_offered')::boolean, false)
        FROM followup_items
        WHERE sequence = 1 AND rule_id = ANY(:firsts) AND placement_id IN (SELECT id FROM in_period)
        UNION ALL
        SELECT placement_id, 0, 0, 0, false, false, false, false, true, false, false
        FROM followup_items WHERE rule_id = :implementation AND status = 'open' AND due_on < :ref
        UNION ALL
        SELECT placement_id, 0, 0, 0, false, false, false, false, true, false, false
        FROM followup_items
        WHERE rule_id = :implementation AND status = 'done' AND placement_id IS NOT NULL AND completed_on > :ref
            AND due_on < :ref
    ) AS parts
    GROUP BY placement_id
)
SELECT p.id, p.child_id, c.gender::text, extract(year FROM age(:age_day, c.birth_date))::int, p.setting::text, p.target_kind,
    p.kind::text, p.starts_on - DATE '0001-01-01' + 1, coalesce(p.ended_on - DATE '0001-01-01' + 1, :far),
    coalesce(p.end_reason = 'unplanned_move', false),
    -- Waiting days unclamped, as this figure has always counted them: a placement may start up to a year back
    -- (PlacementIn), so before its request was created, and then counts negative days (0 on the request).
    {waiting_days_sql("r.created_at", "p.starts_on", clamp=False)}, coalesce(r.protection_needs, false),
    coalesce(i.visits, 0), coalesce(i.reviews_due, 0) + coalesce(rv.due, 0),
    coalesce(i.reviews_on_time, 0) + coalesce(rv.on_time, 0),
    coalesce(i.health_due, false), coalesce(i.health_done, false), coalesce(i.care_plan, false),
    coalesce(i.implementation_due, false), coalesce(i.implementation_overdue, false), coalesce(i.agreement, false),
    coalesce(i.skolfam_offered, false), p.with_kin
FROM in_period p
JOIN children c ON c.id = p.child_id
LEFT JOIN placement_requests r ON r.id = p.request_id
LEFT JOIN items i ON i.placement_id = p.id
LEFT JOIN reviews rv ON rv.placement_id = p.id
""")
COLUMNS = (
    ("id", object), ("child_id", object), ("gender", object), ("age", np.int64), ("setting", object), ("target_kind", object),
    ("kind", object), ("starts_on", np.int64), ("ended_on", np.int64), ("unplanned", bool), ("waiting_days", float),
    ("protection_needs", bool), ("visits", float), ("reviews_due", float), ("reviews_on_time", float),
    ("health_due", bool), ("health_done", bool), ("care_plan", bool), ("implementation_due", bool),
    ("implementation_overdue", bool), ("agreement", bool), ("skolfam_offered", bool), ("with_kin", bool),
)


async def _columns(session: AsyncSession, period: Period, reference: dt.date) -> dict[str, np.ndarray]:
    """Every placement in care during the period, one row each, as numpy columns. One statement does the
    work (the placements, and their follow-ups aggregated per placement), returning plain numbers and text."""
    found = (await session.execute(
        select(FollowupRule.key, FollowupRule.id, FollowupRule.schedule, FollowupRule.anchor))).all()
    ids = {key: rule_id for key, rule_id, _, _ in found}
    # A review rule once, or recurring from the start, has its dates in its schedule; any other is counted
    # by its items.
    scheduled = {rule_id for key, rule_id, schedule, anchor in found if key in REVIEW_RULES and (
        schedule == FollowupSchedule.ONCE or (schedule == FollowupSchedule.RECURRING and anchor == FollowupAnchor.START))}
    wanted = {"visits": [ids[k] for k in VISIT_RULES if k in ids],
              "scheduled_reviews": [ids[k] for k in REVIEW_RULES if ids.get(k) in scheduled],
              "itemised_reviews": [ids[k] for k in REVIEW_RULES if k in ids and ids[k] not in scheduled]}
    single = {name: ids.get(key) for name, key in (
        ("health", "health_examination"), ("care_plan", "care_plan"), ("implementation", "implementation_plan"),
        ("agreement", "agreement"), ("school_plan", "school_plan"))}
    firsts = [rule_id for rule_id in single.values() if rule_id]
    rows = (await session.execute(ROWS_SQL, {
        "s": period.start, "e": period.end, "ref": reference, "age_day": min(reference, period.end),
        "s_month": period.start.year * 12 + period.start.month, "ref_month": reference.year * 12 + reference.month,
        "far": dt.date.max.toordinal(), "firsts": firsts, **wanted, **single,
    })).all()
    values = list(zip(*rows)) if rows else [()] * len(COLUMNS)
    columns = {}
    for (name, dtype), column in zip(COLUMNS, values):
        if name == "waiting_days":
            column = [np.nan if days is None else days for days in column]
        columns[name] = np.array(column, dtype=dtype)
    return columns


# ---------------------------------------------------------------- the figures

Columns = dict[str, np.ndarray]


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    unit: str
    target: float | None
    higher_is_better: bool | None
    population: Callable[[Columns], np.ndarray]  # bool mask: the placements the figure is about
    numerator: Callable[[Columns], np.ndarray] | None = None  # per placement (ratio)
    denominator: Callable[[Columns], np.ndarray] | None = None
    scale: float = 100.0
    statistic: str = "ratio"  # ratio | median | mean of ``numerator``


def _measures(period: Period, reference: dt.date, settings: PlacementRules) -> list[Measure]:
    s, e, ref = period.start.toordinal(), period.end.toordinal(), reference.toordinal()

    def in_care(c):  # in care at some time in the period up to the reference day (not only booked ahead)
        return c["starts_on"] <= ref

    def active(c):  # in care on the reference day
        return (c["starts_on"] <= ref) & (c["ended_on"] > ref)

    def started(c):  # started during the period, up to the reference day
        return (c["starts_on"] >= s) & (c["starts_on"] <= ref)

    def ended(c):  # ended in the period by the reference day (an end date set ahead has not happened yet)
        return (c["ended_on"] >= s) & (c["ended_on"] <= min(e, ref) + 1)

    def care_years(c):  # care days in the period (up to the reference day) in years
        first = np.maximum(c["starts_on"], s)
        last = np.minimum(c["ended_on"], ref + 1)
        return np.maximum(last - first, 0) / 365.25

    def family_homes(c):
        return active(c) & (c["setting"] != "institution")

    return [
        Measure("visits_per_child_year", "Besök per barn och år", "besök per barn och år",
                float(settings.visits_target_per_year), True, in_care,
                lambda c: c["visits"], care_years, scale=1.0),
        Measure("reviews_on_time", "Överväganden/omprövningar i tid", "%", 100.0, True,
                lambda c: c["reviews_due"] > 0, lambda c: c["reviews_on_time"], lambda c: c["reviews_due"]),
        Measure("health_examinations", "Hälsoundersökning genomförd (placeringar som började under perioden)", "%",
                100.0, True, lambda c: started(c) & c["health_due"], lambda c: c["health_done"], lambda c: np.ones(len(c["id"]))),
        Measure("implementation_plans_current", "Aktuell genomförandeplan", "%", 100.0, True,
                lambda c: active(c) & c["implementation_due"], lambda c: ~c["implementation_overdue"],
                lambda c: np.ones(len(c["id"]))),
        Measure("care_plans", "Vårdplan finns", "%", 100.0, True, lambda c: active(c) & (c["starts_on"] <= ref),
                lambda c: c["care_plan"], lambda c: np.ones(len(c["id"]))),
        Measure("agreements_signed", "Avtal med familjehemmet undertecknat", "%", 100.0, True,
                lambda c: active(c) & np.isin(c["setting"], ["family_home", "emergency_home"]),
                lambda c: c["agreement"], lambda c: np.ones(len(c["id"]))),
        Measure("unplanned_endings", "Oplanerade avslut (sammanbrott) per 100 placeringar", "per 100 placeringar",
                None, False, in_care, lambda c: ended(c) & c["unplanned"], lambda c: np.ones(len(c["id"]))),
        Measure("length_median", "Placeringstid, median (avslutade under perioden)", "dagar", None, None,
                ended, lambda c: (c["ended_on"] - c["starts_on"]).astype(float), statistic="median"),
        Measure("length_mean", "Placeringstid, medelvärde (avslutade under perioden)", "dagar", None, None,
                ended, lambda c: (c["ended_on"] - c["starts_on"]).astype(float), statistic="mean"),
        Measure("kinship_share", "Andel placerade i nätverkshem", "%", None, True, active,
                lambda c: c["with_kin"], lambda c: np.ones(len(c["id"]))),  # kin as booking decided it
        Measure("own_home_share", "Andel i familjehem i egen regi (av familjehemsplaceringar)", "%", None, True,
                family_homes, lambda c: np.isin(c["target_kind"], [kind.value for kind in OWN_HOME_KINDS]), lambda c: np.ones(len(c["id"]))),
        Measure("consultant_home_share", "Andel i konsulentstödda familjehem (av familjehemsplaceringar)", "%", None,
                False, family_homes, lambda c: c["target_kind"] == HomeKind.CONSULTANT.value, lambda c: np.ones(len(c["id"]))),
        Measure("waiting_days", "Väntetid från förfrågan till placering, median", "dagar", None, False,
                lambda c: started(c) & ~np.isnan(c["waiting_days"]), lambda c: c["waiting_days"], statistic="median"),
        Measure("waiting_days_protection", "Väntetid för barn med skyddsbehov, median", "dagar", 0.0, False,
                lambda c: started(c) & ~np.isnan(c["waiting_days"]) & c["protection_needs"],
                lambda c: c["waiting_days"], statistic="median"),
        Measure("skolfam_offered", "Andel i SkolFams målgrupp som erbjudits SkolFam", "%", 90.0, True,
                lambda c: active(c) & (c["setting"] == "family_home") & (c["kind"] == "long_term")
                & (c["age"] >= settings.skolfam_min_age) & (c["age"] <= settings.skolfam_max_age),
                lambda c: c["skolfam_offered"], lambda c: np.ones(len(c["id"]))),
    ]


def _figure(measure: Measure, columns: Columns, mask: np.ndarray) -> Figure:
    if not mask.any():
        return Figure(value=None, numerator=0, denominator=0)
    values = measure.numerator(columns)[mask].astype(float)
    if measure.statistic == "median":
        return Figure(value=round(float(np.median(values)), 1), denominator=int(mask.sum()))
    if measure.statistic == "mean":
        return Figure(value=round(float(np.mean(values)), 1), denominator=int(mask.sum()))
    numerator, denominator = float(values.sum()), float(measure.denominator(columns)[mask].sum())
    if denominator == 0:
        return Figure(value=None, numerator=numerator, denominator=0)
    return Figure(value=round(numerator / denominator * measure.scale, 1), numerator=round(numerator, 2),
                  denominator=round(denominator, 2))


async def _computed(session: AsyncSession, period: Period):
    reference = min(period.end, clock.today())
    settings = await rules.load(session, PlacementRules)
    columns = await _columns(session, period, reference)
    return columns, _measures(period, reference, settings)


async def indicators(session: AsyncSession, actor: Actor, period: str) -> IndicatorsOut:
    """The indicator table for the period: counts and shares only, no names (the budget group may see it)."""
    return (await trend(session, actor, [period]))[0]


def _sheet_figure(figure: Figure) -> list:
    """A figure's value, numerator and denominator as numbers (a spreadsheet is for counting on): empty when
    suppressed or when there is nothing to measure."""
    def count(value: float | None) -> int | Decimal | None:
        if value is None:
            return None
        return int(value) if float(value).is_integer() else Decimal(str(round(value, 1)))

    value = None if figure.value is None else Decimal(str(round(figure.value, 1)))
    return [value, count(figure.numerator), count(figure.denominator)]


async def export(session: AsyncSession, actor: Actor, period: str, *, xlsx: bool) -> str | bytes:
    """The period's indicator table as Swedish CSV (without the byte-order mark: the edge adds it) or XLSX,
    with the same small cells hidden as on the page; the export is logged."""
    table = await indicators(session, actor, period)
    columns = ["indikator", "enhet", "mål"] + [f"{group} {part}" for group in ("flickor", "pojkar", "alla")
                                                for part in ("värde", "täljare", "nämnare")]
    rows = [[row.title, row.unit, None if row.target is None else Decimal(str(row.target)),
             *_sheet_figure(row.girls), *_sheet_figure(row.boys), *_sheet_figure(row.total)] for row in table.rows]
    sheet = Sheet(f"Indikatorer {table.period}", columns, rows)
    record(session, actor, AuditAction.EXPORT, "indicators", detail=f"{'XLSX' if xlsx else 'CSV'}-export {table.period}")
    await session.flush()
    return xlsx_bytes([sheet]) if xlsx else csv_text(sheet)


SMALL_CELLS = (f"Värden som gäller färre än {disclosure.SMALL_CELL} barn visas inte (–) för den som inte får se "
               "barnen, så att ingen enskild kan urskiljas.")


def _suppressed(figure: Figure, children: int) -> Figure:
    return Figure(value=None, suppressed=True) if disclosure.is_small(children) else figure


async def trend(session: AsyncSession, actor: Actor, periods: list[str]) -> list[IndicatorsOut]:
    """The indicator tables for several periods (a trend), logged as one read. A reader who may not see
    children gets no figure about fewer than three of them (core.disclosure)."""
    await authorize(session, actor, Action.INDICATORS_READ, "indicators")
    parsed = [parse_reportable(period) for period in periods]
    tables = [await _table(session, period, suppress=not actor.can(Action.CHILD_READ)) for period in parsed]
    record(session, actor, AuditAction.READ, "indicators", detail=", ".join(period.key for period in parsed))
    await session.flush()
    return tables


async def _table(session: AsyncSession, parsed: Period, *, suppress: bool) -> IndicatorsOut:
    columns, measures = await _computed(session, parsed)
    girls, boys = columns["gender"] == "girl", columns["gender"] == "boy"
    rows, hidden = [], False
    for measure in measures:
        population = measure.population(columns)
        figures = {}
        for name, mask in (("girls", population & girls), ("boys", population & boys), ("total", population)):
            figure = _figure(measure, columns, mask)
            if suppress:
                figure = _suppressed(figure, len(set(columns["child_id"][mask])))
                hidden = hidden or figure.suppressed
            figures[name] = figure
        rows.append(IndicatorRow(key=measure.key, title=measure.title, unit=measure.unit, target=measure.target,
                                 higher_is_better=measure.higher_is_better, **figures))
    return IndicatorsOut(period=parsed.key, period_kind=parsed.kind, period_label=parsed.name,
                         starts_on=parsed.start, ends_on=parsed.end, rows=rows,
                         placements_counted=len(columns["id"]), small_cells=SMALL_CELLS if hidden else None)


async def placements_behind(
    session: AsyncSession, actor: Actor, period: str, key: str, gender: str | None = None
) -> list[uuid.UUID]:
    """The placements a figure counted (its population), for the roles that may see placements."""
    await authorize(session, actor, Action.CHILD_READ, "placement")
    parsed = parse_reportable(period)
    columns, measures = await _computed(session, parsed)
    measure = next((m for m in measures if m.key == key), None)
    if measure is None:
        raise InvalidInputError(FieldError("key", "Okänd indikator."))
    if gender not in (None, "girl", "boy"):
        raise InvalidInputError(FieldError("gender", "Ange flickor (girl) eller pojkar (boy)."))
    mask = measure.population(columns)
    if gender is not None:
        mask &= columns["gender"] == gender
    return list(columns["id"][mask])

