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
    revenues: Decimal
    """Parents' contribution, child allowance and reclaimed costs: negative, against the costs."""
    total: Decimal


class CostSegment(OutputModel):
    """Days of constant rates within a month: how a placement-month's amount came about."""

    starts_on: dt.date | None
    ends_on: dt.date | None
    """The last day of the segment (inclusive). Neither, nor the child's age, for a reader who may not see the
    child: its days at the same rates are one segment, so no birthday can be read from the cuts."""
    days: int
    days_in_month: int
    rate_card_from: dt.date | None
    """The rate card version the monthly amounts came from (None: the placement's own terms)."""
    child_age: int | None
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

BUDGET_MAX_AMOUNT = Decimal("10000000000")
BudgetAmount = Annotated[Decimal, Field(ge=0, le=BUDGET_MAX_AMOUNT, max_digits=14, decimal_places=2)]
"""A year's or a month's budget for a category: up to 10 000 MSEK."""
BUDGET_MAX_LINES = 200
BUDGET_IMPORT_MAX_BYTES = 2 * 1024 * 1024
"""An imported budget file: far more than 200 lines need."""


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

    lines: list[BudgetLineIn] = Field(min_length=1, max_length=BUDGET_MAX_LINES)

    @field_validator("lines")
    @classmethod
    def _each_cell_once(cls, lines: list[BudgetLineIn]) -> list[BudgetLineIn]:
        return each_once(lines, lambda line: (line.category, line.unit), "Varje kategori och enhet får bara finnas en gång.")


class MonthFigures(OutputModel):
    month: dt.date
    budget: Decimal
    actual: Decimal
    """The cost of the care days that have passed (none after the day the figures are for)."""
    committed: Decimal
    """The booked placements' days ahead, until their planned end (or the year's end): ongoing placements,
    decided starts and decided ends."""
    inflow: Decimal
    """The expected cost of placements not yet decided, from the unit's own history (costs/forecast.py)."""
    forecast: Decimal
    """actual + committed + inflow: the expected value (the range is in the forecast, YearForecast)."""
    deviation: Decimal
    """Budget minus forecast: positive is money expected to be left."""
    care_days: int
    """Care days that have passed (vårddygn)."""
    children: int | None
    """Children with care days that have passed; None where fewer than 3 (small cells are not shown)."""


class CategoryFigures(OutputModel):
    category: CostCategory
    months: list[MonthFigures]
    budget: Decimal
    actual: Decimal
    committed: Decimal
    inflow: Decimal
    forecast: Decimal
    deviation: Decimal
    care_days: int
    children: int | None
    """Children in the category this year (each once); None where fewer than 3."""
    cost_per_care_day: Decimal | None
    """Actual ÷ care days that have passed (comparable with Kolada's N33100 HVB and N33101 foster care);
    None where the care days are those of fewer than 3 children."""


class BudgetFollowUp(OutputModel):
    """Budget and actual per category and month (Budget / Utfall / Prognos / Avvikelse); sums add up to their lines."""

    year: int
    unit: str | None
    actual_until: dt.date
    """Actuals count the care days before this day."""
    categories: list[CategoryFigures]
    months: list[MonthFigures]
    """Every category together, month by month."""
    budget: Decimal
    actual: Decimal
    committed: Decimal
    inflow: Decimal
    forecast: Decimal
    deviation: Decimal
    care_days: int
    children: int | None
    small_cells: str
    """The rule by which small cells are left out."""


# ---------------------------------------------------------------- the forecast

class ForecastMonth(OutputModel):
    """The year so far and ahead, cumulative to the end of a month, every category together."""

    month: dt.date
    budget: Decimal
    """Cumulative budget to the end of the month."""
    actual: Decimal | None
    """Cumulative actual to the end of the month (None for months not begun)."""
    expected: Decimal
    """Cumulative forecast, expected value: actual, committed and the expected inflow."""
    p10: Decimal
    p50: Decimal
    p90: Decimal
    """The simulated range of the cumulative forecast: 8 in 10 outcomes fall between p10 and p90."""


class CategoryForecast(OutputModel):
    category: CostCategory
    actual: Decimal
    committed: Decimal
    inflow_expected: Decimal
    expected: Decimal
    p10: Decimal
    p50: Decimal
    p90: Decimal
    starts_per_month: Decimal
    """New placements a month in the unit's history (moves between homes are not new placements)."""
    decided_starts: int
    """Placements already decided to start later this year (in committed, and so taken out of the inflow)."""
    chance_of_new: Decimal
    """The chance of at least one new placement in this category before the year's end, in percent."""
    median_cost_of_new: Decimal | None
    """What a new placement in this category costs to the year's end if it starts today, median of history."""


class YearForecast(OutputModel):
    """Helårsprognos: what the year will cost, as an expected value and a simulated range."""

    year: int
    unit: str | None
    as_of: dt.date
    """The forecast knows what had been recorded before this day; actuals are the care days before it."""
    history_from: dt.date
    """The inflow is learned from the placements started from this day up to as_of."""
    simulations: int
    budget: Decimal
    actual: Decimal
    committed: Decimal
    inflow_expected: Decimal
    expected: Decimal
    p10: Decimal
    p50: Decimal
    p90: Decimal
    categories: list[CategoryForecast]
    months: list[ForecastMonth]
    method: str
    """How the forecast is made, in Swedish, for the page."""


