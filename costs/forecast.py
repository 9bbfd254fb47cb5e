"""Helårsprognos: what the year will cost, made on a day from what was known on it.

forecast = actual (the care days before the day) + committed (the booked placements' days ahead: to their
planned end or the year's end, decided starts and ends) + the expected inflow (placements not yet decided).

The inflow is learned from the unit's own history, per category: how many new placements a day began over
the last three years (a move between homes is not a new placement: a new placement is followed through its
moves, and its cost and length are those of the whole stay), what they cost per care day and how long they
lasted. The expected value is exact (an integral over the start day); the range comes from simulating the
year many times (a Poisson number of starts, each a stay drawn from history), so a rare, very expensive
placement (SiS) shows as risk in P90 and as the chance of at least one, where an average would hide it.

A forecast rebuilt for a past day reads only what had been recorded before it (day_cost.KNOWN_BEFORE over
placement_records): the backtest and the bridge from last month's forecast depend on that.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock, disclosure
from core.audit import AuditAction, authorize, record
from core.errors import FieldError, InvalidInputError
from core.permissions import Action, Actor
from costs import day_cost, retainer_cost
from costs.figures import ZERO, Cells, budget_cells, cost_cells, total, unit_filter
from costs.models import KeptForecast
from costs.schemas import (
    WHOLE_COMMITTEE,
    AccuracyRow,
    BacktestPoint,
    BridgeStep,
    CategoryForecast,
    CostCategory,
    ForecastAccuracy,
    ForecastBridge,
    ForecastMonth,
    YearForecast,
    category_of,
)
from foster_homes import rate_cards

HISTORY_YEARS = 3
SIMULATIONS = 2000
_EVENTS_PER_CHUNK = 400_000  # bounds the simulation's memory: events × month boundaries at a time


def _ore(value: float) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal("0.01"), ROUND_HALF_UP)


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def month_starts(year: int) -> list[dt.date]:
    """The first day of each month of the year, and the first of the next year."""
    return [dt.date(year, m, 1) for m in range(1, 13)] + [dt.date(year + 1, 1, 1)]


@dataclass
class Stays:
    """New placements of one category in history: each stay's cost per care day and length in days."""

    cost_per_day: np.ndarray
    length: np.ndarray

    def __len__(self) -> int:
        return len(self.length)


@dataclass
class Knowledge:
    """What a forecast made on ``as_of`` starts from: the figures as recorded before that day."""

    year: int
    unit: str | None
    as_of: dt.date
    actual: Cells
    committed: Cells
    history_from: dt.date
    window_days: int
    stays: dict[CostCategory, Stays]
    decided: dict[CostCategory, int]

    @property
    def inflow_days(self) -> int:
        """Days from as_of to the year's end in which new placements may begin."""
        return max(0, (year_bounds(self.year)[1] - self.as_of).days)

    def daily_starts(self, category: CostCategory) -> float:
        """New placements a day in history, less those already decided (they are in committed)."""
        stays = self.stays.get(category)
        if stays is None or not self.window_days or not self.inflow_days:
            return 0.0
        historical = len(stays) / self.window_days
        expected_starts = historical * self.inflow_days
        return max(0.0, expected_starts - self.decided.get(category, 0)) / self.inflow_days

    def boundaries(self) -> np.ndarray:
        """Each month start of the year (and the next year's first day) as days from as_of, never negative."""
        return np.array([max(0, (day - self.as_of).days) for day in month_starts(self.year)])


async def knowledge(session: AsyncSession, year: int, as_of: dt.date, unit: str | None, *, rebuilt: bool) -> Knowledge:
    """The figures a forecast on ``as_of`` starts from; ``rebuilt``: only what had been recorded before it."""
    source = day_cost.KNOWN_BEFORE if rebuilt else day_cost.CURRENT
    start, end = year_bounds(year)
    actual = await cost_cells(session, start, min(as_of, end), unit, day_cost.ENDED, source, known=as_of)
    committed = await cost_cells(session, max(as_of, start), end, unit, day_cost.PLANNED, source, known=as_of)
    history_from, window_days, stays = await _history(session, as_of, unit, source)
    decided = await _decided_starts(session, max(as_of, start), end, unit, source, as_of)
    return Knowledge(year, unit, as_of, actual, committed, history_from, window_days, stays, decided)


