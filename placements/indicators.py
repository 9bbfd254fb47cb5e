"""Indicators for the units' self-check (egenkontroll), per month, tertial or year, split by girls and boys.

One query reads every placement in care during the period with what the figures need; one more aggregates
its follow-up items. The figures are then vectorised over those rows (numpy), so a year of 50 000
placements is one pass. Each figure has a population (the placements it is about), so the list behind a
figure is exactly the placements it counted.

Reference day: the period's last day, or today while the period is still running; what is not yet due on
the reference day is not counted as missing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock, rules
from core.audit import AuditAction, authorize, record
from core.errors import FieldError, InvalidInputError
from core.permissions import Action, Actor
from placements.followup_rules import REVIEW_RULES, VISIT_RULES
from placements.models import Child, FollowupItem, FollowupRule, Placement, PlacementRequest
from placements.schemas import Figure, IndicatorRow, IndicatorsOut, PeriodKind, PlacementRules

TERTIALS = {1: (1, 4, "januari–april"), 2: (5, 8, "maj–augusti"), 3: (9, 12, "september–december")}
MONTHS_SV = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
             "november", "december")
OWN_KINDS = ("own", "kinship", "emergency", "reinforced")
PERIOD_HELP = "Ange perioden som ett år (2026), en tertial (2026-T2) eller en månad (2026-05)."


@dataclass(frozen=True)
class Period:
    key: str
    kind: PeriodKind
    label: str
    starts_on: dt.date
    ends_on: dt.date  # inclusive


def parse_period(value: str) -> Period:
    value = value.strip().upper()
    if match := re.fullmatch(r"(\d{4})", value):
        year = int(match[1])
        return _checked(Period(value, PeriodKind.YEAR, f"År {year}", dt.date(year, 1, 1), dt.date(year, 12, 31)))
    if match := re.fullmatch(r"(\d{4})-T([123])", value):
        year, tertial = int(match[1]), int(match[2])
        first, last, months = TERTIALS[tertial]
        return _checked(Period(value, PeriodKind.TERTIAL, f"Tertial {tertial} {year} ({months})", dt.date(year, first, 1),
                               dt.date(year, last, calendar.monthrange(year, last)[1])))
    if match := re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", value):
        year, month = int(match[1]), int(match[2])
        return _checked(Period(value, PeriodKind.MONTH, f"{MONTHS_SV[month - 1].capitalize()} {year}",
                               dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])))
    raise InvalidInputError(FieldError("period", PERIOD_HELP))


def _checked(period: Period) -> Period:
    if not 2000 <= period.starts_on.year <= clock.today().year + 1:
        raise InvalidInputError(FieldError("period", "Perioden ligger utanför det som finns i registret."))
    if period.starts_on > clock.today():
        raise InvalidInputError(FieldError("period", "Perioden har inte börjat än."))
    return period


def recent_periods(kind: PeriodKind, count: int) -> list[str]:
    """The latest ``count`` periods of a kind, oldest first, ending with the current one (for trends)."""
    today = clock.today()
    keys = []
    if kind == PeriodKind.TERTIAL:
        year, tertial = today.year, (today.month - 1) // 4 + 1
        for _ in range(count):
            keys.append(f"{year}-T{tertial}")
            year, tertial = (year, tertial - 1) if tertial > 1 else (year - 1, 3)
    elif kind == PeriodKind.MONTH:
        year, month = today.year, today.month
        for _ in range(count):
            keys.append(f"{year}-{month:02d}")
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    else:
        keys = [str(today.year - i) for i in range(count)]
    return keys[::-1]


# ---------------------------------------------------------------- the rows

async def _columns(session: AsyncSession, period: Period, reference: dt.date) -> dict[str, np.ndarray]:
    """Every placement in care during the period, one row each, as numpy columns."""
    s, e = period.starts_on, period.ends_on
    in_period = and_(Placement.starts_on <= e, or_(Placement.ended_on.is_(None), Placement.ended_on > s))
    placements = (await session.execute(
        select(Placement.id, Child.gender, Child.birth_date, Placement.setting, Placement.target_kind, Placement.kind,
               Placement.starts_on, Placement.ended_on, Placement.end_reason, PlacementRequest.created_at,
               PlacementRequest.protection_needs)
        .join(Child, Child.id == Placement.child_id)
        .outerjoin(PlacementRequest, PlacementRequest.id == Placement.request_id)
        .where(in_period)
    )).all()
    key = FollowupRule.key
    done = FollowupItem.status == "done"
    not_cancelled = FollowupItem.status != "cancelled"
    items = {row[0]: row[1:] for row in (await session.execute(
        select(
            FollowupItem.placement_id,
            func.count().filter(key.in_(VISIT_RULES), done, FollowupItem.completed_on.between(s, e)),
            func.count().filter(key.in_(REVIEW_RULES), not_cancelled, FollowupItem.original_due_on.between(s, reference)),
            func.count().filter(key.in_(REVIEW_RULES), done, FollowupItem.original_due_on.between(s, reference),
                                FollowupItem.completed_on <= FollowupItem.original_due_on),
            func.bool_or(and_(key == "health_examination", FollowupItem.due_on <= reference)),
            func.bool_or(and_(key == "health_examination", done, FollowupItem.completed_on <= reference)),
            func.bool_or(and_(key == "care_plan", done, FollowupItem.completed_on <= reference)),
            func.bool_or(and_(key == "implementation_plan", FollowupItem.original_due_on <= reference)),
            func.bool_or(and_(key == "implementation_plan", not_cancelled, FollowupItem.due_on < reference,
                              or_(FollowupItem.status == "open", FollowupItem.completed_on > reference))),
            func.bool_or(and_(key == "agreement", done, FollowupItem.completed_on <= reference)),
            func.bool_or(and_(key == "school_plan", done, FollowupItem.completed_on <= reference,
                              FollowupItem.outcome["skolfam_offered"].as_boolean())),
        )
        .join(FollowupRule, FollowupRule.id == FollowupItem.rule_id)
        .join(Placement, Placement.id == FollowupItem.placement_id)
        .where(in_period)
        .group_by(FollowupItem.placement_id)
    )).all()}
    empty = (0, 0, 0, False, False, False, False, False, False, False)
    aggregated = [items.get(row[0], empty) for row in placements]
    far = dt.date.max.toordinal()

    def column(values, dtype):
        return np.array(list(values), dtype=dtype)

    def agg(index: int, dtype):
        return column((a[index] or 0 for a in aggregated), dtype)

    return {
        "id": np.array([row[0] for row in placements], dtype=object),
        "gender": column((row[1].value for row in placements), object),
        "age": column((clock.age_on(row[2], min(reference, e)) for row in placements), np.int64),
        "setting": column((row[3].value for row in placements), object),
        "target_kind": column((row[4] for row in placements), object),
        "kind": column((row[5].value for row in placements), object),
        "starts_on": column((row[6].toordinal() for row in placements), np.int64),
        "ended_on": column((row[7].toordinal() if row[7] else far for row in placements), np.int64),
        "unplanned": column((row[8] is not None and row[8].value == "unplanned_move" for row in placements), bool),
        "waiting_days": column((
            (row[6] - row[9].astimezone(clock.SWEDISH_TIME).date()).days if row[9] is not None else np.nan
            for row in placements), float),
        "protection_needs": column((bool(row[10]) for row in placements), bool),
        "visits": agg(0, float),
        "reviews_due": agg(1, float),
        "reviews_on_time": agg(2, float),
        "health_due": agg(3, bool),
        "health_done": agg(4, bool),
        "care_plan": agg(5, bool),
        "implementation_due": agg(6, bool),
        "implementation_overdue": agg(7, bool),
        "agreement": agg(8, bool),
        "skolfam_offered": agg(9, bool),
    }


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
    s, e, ref = period.starts_on.toordinal(), period.ends_on.toordinal(), reference.toordinal()

    def in_care(c):
        return np.ones(len(c["id"]), dtype=bool)

    def active(c):  # in care on the reference day
        return (c["starts_on"] <= ref) & (c["ended_on"] > ref)

    def started(c):  # started during the period, up to the reference day
        return (c["starts_on"] >= s) & (c["starts_on"] <= ref)

    def ended(c):
        return (c["ended_on"] >= s) & (c["ended_on"] <= e + 1)

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
                lambda c: c["target_kind"] == "kinship", lambda c: np.ones(len(c["id"]))),
        Measure("own_home_share", "Andel i familjehem i egen regi (av familjehemsplaceringar)", "%", None, True,
                family_homes, lambda c: np.isin(c["target_kind"], OWN_KINDS), lambda c: np.ones(len(c["id"]))),
        Measure("consultant_home_share", "Andel i konsulentstödda familjehem (av familjehemsplaceringar)", "%", None,
                False, family_homes, lambda c: c["target_kind"] == "consultant", lambda c: np.ones(len(c["id"]))),
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
    reference = min(period.ends_on, clock.today())
    settings = await rules.load(session, PlacementRules)
    columns = await _columns(session, period, reference)
    return columns, _measures(period, reference, settings)


async def indicators(session: AsyncSession, actor: Actor, period: str) -> IndicatorsOut:
    """The indicator table for the period: counts and shares only, no names (the budget group may see it)."""
    return (await trend(session, actor, [period]))[0]


async def trend(session: AsyncSession, actor: Actor, periods: list[str]) -> list[IndicatorsOut]:
    """The indicator tables for several periods (a trend), logged as one read."""
    await authorize(session, actor, Action.INDICATORS_READ, "indicators")
    parsed = [parse_period(period) for period in periods]
    tables = [await _table(session, period) for period in parsed]
    record(session, actor, AuditAction.READ, "indicators", detail=", ".join(period.key for period in parsed))
    await session.commit()
    return tables


async def _table(session: AsyncSession, parsed: Period) -> IndicatorsOut:
    columns, measures = await _computed(session, parsed)
    girls, boys = columns["gender"] == "girl", columns["gender"] == "boy"
    rows = []
    for measure in measures:
        population = measure.population(columns)
        rows.append(IndicatorRow(
            key=measure.key, title=measure.title, unit=measure.unit, target=measure.target,
            higher_is_better=measure.higher_is_better, girls=_figure(measure, columns, population & girls),
            boys=_figure(measure, columns, population & boys), total=_figure(measure, columns, population),
        ))
    return IndicatorsOut(period=parsed.key, period_kind=parsed.kind, period_label=parsed.label,
                         starts_on=parsed.starts_on, ends_on=parsed.ends_on, rows=rows,
                         placements_counted=len(columns["id"]))


async def placements_behind(
    session: AsyncSession, actor: Actor, period: str, key: str, gender: str | None = None
) -> list[uuid.UUID]:
    """The placements a figure counted (its population), for the roles that may see placements."""
    await authorize(session, actor, Action.CHILD_READ, "placement")
    parsed = parse_period(period)
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