class BridgeStep(OutputModel):
    """One step from last month's forecast to this one."""

    cause: str
    """new_placements, ended, planned_end_changed, prices_and_other, retainers, inflow."""
    label: str
    placements: int
    amount: Decimal


class ForecastBridge(OutputModel):
    """From the forecast made at the end of last month (rebuilt from what had been recorded then) to today's."""

    year: int
    unit: str | None
    previous_as_of: dt.date
    as_of: dt.date
    previous: Decimal
    steps: list[BridgeStep]
    current: Decimal
    """previous + the steps, to the öre."""


class AccuracyRow(OutputModel):
    months_left: int
    category: CostCategory | None
    """None: every category together."""
    forecasts: int
    """Month-ends (one per year backtested) behind the figures."""
    bias_percent: Decimal
    """Mean of (forecast − outcome) ÷ outcome: positive means forecasts were too high."""
    mape_percent: Decimal
    """Mean absolute percentage error."""


class BacktestPoint(OutputModel):
    as_of: dt.date
    months_left: int
    category: CostCategory | None
    forecast: Decimal
    outcome: Decimal | None
    """The year's cost as it turned out (None while the year is not over)."""


class ForecastAccuracy(OutputModel):
    """How well the forecast method would have done: rebuilt at each past month-end from what had been
    recorded by then, against the year's outcome; and the forecasts kept when they were made."""

    years: list[int]
    rows: list[AccuracyRow]
    points: list[BacktestPoint]
    kept: list[BacktestPoint]
    """Forecasts kept when they were made (POST .../forecast/keep), against the outcome where it is known."""
    caveat: str


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


# ---------------------------------------------------------------- the invoice check

INVOICE_MAX_BYTES = 2 * 1024 * 1024
INVOICE_MAX_LINES = 5000
INVOICE_MAX_PERIODS = 120
"""Distinct periods (from–till) in one file: each is priced by a statement of its own."""
INVOICE_MAX_DAYS = 366
"""A line may invoice at most a year: an invoice is for a month or a few, never a decade."""
INVOICE_MAX_AMOUNT = Decimal("100000000")
"""100 MSEK: more than any placement costs in a year; a larger number is a mistake in the file."""
INVOICE_PRICE_TOLERANCE = Decimal("1.00")
"""An amount within a krona of Placera's is right: the agency rounds its days or its total its own way."""


class InvoiceStatus(enum.StrEnum):
    """What the check says of an invoice line, in the order the page lists them: wrong lines first."""

    NOT_OURS = "not_ours"  # unknown reference, another agency's placement, or not a consultant home
    DUPLICATE = "duplicate"  # the same placement and an overlapping period earlier in the file
    ENDED = "ended"  # the period lies after the placement ended or before it began
    WRONG_DAYS = "wrong_days"
    WRONG_PRICE = "wrong_price"  # the days are right, the amount is more than INVOICE_PRICE_TOLERANCE off
    WITHHELD = "withheld"  # a protected child's placement the reader may not see: neither confirmed nor priced
    OK = "ok"


class InvoiceLine(OutputModel):
    """One line of an agency's invoice as read from the file."""

    line: int
    """The line (row) in the file, the heading row counted."""
    agency: str
    """The agency as the file names it: its name or organisation number."""
    reference: str
    """The placement's reference, P-XXXXXX, as written (upper case)."""
    starts_on: dt.date
    ends_on: dt.date
    """The last day invoiced (inclusive)."""
    days: int = Field(ge=0)
    amount: Decimal
    invoice_number: str | None = None


class InvoiceLineCheck(OutputModel):
    """An invoice line beside what Placera computes for the placement in that period. Expected figures are
    what this agency is owed for the line: nothing for another's placement, an ended one or a duplicate's days
    already invoiced; none at all (None) for a line the reader may not see."""

    line: int
    invoice_number: str | None
    agency: str
    reference: str
    starts_on: dt.date
    ends_on: dt.date
    status: InvoiceStatus
    status_label: str
    note: str | None
    invoiced_days: int
    invoiced_amount: Decimal
    expected_days: int | None
    expected_amount: Decimal | None
    days_difference: int | None
    """Invoiced minus expected: positive is days invoiced too many."""
    amount_difference: Decimal | None
    """Invoiced minus expected: positive is money asked for too much."""


class MissingInvoiceLine(OutputModel):
    """An agency's placement with care days in a period it invoiced, but no line for it: to accrue
    (periodisera) until the invoice comes."""

    agency: str
    reference: str
    starts_on: dt.date
    ends_on: dt.date
    expected_days: int
    expected_amount: Decimal


class InvoiceStatusCount(OutputModel):
    status: InvoiceStatus
    label: str
    lines: int
    invoiced_amount: Decimal
    amount_difference: Decimal
    """The sum of the lines' differences (lines without expected figures count nothing)."""


class InvoiceCheck(OutputModel):
    """Fakturakontroll: every line of the file checked, wrong lines first, with counts per status; the sums
    add up to the lines."""

    agencies: list[str]
    lines: list[InvoiceLineCheck]
    summary: list[InvoiceStatusCount]
    missing: list[MissingInvoiceLine]
    invoiced_days: int
    invoiced_amount: Decimal
    expected_days: int
    expected_amount: Decimal
    amount_difference: Decimal
    missing_amount: Decimal
    rule: str
    """How the check compares, in Swedish, for the page."""