_CHAINS = """
WITH RECURSIVE known AS (SELECT * FROM {source} pl), chain AS (
    SELECT pl.id, pl.id AS root, 0 AS depth FROM known pl
    WHERE pl.previous_placement_id IS NULL AND pl.starts_on >= :history_from AND pl.starts_on < :known {where}
    UNION ALL
    SELECT pl.id, chain.root, chain.depth + 1 FROM known pl JOIN chain ON pl.previous_placement_id = chain.id
    WHERE pl.starts_on < :known
)
SELECT chain.id, chain.root, chain.depth, pl.target_kind, pl.starts_on, pl.planned_end, pl.ended_on
FROM chain JOIN known pl ON pl.id = chain.id
"""


def _years_before(day: dt.date, years: int) -> dt.date:
    return dt.date(day.year - years, day.month, 28 if (day.month, day.day) == (2, 29) else day.day)


async def _history(session: AsyncSession, as_of: dt.date, unit: str | None, source: str
                   ) -> tuple[dt.date, int, dict[CostCategory, Stays]]:
    """The new placements of the last three years before as_of (or since the first one, if later), followed
    through their moves: per category of the first home, each stay's cost per care day and length."""
    where, values = unit_filter(unit)
    earliest = await session.scalar(text(f"SELECT min(pl.starts_on) FROM {source} pl WHERE true {where}"),
                                    {"known": as_of, **values})
    history_from = max(_years_before(as_of, HISTORY_YEARS), earliest or as_of)
    window_days = max(0, (as_of - history_from).days)
    if not window_days:
        return history_from, 0, {}
    rows = (await session.execute(text(_CHAINS.format(source=source, where=where)),
                                  {"known": as_of, "history_from": history_from, **values})).all()
    if not rows:
        return history_from, window_days, {}
    costs = {row.id: (row.total, row.care_days) for row in await session.execute(
        text(day_cost.placement_totals_sql("AND pl.id = ANY(:ids)", day_cost.ENDED, source)),
        {"ids": [row.id for row in rows], "start": history_from, "stop": as_of, "known": as_of})}
    roots: dict[uuid.UUID, dict] = {}
    for row in sorted(rows, key=lambda r: r.depth):
        stay = roots.setdefault(row.root, {"category": None, "start": row.starts_on, "cost": ZERO, "days": 0})
        if row.depth == 0:
            stay["category"] = category_of(row.target_kind)
        cost, days = costs.get(row.id, (ZERO, 0))
        stay["cost"] += cost
        stay["days"] += days
        # The last move decides how long the stay lasts: its end, else at least until as_of or its planned end.
        stay["until"] = row.ended_on or max(as_of, row.planned_end or as_of)
    by_category: dict[CostCategory, list[tuple[float, int]]] = {}
    for stay in roots.values():
        if stay["days"]:
            by_category.setdefault(stay["category"], []).append(
                (float(stay["cost"]) / stay["days"], (stay["until"] - stay["start"]).days))
    return history_from, window_days, {
        category: Stays(np.array([c for c, _ in pairs]), np.array([length for _, length in pairs]))
        for category, pairs in by_category.items()}


async def _decided_starts(session: AsyncSession, start: dt.date, stop: dt.date, unit: str | None, source: str,
                          as_of: dt.date) -> dict[CostCategory, int]:
    """New placements decided to begin in [start, stop): already in committed, so not to be expected again."""
    if stop <= start:
        return {}
    where, values = unit_filter(unit)
    rows = await session.execute(text(
        f"SELECT pl.target_kind, count(*) AS n FROM {source} pl WHERE pl.previous_placement_id IS NULL "
        f"AND pl.starts_on >= :start AND pl.starts_on < :stop {where} GROUP BY pl.target_kind"),
        {"start": start, "stop": stop, "known": as_of, **values})
    decided: dict[CostCategory, int] = {}
    for row in rows:
        decided[category_of(row.target_kind)] = decided.get(category_of(row.target_kind), 0) + row.n
    return decided


