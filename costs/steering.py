"""What the budget steering group looks at beside the budget: the most expensive ongoing placements and how
much of the costs the ten largest carry, those past their planned end, those coming, and the long consultant
home placements that would cost less in an own home (conversion candidates); each list also as CSV and XLSX.
Pseudonymous references, categories, dates and amounts only."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from children.models import Child
from core import clock
from core.audit import AuditAction, authorize, record
from core.permissions import Action, Actor
from core.schemas import OutputModel
from core.spreadsheet import Sheet, csv_text, xlsx_bytes
from costs import day_cost, forecast
from costs.labels import COST_CATEGORY
from costs.service import withheld_placements
from costs.schemas import (
    CostCategory,
    ExpensivePlacement,
    ExpensivePlacements,
    WatchedPlacement,
    YearForecast,
    category_of,
)
from foster_homes import prices, rate_cards
from foster_homes.schemas import HomeKind, default_fee_level
from placements.followup_rules import add_months
from placements.models import Placement

ONGOING = "AND pl.starts_on <= CAST(:today AS date) AND (pl.ended_on IS NULL OR pl.ended_on > CAST(:today AS date))"


async def most_expensive(session: AsyncSession, actor: Actor, year: int, *, limit: int = 20) -> ExpensivePlacements:
    """The ongoing placements with the largest forecast for the year (cost so far, then the booked days to the
    planned end or the year's end), and the ten largest's share of all ongoing placements' forecast."""
    await authorize(session, actor, Action.COSTS_READ, "placement_cost")
    await rate_cards.ensure_defaults(session)
    today = clock.today()
    start, year_end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    # Every ongoing placement counts in the share; the list names only those the reader may see one by one.
    values = {"today": today}
    so_far = await _totals(session, start, min(today, year_end), day_cost.ENDED, values)
    ahead = await _totals(session, max(today, start), year_end, day_cost.PLANNED, values)
    forecast = {pid: so_far.get(pid, Decimal(0)) + ahead.get(pid, Decimal(0)) for pid in so_far.keys() | ahead.keys()}
    ranked = sorted(forecast, key=lambda pid: (-forecast[pid], str(pid)))
    withheld = set(await withheld_placements(session, actor))
    chosen = [pid for pid in ranked if pid not in withheld][:limit]
    facts = {row.id: row for row in await session.execute(
        select(Placement.id, Placement.reference, Placement.target_kind, Placement.starts_on, Placement.planned_end)
        .where(Placement.id.in_(chosen)))}
    total = sum(forecast.values(), Decimal(0))
    top_ten = sum((forecast[pid] for pid in ranked[:10]), Decimal(0))
    record(session, actor, AuditAction.READ, "placement_cost", object_ids=chosen, detail=f"dyraste placeringar {year}")
    return ExpensivePlacements(
        year=year,
        placements=[ExpensivePlacement(
            placement_id=pid, reference=facts[pid].reference, category=category_of(facts[pid].target_kind),
            starts_on=facts[pid].starts_on, planned_end=facts[pid].planned_end,
            cost_so_far=so_far.get(pid, Decimal("0.00")), forecast_to_year_end=forecast[pid]) for pid in chosen],
        top_ten_share=(100 * top_ten / total).quantize(Decimal("0.1")) if total else None,
    )


async def past_planned_end(session: AsyncSession, actor: Actor) -> list[WatchedPlacement]:
    """Ongoing placements past their planned end, the longest past first, each with what the days since its
    planned end have cost (the care days before today)."""
    await authorize(session, actor, Action.COSTS_READ, "placement_cost")
    await rate_cards.ensure_defaults(session)
    today = clock.today()
    found = list(await session.execute(
        select(Placement.id, Placement.reference, Placement.target_kind, Placement.starts_on, Placement.planned_end)
        .where(Placement.ended_on.is_(None), Placement.planned_end < today,
               Placement.id.not_in(await withheld_placements(session, actor)))
        .order_by(Placement.planned_end, Placement.reference)))
    watched = []
    for row in found:
        cost = await _totals(session, row.planned_end, today, day_cost.ENDED, {"placement_id": row.id},
                             where="AND pl.id = :placement_id")
        watched.append(WatchedPlacement(
            placement_id=row.id, reference=row.reference, category=category_of(row.target_kind), starts_on=row.starts_on,
            planned_end=row.planned_end, days_past_planned_end=(today - row.planned_end).days,
            cost=cost.get(row.id, Decimal("0.00"))))
    record(session, actor, AuditAction.READ, "placement_cost", object_ids=[w.placement_id for w in watched],
           detail="placeringar efter planerat slut")
    return watched


async def coming(session: AsyncSession, actor: Actor, year: int) -> list[WatchedPlacement]:
    """Placements decided to start after today, the soonest first, each with its forecast to the year's end."""
    await authorize(session, actor, Action.COSTS_READ, "placement_cost")
    await rate_cards.ensure_defaults(session)
    today = clock.today()
    found = list(await session.execute(
        select(Placement.id, Placement.reference, Placement.target_kind, Placement.starts_on, Placement.planned_end)
        .where(Placement.starts_on > today, Placement.starts_on < dt.date(year + 1, 1, 1),
               Placement.id.not_in(await withheld_placements(session, actor)))
        .order_by(Placement.starts_on, Placement.reference)))
    ahead = await _totals(session, max(today, dt.date(year, 1, 1)), dt.date(year + 1, 1, 1), day_cost.PLANNED,
                          {"today": today}, where="AND pl.starts_on > CAST(:today AS date)")
    record(session, actor, AuditAction.READ, "placement_cost", object_ids=[row.id for row in found],
           detail=f"kommande placeringar {year}")
    return [WatchedPlacement(placement_id=row.id, reference=row.reference, category=category_of(row.target_kind),
                             starts_on=row.starts_on, planned_end=row.planned_end, days_past_planned_end=None,
                             cost=ahead.get(row.id, Decimal("0.00"))) for row in found]


async def _totals(session: AsyncSession, start: dt.date, stop: dt.date, end: str, values: dict, *,
                  where: str = ONGOING) -> dict:
    """Each placement's cost in [start, stop), of those ``where`` selects."""
    if stop <= start:
        return {}
    rows = await session.execute(text(day_cost.placement_totals_sql(where, end)), {"start": start, "stop": stop, **values})
    return {row.id: row.total for row in rows}


# ---------------------------------------------------------------- conversion candidates

CONVERSION_MONTHS = 12
"""A consultant home placement this long is a candidate (001: "Långvariga placeringar i konsulentstödda
familjehem förhandlas över i egen regi")."""
CONVERSION_RULE = (
    "Pågående placeringar i konsulentstödda familjehem som varat minst {months} månader. Besparing per år: "
    "konsulenthemmets dygnspris i dag × 365, minus vad ett familjehem i egen regi skulle kosta för barnet med "
    "dagens arvodestabell ({card}): grundarvode, omkostnadsersättning efter barnets ålder i dag och "
    "arbetsgivaravgifter på arvodet, × 12.")


class ConversionCandidate(OutputModel):
    """A long consultant home placement, and what a year would cost in an own home instead."""

    placement_id: uuid.UUID
    reference: str
    category: CostCategory
    starts_on: dt.date
    planned_end: dt.date | None
    months_in_care: int
    daily_price: Decimal
    """The consultant home's daily price in force today (the price the costs are computed with)."""
    consultant_yearly: Decimal
    """daily_price × 365."""
    own_fee_monthly: Decimal
    own_allowance_monthly: Decimal
    own_social_fees_monthly: Decimal
    own_home_yearly: Decimal
    """12 × (fee + allowance + social fees): an own home at today's rate card."""
    yearly_saving: Decimal
    """consultant_yearly − own_home_yearly."""


class ConversionCandidates(OutputModel):
    as_of: dt.date
    rate_card_from: dt.date
    placements: list[ConversionCandidate]
    yearly_saving: Decimal
    """The listed placements' savings together."""
    rule: str


def _ore(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), ROUND_HALF_UP)


