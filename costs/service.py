"""What placements cost, month by month: the placement-month lines every report adds up, and why each
amount is what it is. The computation is day_cost.py's; the rates are foster_homes.prices'. Reads show
pseudonymous placement references only, never a child's name, and each read is logged."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import not_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core import periods
from children.access import location_visible
from children.models import Child
from core.audit import AuditAction, authorize, log_refusal, record
from core.database import get_or_404
from core.errors import NotFoundError
from core.permissions import Action, Actor, PermissionDeniedError
from core.schemas import OutputModel, Page
from costs import day_cost
from foster_homes import rate_cards
from costs.schemas import CostCategory, CostExplanation, CostSegment, PlacementMonthCost, category_of
from placements.models import Placement

PLACEMENT_NOT_FOUND = "Placeringen finns inte."
RULE = ("Vårddygn räknas från startdagen till dagen före slutdagen (flyttdagen betalas av det mottagande hemmet). "
        "Månadsbelopp (arvode, omkostnadsersättning, arbetsgivaravgifter på arvodet) kostar belopp × dagar ÷ "
        "dagar i månaden; dygnspriser kostar pris × dagar. Varje placeringsmånad avrundas en gång till hela ören.")


WITHHELD = ("Placeringen gäller ett barn med skyddade personuppgifter: dess kostnader visas en och en bara för "
            "barnets socialsekreterare och tilldelade personal. De ingår i summorna.")
WITHHELD_SQL = "AND NOT (pl.id = ANY(:withheld))"
"""Leaves out the placements a reader may not see one by one (withheld_placements)."""


async def withheld_placements(session: AsyncSession, actor: Actor) -> list[uuid.UUID]:
    """Placements of children with protected identity whose location the reader may not see: a placement's
    price points to its agency and so towards the home (get_placement withholds it too), so their lines are
    shown only inside sums."""
    return list(await session.scalars(
        select(Placement.id).join(Child, Child.id == Placement.child_id).where(not_(location_visible(actor)))))


def _month_range(period: periods.Period) -> dict[str, dt.date]:
    """The statement's half-open range: the period's first day up to the day after its last."""
    return {"start": period.start, "stop": period.end + dt.timedelta(days=1)}


def _ore(amount: Decimal) -> Decimal:
    """A part shown to the öre, half away from zero as the total is rounded."""
    return amount.quantize(Decimal("0.01"), ROUND_HALF_UP)


def _line(row) -> PlacementMonthCost:
    return PlacementMonthCost(
        placement_id=row.id, reference=row.reference, category=row.category, month=row.month,
        care_days=row.care_days, fee=_ore(row.fee), expense_allowance=_ore(row.allowance),
        social_fees=_ore(row.social), daily_prices=_ore(row.daily), extra_costs=_ore(row.extra),
        revenues=_ore(row.revenue), total=row.total,
    )


async def month_costs(
    session: AsyncSession, actor: Actor, period: periods.Period, *, placement_id: uuid.UUID | None = None,
    page: int = 1, page_size: int = 500,
) -> Page[PlacementMonthCost]:
    """The placement-months of the period (or of one placement), by month and reference, a page at a time."""
    await authorize(session, actor, Action.COSTS_READ, "placement_cost")
    await rate_cards.ensure_defaults(session)
    where, values = ("AND pl.id = :placement_id", {"placement_id": placement_id}) if placement_id else ("", {})
    where += f" {WITHHELD_SQL}"
    values["withheld"] = await withheld_placements(session, actor)
    rows = (await session.execute(text(day_cost.month_costs_sql(where)), {
        **_month_range(period), **values, "limit": page_size, "offset": (page - 1) * page_size})).all()
    lines = [_line(row) for row in rows]
    record(session, actor, AuditAction.READ, "placement_cost", object_ids=sorted({line.placement_id for line in lines}),
           detail=f"kostnader {period.key}")
    return Page(items=lines, total=rows[0].lines_in_all if rows else 0, page=page, page_size=page_size)


async def explain(session: AsyncSession, actor: Actor, placement_id: uuid.UUID, month: periods.Period) -> CostExplanation:
    """Varför detta belopp? One placement-month with the segments it was computed from."""
    await authorize(session, actor, Action.COSTS_READ, "placement_cost", placement_id)
    placement = await get_or_404(session, Placement, placement_id, PLACEMENT_NOT_FOUND)
    if placement_id in await withheld_placements(session, actor):
        await log_refusal(actor, "placement_cost", placement_id, detail="skyddade personuppgifter")
        raise PermissionDeniedError(WITHHELD)
    await rate_cards.ensure_defaults(session)
    values = {**_month_range(month), "placement_id": placement_id, "limit": 1, "offset": 0}
    where = "AND pl.id = :placement_id"
    lines = [_line(row) for row in (await session.execute(text(day_cost.month_costs_sql(where)), values)).all()]
    cost = lines[0] if lines else PlacementMonthCost(  # no care day that month: nothing to pay
        placement_id=placement_id, reference=placement.reference, category=category_of(placement.target_kind),
        month=month.start, care_days=0, fee=0, expense_allowance=0, social_fees=0, daily_prices=0, extra_costs=0,
        revenues=0, total=0)
    segments = [
        CostSegment(starts_on=row.seg_start, ends_on=row.seg_end - dt.timedelta(days=1), days=row.days,
                    days_in_month=row.month_days, rate_card_from=row.card_from, child_age=row.child_age,
                    fee_monthly=row.fee_rate, expense_allowance_monthly=row.allowance_rate,
                    social_fee_percent=row.social_percent, daily_price=row.daily_rate, amount=row.amount)
        for row in (await session.execute(text(day_cost.segments_sql(where)), values)).all()
    ]
    if not actor.can(Action.CHILD_READ):
        segments = by_rates(segments)
    record(session, actor, AuditAction.READ, "placement_cost", placement_id, detail=f"förklaring {month.key}")
    return CostExplanation(cost=cost, segments=segments, rule=RULE)


def by_rates(segments: list[CostSegment]) -> list[CostSegment]:
    """Neighbouring segments at the same rates as one, without dates or the child's age: for a reader who may
    not see the child, since the cuts fall on its birthdays and so would tell its birth date (the first part
    of its personal number). The 13th birthday's change of allowance still shows as two rates."""
    merged: list[CostSegment] = []
    for segment in segments:
        rates = _rates(segment)
        if merged and _rates(merged[-1]) == rates:
            last = merged[-1]
            merged[-1] = last.model_copy(update={"days": last.days + segment.days, "amount": last.amount + segment.amount})
        else:
            merged.append(segment.model_copy(update={"starts_on": None, "ends_on": None, "child_age": None}))
    return merged