# ---------------------------------------------------------------- the expected inflow

def _expected_cost_until(stays: Stays, days: int) -> np.ndarray:
    """G(t) for t = 0..days: the expected cost, up to t days after as_of, of the stays starting in those days
    at one start a day. A stay starting on day s costs cost_per_day × min(t − s, length) by day t, so
    G(t) = Σ_{k=1..t} g(k) with g(k) = mean(cost_per_day × min(k, length))."""
    order = np.argsort(stays.length)
    lengths, rates = stays.length[order].astype(float), stays.cost_per_day[order]
    done = np.concatenate([[0.0], np.cumsum(rates * lengths)])  # stays shorter than k: their whole cost
    running = np.concatenate([np.cumsum(rates[::-1])[::-1], [0.0]])  # stays still running at k: rate × k
    k = np.arange(1, days + 1)
    finished = np.searchsorted(lengths, k, side="right")
    g = (done[finished] + k * running[finished]) / len(lengths)
    return np.concatenate([[0.0], np.cumsum(g)])


def expected_inflow(known: Knowledge) -> dict[tuple[CostCategory, int], Decimal]:
    """The expected cost of the placements not yet decided, per category and month of the year, to the öre."""
    cells: dict[tuple[CostCategory, int], Decimal] = {}
    bounds = known.boundaries()
    for category, stays in known.stays.items():
        rate = known.daily_starts(category)
        if not rate:
            continue
        until = _expected_cost_until(stays, known.inflow_days)
        cumulative = rate * until[np.minimum(bounds, known.inflow_days)]
        for month in range(1, 13):
            amount = _ore(cumulative[month] - cumulative[month - 1])
            if amount:
                cells[(category, month)] = amount
    return cells


def simulate(known: Knowledge, simulations: int = SIMULATIONS) -> dict[CostCategory, np.ndarray]:
    """Per category, the inflow's cumulative cost at each month start of the year in each simulated year
    (simulations × 13, from January 1st). Seeded by the year, day and unit: the same question, the same range."""
    rng = np.random.default_rng(zlib.crc32(f"{known.year}|{known.as_of}|{known.unit}".encode()))
    bounds = known.boundaries()
    out: dict[CostCategory, np.ndarray] = {}
    for category in sorted(known.stays):
        stays, rate = known.stays[category], known.daily_starts(category)
        at = np.zeros((simulations, len(bounds)))
        if rate:
            counts = rng.poisson(rate * known.inflow_days, simulations)
            owner = np.repeat(np.arange(simulations), counts)
            for first in range(0, len(owner), _EVENTS_PER_CHUNK):
                sims = owner[first:first + _EVENTS_PER_CHUNK]
                starts = rng.integers(0, known.inflow_days, len(sims))
                drawn = rng.integers(0, len(stays), len(sims))
                days = np.clip(bounds[None, :] - starts[:, None], 0, stays.length[drawn][:, None])
                cost = stays.cost_per_day[drawn][:, None] * days
                for column in range(len(bounds)):
                    at[:, column] += np.bincount(sims, weights=cost[:, column], minlength=simulations)
        out[category] = at - at[:, :1]
    return out


def chance_of_new(known: Knowledge, category: CostCategory) -> float:
    return 1.0 - float(np.exp(-known.daily_starts(category) * known.inflow_days))


def median_cost_of_new(known: Knowledge, category: CostCategory) -> Decimal | None:
    """What a stay from history costs to the year's end if it starts on as_of (the median)."""
    stays = known.stays.get(category)
    if stays is None or not len(stays):
        return None
    return _ore(np.median(stays.cost_per_day * np.minimum(stays.length, known.inflow_days)))


def known_total(known: Knowledge, category: CostCategory | None = None) -> Decimal:
    """Actual + committed of the year, for one category or all."""
    return total(known.actual, category) + total(known.committed, category)


def default_as_of() -> dt.date:
    """A forecast made today knows what was recorded up to and including today; actuals end yesterday."""
    return clock.today()


# ---------------------------------------------------------------- what the steering group reads

