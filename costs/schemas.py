"""What the costs answer: a placement-month's cost (the line every report adds up), its segments (why the
amount is what it is), and the controller's categories."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from decimal import Decimal
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from core.schemas import InputModel, OutputModel, ShortText, each_once
from foster_homes.schemas import HomeKind, InstitutionKind


class CostCategory(enum.StrEnum):
    """The categories a controller budgets and follows placements by (DOMAIN.md §4)."""

    OWN_HOMES = "own_homes"
    KINSHIP_HOMES = "kinship_homes"
    CONSULTANT_HOMES = "consultant_homes"
    EMERGENCY_HOMES = "emergency_homes"
    HVB = "hvb"
    SIS = "sis"
    SUPPORTED_HOUSING = "supported_housing"
    OTHER = "other"


CATEGORY_OF_KIND: dict[str, CostCategory] = {
    HomeKind.OWN: CostCategory.OWN_HOMES,
    HomeKind.REINFORCED: CostCategory.OWN_HOMES,
    HomeKind.KINSHIP: CostCategory.KINSHIP_HOMES,
    HomeKind.CONSULTANT: CostCategory.CONSULTANT_HOMES,
    HomeKind.EMERGENCY: CostCategory.EMERGENCY_HOMES,
    InstitutionKind.HVB: CostCategory.HVB,
    InstitutionKind.SIS: CostCategory.SIS,
    InstitutionKind.SUPPORTED_HOUSING: CostCategory.SUPPORTED_HOUSING,
}
"""A placement's category, from the kind of home or institution it was booked into."""


def category_of(target_kind: str) -> CostCategory:
    return CATEGORY_OF_KIND.get(target_kind, CostCategory.OTHER)


def category_sql(target_kind: str) -> str:
    """:func:`category_of` as SQL over a placement's ``target_kind``."""
    cases = " ".join(f"WHEN '{kind}' THEN '{category}'" for kind, category in CATEGORY_OF_KIND.items())
    return f"(CASE {target_kind} {cases} ELSE '{CostCategory.OTHER}' END)"


class PlacementMonthCost(OutputModel):
    """One placement's cost in one calendar month: the line every total is the sum of. The parts are shown
    to the öre; the month's total is their exact sum rounded once (half away from zero), so a part may
    differ from its rounded share by an öre, and every report adds up to its lines."""

    placement_id: uuid.UUID
    reference: str
    category: CostCategory
    month: dt.date
    care_days: int
    fee: Decimal
    expense_allowance: Decimal
    social_fees: Decimal
    daily_prices: Decimal
    extra_costs: Decimal
    total: Decimal


class CostSegment(OutputModel):
    """Days of constant rates within a month: how a placement-month's amount came about."""

    starts_on: dt.date
    ends_on: dt.date
    """The last day of the segment (inclusive)."""
    days: int
    days_in_month: int
    rate_card_from: dt.date | None
    """The rate card version the monthly amounts came from (None: the placement's own terms)."""
    child_age: int
    fee_monthly: Decimal | None
    expense_allowance_monthly: Decimal | None
    social_fee_percent: Decimal | None
    daily_price: Decimal | None
    amount: Decimal
    """This segment's share, unrounded: monthly amounts × days ÷ days in the month, daily prices × days."""


class CostExplanation(OutputModel):
    """Varför detta belopp? A placement-month, its segments, and its extra costs."""

    cost: PlacementMonthCost
    segments: list[CostSegment]
    rule: str


# ---------------------------------------------------------------- the budget

WHOLE_COMMITTEE = "Hela nämnden"
"""The unit of a budget kept for the whole committee rather than per unit."""

BudgetAmount = Annotated[Decimal, Field(ge=0, le=Decimal("10000000000"), max_digits=14, decimal_places=2)]
"""A year's or a month's budget for a category: up to 10 000 MSEK."""


class BudgetPhasing(enum.StrEnum):
    """How a year's budget is spread over its months."""

    EVEN_BY_DAYS = "even_by_days"  # each month its share of the year's days
    PER_MONTH = "per_month"  # twelve amounts, typed in


class BudgetLineIn(InputModel):
    category: CostCategory
    unit: ShortText = WHOLE_COMMITTEE
    phasing: BudgetPhasing = BudgetPhasing.EVEN_BY_DAYS
    annual: BudgetAmount | None = None
    """The year's amount (spread by days); with per-month phasing, the twelve months are given instead."""
    months: list[BudgetAmount] | None = None

    @model_validator(mode="after")
    def _one_way_to_phase(self) -> "BudgetLineIn":
        if self.phasing == BudgetPhasing.EVEN_BY_DAYS and (self.annual is None or self.months is not None):
            raise ValueError("Ange årsbeloppet (annual) när budgeten fördelas efter dagar.")
        if self.phasing == BudgetPhasing.PER_MONTH and (self.months is None or len(self.months) != 12):
            raise ValueError("Ange tolv månadsbelopp (months) när budgeten fördelas per månad.")
        return self


class BudgetIn(InputModel):
    """A year's budget, every category and unit at once: what is not named is no longer budgeted."""

    lines: list[BudgetLineIn] = Field(min_length=1, max_length=200)

    @field_validator("lines")
    @classmethod
    def _each_cell_once(cls, lines: list[BudgetLineIn]) -> list[BudgetLineIn]:
        return each_once(lines, lambda line: (line.category, line.unit), "Varje kategori och enhet får bara finnas en gång.")


class MonthFigures(OutputModel):
    month: dt.date
    budget: Decimal
    actual: Decimal
    """The cost of the care days that have passed (none after the day the figures are for)."""
    forecast: Decimal
    """The actual, and from today the booked placements' days until their planned end (or the year's end).
    Placements not yet decided (the inflow) are not in it yet."""
    deviation: Decimal
    """Budget minus forecast: positive is money expected to be left."""


class CategoryFigures(OutputModel):
    category: CostCategory
    months: list[MonthFigures]
    budget: Decimal
    actual: Decimal
    forecast: Decimal
    deviation: Decimal


class BudgetFollowUp(OutputModel):
    """Budget and actual per category and month (Budget / Utfall / Avvikelse); sums add up to their lines."""

    year: int
    unit: str | None
    actual_until: dt.date
    """Actuals count the care days before this day."""
    categories: list[CategoryFigures]
    months: list[MonthFigures]
    """Every category together, month by month."""
    budget: Decimal
    actual: Decimal
    forecast: Decimal
    deviation: Decimal


class ExpensivePlacement(OutputModel):
    """An ongoing placement among the year's most expensive: what the steering group may see of it."""

    placement_id: uuid.UUID
    reference: str
    category: CostCategory
    starts_on: dt.date
    planned_end: dt.date | None
    cost_so_far: Decimal
    """This year's care days that have passed."""
    forecast_to_year_end: Decimal
    """The cost so far, and the booked days ahead until the planned end or the year's end."""


class ExpensivePlacements(OutputModel):
    year: int
    placements: list[ExpensivePlacement]
    top_ten_share: Decimal | None
    """The ten most expensive placements' share of the year's forecast cost of all ongoing ones, in percent."""


class WatchedPlacement(OutputModel):
    """A placement the steering group keeps an eye on: past its planned end, or decided and coming."""

    placement_id: uuid.UUID
    reference: str
    category: CostCategory
    starts_on: dt.date
    planned_end: dt.date | None
    days_past_planned_end: int | None
    cost: Decimal
    """Past its planned end: what the days since it have cost. Coming: its forecast to the year's end."""