def _whole_months(start: dt.date, day: dt.date) -> int:
    months = (day.year - start.year) * 12 + day.month - start.month
    return months - (add_months(start, months) > day)


async def conversion_candidates(session: AsyncSession, actor: Actor, *,
                                min_months: int = CONVERSION_MONTHS) -> ConversionCandidates:
    """Ongoing consultant home placements that have lasted at least ``min_months``, the largest yearly saving
    first: the daily price in force today × 365 against an own home's year for the same child at today's rate
    card (foster_homes.prices: the fee at an own home's default level, the allowance by the child's age today,
    the social fees at the general rate, as for a foster parent not yet known)."""
    await authorize(session, actor, Action.COSTS_READ, "placement_cost")
    today = clock.today()
    card = await rate_cards.rate_card_on(session, today, estimate=True)
    found = list(await session.execute(
        select(Placement.id, Placement.reference, Placement.target_kind, Placement.starts_on, Placement.planned_end,
               Child.birth_date)
        .join(Child, Child.id == Placement.child_id)
        .where(Placement.target_kind == HomeKind.CONSULTANT.value, Placement.starts_on <= add_months(today, -min_months),
               (Placement.ended_on.is_(None)) | (Placement.ended_on > today),
               Placement.id.not_in(await withheld_placements(session, actor)))))
    # Today's daily price as the costs compute it (a price given at booking, else the contract's in force).
    rows = await session.execute(text(day_cost.month_costs_sql("AND pl.id = ANY(:ids)")), {
        "start": today, "stop": today + dt.timedelta(days=1), "ids": [row.id for row in found],
        "limit": len(found) or 1, "offset": 0}) if found else []
    daily = {row.id: _ore(row.daily) for row in rows}
    fee = prices.card_fee(card, default_fee_level(HomeKind.OWN))
    social = _ore(fee * prices.social_fee_percent(card, None, today) / 100)
    candidates = []
    for row in found:
        allowance = prices.card_allowance(card, clock.age_on(row.birth_date, today))
        own_yearly = 12 * (fee + allowance + social)
        consultant_yearly = daily.get(row.id, Decimal("0.00")) * 365
        candidates.append(ConversionCandidate(
            placement_id=row.id, reference=row.reference, category=category_of(row.target_kind),
            starts_on=row.starts_on, planned_end=row.planned_end, months_in_care=_whole_months(row.starts_on, today),
            daily_price=daily.get(row.id, Decimal("0.00")), consultant_yearly=consultant_yearly,
            own_fee_monthly=fee, own_allowance_monthly=allowance, own_social_fees_monthly=social,
            own_home_yearly=own_yearly, yearly_saving=consultant_yearly - own_yearly))
    candidates.sort(key=lambda c: (-c.yearly_saving, c.reference))
    record(session, actor, AuditAction.READ, "placement_cost", object_ids=[c.placement_id for c in candidates],
           detail="kandidater för egen regi")
    return ConversionCandidates(
        as_of=today, rate_card_from=card.valid_from, placements=candidates,
        yearly_saving=sum((c.yearly_saving for c in candidates), Decimal("0.00")),
        rule=CONVERSION_RULE.format(months=min_months, card=f"från {card.valid_from.isoformat()}"))