METHOD = (
    "Prognosen är utfallet (vårddygnen före {as_of}), det beslutade framåt (pågående placeringar till planerat "
    "slut eller årets slut, beslutade starter och avslut) och det förväntade inflödet av placeringar som inte är "
    "beslutade än. Inflödet skattas ur den egna historiken {history_from} – {until}: hur många nya placeringar "
    "som började per kategori (en flytt räknas inte som ny: en ny placering följs genom sina flyttar), vad de "
    "kostade per vårddygn och hur länge de varade (en pågående räknas som minst så lång som hittills eller till "
    "sitt planerade slut). Redan beslutade starter dras från det väntade antalet. Intervallet kommer från {runs} "
    "simulerade år: 8 av 10 hamnar mellan P10 och P90. En sällsynt och mycket dyr placering (till exempel SiS) "
    "syns som risk i P90 och som chansen för minst en ny, inte som ett medelvärde. Prognosen vet inte om "
    "kommande prisändringar eller om placeringar avslutas före sitt planerade slut."
)

SMALL_CELLS = (f"Antal barn och kostnad per vårddygn visas inte där de gäller färre än {disclosure.SMALL_CELL} "
               "barn (–), så att ingen enskild kan urskiljas.")


def _percentiles(values: np.ndarray) -> tuple[Decimal, Decimal, Decimal]:
    low, middle, high = np.percentile(values, [10, 50, 90])
    return _ore(low), _ore(middle), _ore(high)


async def year_forecast(session: AsyncSession, actor: Actor, year: int, *, unit: str | None = None) -> YearForecast:
    """The year's forecast made today: the expected value and the simulated range, per category and, month by
    month, cumulative against the budget."""
    await authorize(session, actor, Action.COSTS_READ, "budget", year)
    forecast = await _year_forecast(session, year, default_as_of(), unit, rebuilt=False)
    record(session, actor, AuditAction.READ, "budget", year, detail="helårsprognos")
    return forecast


async def _year_forecast(session: AsyncSession, year: int, as_of: dt.date, unit: str | None, *, rebuilt: bool
                         ) -> YearForecast:
    known = await knowledge(session, year, as_of, unit, rebuilt=rebuilt)
    budget = await budget_cells(session, year, unit)
    inflow = expected_inflow(known)
    simulated = simulate(known)
    together = sum(simulated.values(), np.zeros((SIMULATIONS, 13)))
    booked = [ZERO] + [total(known.actual, None, m) + total(known.committed, None, m) for m in range(1, 13)]
    booked_until = np.cumsum([float(amount) for amount in booked])
    months, budget_so_far, expected_so_far, actual_so_far = [], ZERO, ZERO, ZERO
    for m, first in enumerate(month_starts(year)[:12], start=1):
        budget_so_far += sum((budget.get((c, m), ZERO) for c in CostCategory), ZERO)
        expected_so_far += booked[m] + sum((inflow.get((c, m), ZERO) for c in CostCategory), ZERO)
        actual_so_far += total(known.actual, None, m)
        low, middle, high = _percentiles(booked_until[m] + together[:, m])
        months.append(ForecastMonth(month=first, budget=budget_so_far,
                                    actual=actual_so_far if first < as_of else None,
                                    expected=expected_so_far, p10=low, p50=middle, p90=high))
    categories = []
    for category in CostCategory:
        inflow_expected = sum((inflow.get((category, m), ZERO) for m in range(1, 13)), ZERO)
        so_far = known_total(known, category)
        has_budget = any(budget.get((category, m)) for m in range(1, 13))
        if not (so_far or inflow_expected or has_budget or category in known.stays):
            continue
        drawn = simulated.get(category, np.zeros((SIMULATIONS, 13)))[:, 12] + float(so_far)
        low, middle, high = _percentiles(drawn)
        categories.append(CategoryForecast(
            category=category, actual=total(known.actual, category), committed=total(known.committed, category),
            inflow_expected=inflow_expected, expected=so_far + inflow_expected, p10=low, p50=middle, p90=high,
            starts_per_month=Decimal(repr(len(known.stays.get(category, ())) / known.window_days * 365.25 / 12
                                          if known.window_days else 0.0)).quantize(Decimal("0.01")),
            decided_starts=known.decided.get(category, 0),
            chance_of_new=Decimal(repr(100 * chance_of_new(known, category))).quantize(Decimal("0.1")),
            median_cost_of_new=median_cost_of_new(known, category)))
    low, middle, high = _percentiles(booked_until[12] + together[:, 12])
    actual = total(known.actual)
    committed = total(known.committed)
    inflow_total = sum(inflow.values(), ZERO)
    return YearForecast(
        year=year, unit=unit, as_of=as_of, history_from=known.history_from, simulations=SIMULATIONS,
        budget=sum(budget.values(), ZERO), actual=actual, committed=committed, inflow_expected=inflow_total,
        expected=actual + committed + inflow_total, p10=low, p50=middle, p90=high, categories=categories,
        months=months, method=METHOD.format(as_of=as_of.isoformat(), history_from=known.history_from.isoformat(),
                                            until=(as_of - dt.timedelta(days=1)).isoformat(), runs=SIMULATIONS))