def _rates(segment: CostSegment) -> tuple:
    return (segment.rate_card_from, segment.fee_monthly, segment.expense_allowance_monthly,
            segment.social_fee_percent, segment.daily_price)


class PlacementCostFacts(OutputModel):
    """What the cost pages show of a placement: its reference, category and dates, never whose it is."""

    placement_id: uuid.UUID
    reference: str
    category: CostCategory
    starts_on: dt.date
    planned_end: dt.date | None
    ended_on: dt.date | None


async def placement_by_reference(session: AsyncSession, actor: Actor, reference: str) -> PlacementCostFacts:
    """A placement found by its pseudonymous reference (P-XXXXXX), for the cost pages; a protected child's
    placement is refused to a reader who may not see its location, as explain does, and the refusal logged."""
    await authorize(session, actor, Action.COSTS_READ, "placement_cost")
    placement = await session.scalar(select(Placement).where(Placement.reference == reference.strip().upper()))
    if placement is None:
        raise NotFoundError(PLACEMENT_NOT_FOUND)
    if placement.id in await withheld_placements(session, actor):
        await log_refusal(actor, "placement_cost", placement.id, detail="skyddade personuppgifter")
        raise PermissionDeniedError(WITHHELD)
    record(session, actor, AuditAction.READ, "placement_cost", placement.id, detail="placering efter referens")
    return PlacementCostFacts(placement_id=placement.id, reference=placement.reference,
                              category=category_of(placement.target_kind), starts_on=placement.starts_on,
                              planned_end=placement.planned_end, ended_on=placement.ended_on)