# ---------------------------------------------------------------- the lists as CSV and XLSX

LISTS = ("most-expensive", "past-planned-end", "coming", "conversion-candidates")
"""The steering group's lists that can be exported, by their name in the API."""


def _category(category: CostCategory) -> str:
    return COST_CATEGORY[category]


def most_expensive_sheet(found: ExpensivePlacements) -> Sheet:
    rows = [[p.reference, _category(p.category), p.starts_on, p.planned_end, p.cost_so_far, p.forecast_to_year_end]
            for p in found.placements]
    if found.top_ten_share is not None:
        rows.append(["De tio dyraste, andel av alla pågående (%)", None, None, None, None, found.top_ten_share])
    return Sheet(f"Dyraste {found.year}", ["placering", "kategori", "start", "planerat slut", "kostnad hittills",
                                           "prognos till årets slut"], rows)


def past_planned_end_sheet(watched: list[WatchedPlacement]) -> Sheet:
    return Sheet("Efter planerat slut", ["placering", "kategori", "start", "planerat slut", "dagar efter planerat slut",
                                         "kostnad sedan planerat slut"],
                 [[w.reference, _category(w.category), w.starts_on, w.planned_end, w.days_past_planned_end, w.cost]
                  for w in watched])


def coming_sheet(watched: list[WatchedPlacement], year: int) -> Sheet:
    return Sheet(f"Kommande {year}", ["placering", "kategori", "start", "planerat slut", "prognos till årets slut"],
                 [[w.reference, _category(w.category), w.starts_on, w.planned_end, w.cost] for w in watched])