# ---------------------------------------------------------------- the bridge from last month's forecast

_STATES = "SELECT pl.id, pl.planned_end, pl.ended_on FROM {source} pl WHERE true {where}"

BRIDGE_LABELS = {
    "new_placements": "Nya placeringar",
    "ended": "Avslutade placeringar",
    "planned_end_changed": "Ändrat planerat slut (förlängt eller förkortat)",
    "prices_and_other": "Priser, tilläggskostnader och övrigt",
    "retainers": "Uppdragsavtal för jourhem",
    "inflow": "Förväntat inflöde",
}


async def _placement_forecasts(session: AsyncSession, year: int, as_of: dt.date, unit: str | None, *, rebuilt: bool
                               ) -> tuple[dict[uuid.UUID, Decimal], dict[uuid.UUID, tuple]]:
    """Each placement's forecast for the year (its days before as_of, then to its planned end) and its dates,
    as known on as_of."""
    source = day_cost.KNOWN_BEFORE if rebuilt else day_cost.CURRENT
    where, values = unit_filter(unit)
    start, end = year_bounds(year)
    forecasts: dict[uuid.UUID, Decimal] = {}
    for lo, hi, ends in ((start, min(as_of, end), day_cost.ENDED), (max(as_of, start), end, day_cost.PLANNED)):
        if lo < hi:
            for row in await session.execute(text(day_cost.placement_totals_sql(where, ends, source)),
                                             {"start": lo, "stop": hi, "known": as_of, **values}):
                forecasts[row.id] = forecasts.get(row.id, ZERO) + row.total
    states = {row.id: (row.planned_end, row.ended_on) for row in await session.execute(
        text(_STATES.format(source=source, where=where)), {"known": as_of, **values})}
    return forecasts, states


async def _retainers(session: AsyncSession, year: int, as_of: dt.date, unit: str | None, *, rebuilt: bool) -> Decimal:
    """The year's retainer agreements as known on as_of, split at as_of as the follow-up splits them."""
    if unit is not None:
        return ZERO
    start, end = year_bounds(year)
    lines = [line for lo, hi in ((start, min(as_of, end)), (max(as_of, start), end))
             for line in await retainer_cost.retainer_months(session, lo, hi, known=as_of if rebuilt else None)]
    return sum((line.total for line in lines), ZERO)


def previous_month_end(today: dt.date) -> dt.date:
    """The day after last month's end (what a forecast made then knew): this month's first day, or the
    previous month's on the first of a month (today's forecast knows as little as the night's)."""
    first = today.replace(day=1)
    return first if today > first else (first - dt.timedelta(days=1)).replace(day=1)


async def bridge(session: AsyncSession, actor: Actor, year: int, *, unit: str | None = None) -> ForecastBridge:
    """From the forecast made at the end of last month (rebuilt from what had been recorded then) to today's,
    step by step: what new placements, ends, new planned ends, prices and the inflow changed."""
    await authorize(session, actor, Action.COSTS_READ, "budget", year)
    await rate_cards.ensure_defaults(session)
    today = default_as_of()
    before_day = previous_month_end(today)
    before, before_states = await _placement_forecasts(session, year, before_day, unit, rebuilt=True)
    now, now_states = await _placement_forecasts(session, year, today, unit, rebuilt=False)
    inflow_before = sum(expected_inflow(await knowledge(session, year, before_day, unit, rebuilt=True)).values(), ZERO)
    inflow_now = sum(expected_inflow(await knowledge(session, year, today, unit, rebuilt=False)).values(), ZERO)
    amounts = {cause: ZERO for cause in BRIDGE_LABELS}
    counts = {cause: 0 for cause in BRIDGE_LABELS}
    for pid in before.keys() | now.keys():
        difference = now.get(pid, ZERO) - before.get(pid, ZERO)
        if pid not in before_states:
            cause = "new_placements"
        elif now_states.get(pid, (None, None))[1] != before_states[pid][1]:
            cause = "ended"
        elif now_states.get(pid, (None, None))[0] != before_states[pid][0]:
            cause = "planned_end_changed"
        else:
            cause = "prices_and_other"
        if difference or cause != "prices_and_other":
            amounts[cause] += difference
            counts[cause] += 1
    amounts["inflow"] = inflow_now - inflow_before
    retainers_before = await _retainers(session, year, before_day, unit, rebuilt=True)
    amounts["retainers"] = await _retainers(session, year, today, unit, rebuilt=False) - retainers_before
    previous = sum(before.values(), ZERO) + inflow_before + retainers_before
    steps = [BridgeStep(cause=cause, label=label, placements=counts[cause], amount=amounts[cause])
             for cause, label in BRIDGE_LABELS.items()]
    record(session, actor, AuditAction.READ, "budget", year, detail="prognosbrygga")
    return ForecastBridge(year=year, unit=unit, previous_as_of=before_day, as_of=today, previous=previous,
                          steps=steps, current=previous + sum((step.amount for step in steps), ZERO))


# ---------------------------------------------------------------- kept forecasts and accuracy

async def keep(session: AsyncSession, actor: Actor, year: int, *, unit: str | None = None) -> YearForecast:
    """Keep today's forecast as it is made (replacing one kept earlier today), per category and in all."""
    await authorize(session, actor, Action.BUDGET_WRITE, "budget", year)
    forecast = await _year_forecast(session, year, default_as_of(), unit, rebuilt=False)
    await session.execute(delete(KeptForecast).where(
        KeptForecast.year == year, KeptForecast.unit == (unit or WHOLE_COMMITTEE), KeptForecast.as_of == forecast.as_of))
    session.add_all(kept_rows(forecast, actor.name))
    await session.flush()
    record(session, actor, AuditAction.CREATE, "budget", year, detail=f"prognos sparad {forecast.as_of}")
    return forecast


def kept_rows(forecast: YearForecast, kept_by: str) -> list[KeptForecast]:
    """A forecast as kept: every category together (a null category), and each category."""
    return [KeptForecast(year=forecast.year, unit=forecast.unit or WHOLE_COMMITTEE, as_of=forecast.as_of,
                         category=getattr(part, "category", None), expected=part.expected, p10=part.p10,
                         p50=part.p50, p90=part.p90, kept_by=kept_by)
            for part in [forecast, *forecast.categories]]


async def rebuilt_forecast(session: AsyncSession, year: int, as_of: dt.date, *, unit: str | None = None) -> YearForecast:
    """The forecast as it would have been made on as_of, from what had been recorded before it (not logged:
    for the backtest and the demo, which read no one's record)."""
    return await _year_forecast(session, year, as_of, unit, rebuilt=True)


CAVEAT = ("Träffsäkerheten är räknad på prognoser som byggts om i efterhand, vid varje månadsskifte och bara "
          "av det som var registrerat då. Den kan inte visa hur väl prognoserna hade stämt om ingen hade agerat "
          "på dem: enheterna styr efter sina prognoser (en placering som avslutas tidigare för att budgeten "
          "inte räcker gör prognosen fel i efterhand), och priser som ändrats mitt i året räknas med de kända "
          "priserna. Få år bakåt ger osäkra medeltal.")