def conversion_sheet(found: ConversionCandidates) -> Sheet:
    return Sheet("Kandidater egen regi", [
        "placering", "kategori", "start", "planerat slut", "månader", "dygnspris i dag", "konsulenthem per år",
        "arvode per månad", "omkostnadsersättning per månad", "arbetsgivaravgifter per månad", "egen regi per år",
        "besparing per år"], [
        [c.reference, _category(c.category), c.starts_on, c.planned_end, c.months_in_care, c.daily_price,
         c.consultant_yearly, c.own_fee_monthly, c.own_allowance_monthly, c.own_social_fees_monthly,
         c.own_home_yearly, c.yearly_saving] for c in found.placements] + [
        ["Summa", None, None, None, None, None, None, None, None, None, None, found.yearly_saving]])


async def list_sheet(session: AsyncSession, actor: Actor, name: str, year: int) -> tuple[Sheet, list[uuid.UUID]]:
    """One of the LISTS as a table, with the placements it names."""
    if name == "most-expensive":
        found = await most_expensive(session, actor, year)
        return most_expensive_sheet(found), [p.placement_id for p in found.placements]
    if name == "past-planned-end":
        watched = await past_planned_end(session, actor)
        return past_planned_end_sheet(watched), [w.placement_id for w in watched]
    if name == "coming":
        watched = await coming(session, actor, year)
        return coming_sheet(watched, year), [w.placement_id for w in watched]
    if name == "conversion-candidates":
        candidates = await conversion_candidates(session, actor)
        return conversion_sheet(candidates), [c.placement_id for c in candidates.placements]
    raise ValueError(name)


async def export_list(session: AsyncSession, actor: Actor, name: str, year: int, *, xlsx: bool) -> str | bytes:
    """A list as Swedish CSV (without the byte-order mark: the edge adds it) or XLSX; the export is logged with
    the placements it names."""
    sheet, named = await list_sheet(session, actor, name, year)
    record(session, actor, AuditAction.EXPORT, "placement_cost", object_ids=named,
           detail=f"{'XLSX' if xlsx else 'CSV'}-export: {sheet.title.lower()}")
    return xlsx_bytes([sheet]) if xlsx else csv_text(sheet)


# ---------------------------------------------------------------- the forecast's tables as CSV and XLSX

FORECAST_CATEGORY_COLUMNS = ["kategori", "utfall", "beslutat framåt", "förväntat inflöde", "prognos (förväntat)",
                             "P10", "P50", "P90", "nya placeringar per månad", "beslutade starter",
                             "chans till ny placering (%)", "mediankostnad för en ny placering"]
FORECAST_MONTH_COLUMNS = ["månad", "budget ackumulerat", "utfall ackumulerat", "prognos ackumulerat (förväntat)",
                          "P10", "P50", "P90"]


def forecast_category_sheet(found: YearForecast) -> Sheet:
    rows = [[_category(c.category), c.actual, c.committed, c.inflow_expected, c.expected, c.p10, c.p50, c.p90,
             c.starts_per_month, c.decided_starts, c.chance_of_new, c.median_cost_of_new] for c in found.categories]
    rows.append(["Summa", found.actual, found.committed, found.inflow_expected, found.expected, found.p10, found.p50,
                 found.p90, None, None, None, None])
    return Sheet(f"Prognos {found.year}", FORECAST_CATEGORY_COLUMNS, rows)


def forecast_month_sheet(found: YearForecast) -> Sheet:
    return Sheet(f"Prognos per månad {found.year}", FORECAST_MONTH_COLUMNS,
                 [[m.month.strftime("%Y-%m"), m.budget, m.actual, m.expected, m.p10, m.p50, m.p90]
                  for m in found.months])


async def export_forecast(session: AsyncSession, actor: Actor, year: int, *, xlsx: bool,
                          table: str = "categories") -> str | bytes:
    """The year's forecast: XLSX with its category and month tables, or one of them (``table`` "categories" or
    "months") as Swedish CSV. The export is logged."""
    found = await forecast.year_forecast(session, actor, year)
    sheets = [forecast_category_sheet(found), forecast_month_sheet(found)]
    record(session, actor, AuditAction.EXPORT, "budget", year,
           detail=f"{'XLSX' if xlsx else 'CSV'}-export av helårsprognosen {year}")
    if xlsx:
        return xlsx_bytes(sheets)
    return csv_text(sheets[1] if table == "months" else sheets[0])