ALL_CATEGORIES = None


def months_left(as_of: dt.date, year: int) -> int:
    """12 for a forecast made before January, 1 for one made in December."""
    return 12 - (as_of.month - 1) if as_of.year == year else 12


async def accuracy(session: AsyncSession, actor: Actor, year: int, *, years: int = 1) -> ForecastAccuracy:
    """The backtest: for each year up to ``year`` (``years`` of them, all over), the forecast rebuilt at each
    month's start from what had been recorded before it, against what the year cost; bias and mean absolute
    percentage error by months left, per category and in all. And the kept forecasts against the outcome."""
    await authorize(session, actor, Action.COSTS_READ, "budget", year)
    today = default_as_of()
    if year_bounds(year)[1] > today:
        raise InvalidInputError(FieldError("year", "Året är inte slut än: träffsäkerheten kan mätas först när "
                                                   "utfallet är känt."))
    chosen = list(range(year - years + 1, year + 1))
    points: list[BacktestPoint] = []
    outcomes: dict[int, Cells] = {}
    for backtested in chosen:
        start, end = year_bounds(backtested)
        outcomes[backtested] = outcome = await cost_cells(session, start, end, None, day_cost.ENDED)
        for as_of in month_starts(backtested)[:12]:
            known = await knowledge(session, backtested, as_of, None, rebuilt=True)
            inflow = expected_inflow(known)
            for category in [ALL_CATEGORIES, *CostCategory]:
                expected = known_total(known, category) + sum(
                    (amount for (c, _), amount in inflow.items() if category in (None, c)), ZERO)
                if expected or total(outcome, category):
                    points.append(BacktestPoint(as_of=as_of, months_left=months_left(as_of, backtested),
                                                category=category, forecast=expected,
                                                outcome=total(outcome, category)))
    kept = await _kept_points(session, chosen, outcomes)
    record(session, actor, AuditAction.READ, "budget", year, detail=f"prognosens träffsäkerhet {chosen[0]}–{year}")
    return ForecastAccuracy(years=chosen, rows=_accuracy_rows(points), points=points, kept=kept, caveat=CAVEAT)


def _accuracy_rows(points: list[BacktestPoint]) -> list[AccuracyRow]:
    groups: dict[tuple[int, CostCategory | None], list[float]] = {}
    for point in points:
        if point.outcome:
            groups.setdefault((point.months_left, point.category), []).append(
                float((point.forecast - point.outcome) / point.outcome))
    order = [None, *CostCategory]
    return [AccuracyRow(months_left=left, category=category, forecasts=len(errors),
                        bias_percent=Decimal(repr(100 * float(np.mean(errors)))).quantize(Decimal("0.1")),
                        mape_percent=Decimal(repr(100 * float(np.mean(np.abs(errors))))).quantize(Decimal("0.1")))
            for (left, category), errors in sorted(groups.items(), key=lambda item: (-item[0][0], order.index(item[0][1])))]


async def kept(session: AsyncSession, actor: Actor, year: int) -> list[BacktestPoint]:
    """The forecasts kept for the year (every category together), with the outcome once the year is over."""
    await authorize(session, actor, Action.COSTS_READ, "budget", year)
    start, end = year_bounds(year)
    outcome = await cost_cells(session, start, end, None, day_cost.ENDED) if end <= default_as_of() else None
    points = await _kept_points(session, [year], {year: outcome} if outcome is not None else {})
    return [point for point in points if point.category is None]


async def _kept_points(session: AsyncSession, years: list[int], outcomes: dict[int, Cells]) -> list[BacktestPoint]:
    rows = await session.scalars(select(KeptForecast).where(
        KeptForecast.year.in_(years), KeptForecast.unit == WHOLE_COMMITTEE).order_by(KeptForecast.as_of))
    return [BacktestPoint(as_of=row.as_of, months_left=months_left(row.as_of, row.year), category=row.category,
                          forecast=row.expected,
                          outcome=total(outcomes[row.year], row.category) if row.year in outcomes else None)
            for row in rows]
