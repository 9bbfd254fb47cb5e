"""The budget against what the placements cost: a year's budget per category and unit, phased by month,
and the follow-up the steering group reads (Budget / Utfall / Prognos / Avvikelse per category and month).
Actuals are the costs of the care days that have passed (day_cost.py's computation, up to the day before
today); the forecast is forecast.py's expected value."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from core import disclosure, periods, spreadsheet
from core.audit import AuditAction, authorize, record
from core.errors import FieldError
from core.permissions import Action, Actor
from core.schemas import swedish_message
from core.spreadsheet import CellError, Sheet, csv_text, xlsx_bytes
from costs import forecast
from costs.figures import ZERO, Cell, budget_cells, total
from costs.labels import COST_CATEGORY
from costs.models import BudgetMonth
from costs.schemas import (
    BUDGET_IMPORT_MAX_BYTES,
    BUDGET_MAX_AMOUNT,
    WHOLE_COMMITTEE,
    BudgetFollowUp,
    BudgetIn,
    BudgetLineIn,
    BudgetPhasing,
    CategoryFigures,
    CostCategory,
    MonthFigures,
)


def phase_by_days(annual: Decimal, year: int) -> list[Decimal]:
    """A year's amount spread over its months by their days, to the öre; December takes what rounding left,
    so the months add up to the year exactly."""
    days = [calendar.monthrange(year, month)[1] for month in range(1, 13)]
    months = [(annual * d / sum(days)).quantize(Decimal("0.01"), ROUND_HALF_UP) for d in days[:11]]
    return months + [annual - sum(months)]


def phased(line: BudgetLineIn, year: int) -> list[Decimal]:
    return phase_by_days(line.annual, year) if line.phasing == BudgetPhasing.EVEN_BY_DAYS else list(line.months)


async def save_budget(session: AsyncSession, actor: Actor, year: int, data: BudgetIn, *,
                      source: str | None = None) -> BudgetFollowUp:
    """Replace the year's budget with these lines (every category and unit at once); the change is logged,
    with where the lines came from when they were not typed in (``source``)."""
    await authorize(session, actor, Action.BUDGET_WRITE, "budget", year)
    before = await budget_cells(session, year, None)
    await session.execute(delete(BudgetMonth).where(BudgetMonth.year == year))
    for line in data.lines:
        for month, amount in enumerate(phased(line, year), start=1):
            session.add(BudgetMonth(year=year, category=line.category, unit=line.unit, month=month, amount=amount,
                                    updated_by=actor.name))
    await session.flush()
    after = await budget_cells(session, year, None)
    record(session, actor, AuditAction.UPDATE, "budget", year, changes={
        "total": [str(sum(before.values(), ZERO)), str(sum(after.values(), ZERO))]},
        detail=f"budget {year}: {len(data.lines)} rader" + (f" ({source})" if source else ""))
    return await follow_up(session, actor, year)


async def budget_lines(session: AsyncSession, actor: Actor, year: int) -> list[BudgetLineIn]:
    """The year's budget as its lines (category and unit): spread by days where the months are exactly that,
    else the twelve months as kept. What the budget form starts from."""
    await authorize(session, actor, Action.COSTS_READ, "budget", year)
    rows = await session.execute(select(BudgetMonth.category, BudgetMonth.unit, BudgetMonth.month, BudgetMonth.amount)
                                 .where(BudgetMonth.year == year).order_by(BudgetMonth.unit, BudgetMonth.month))
    months: dict[tuple[CostCategory, str], list[Decimal]] = {}
    for category, unit, _, amount in rows:
        months.setdefault((CostCategory(category), unit), []).append(amount)
    lines = []
    for (category, unit), amounts in sorted(months.items(), key=lambda item: (item[0][1], list(CostCategory).index(item[0][0]))):
        annual = sum(amounts, ZERO)
        if amounts == phase_by_days(annual, year):
            lines.append(BudgetLineIn(category=category, unit=unit, annual=annual))
        else:
            lines.append(BudgetLineIn(category=category, unit=unit, phasing=BudgetPhasing.PER_MONTH, months=amounts))
    return lines


async def follow_up(session: AsyncSession, actor: Actor, year: int, *, unit: str | None = None) -> BudgetFollowUp:
    """Budget, actual, forecast (committed and the expected inflow) and deviation per category and month of the
    year, with care days and children, and the totals; for the whole committee, or for one unit (its budget
    lines, and the placements its social workers are responsible for)."""
    await authorize(session, actor, Action.COSTS_READ, "budget", year)
    known = await forecast.knowledge(session, year, forecast.default_as_of(), unit, rebuilt=False)
    inflow = forecast.expected_inflow(known)
    budget = await budget_cells(session, year, unit)
    categories = []
    for category in CostCategory:
        months = [_month(year, m, budget.get((category, m), ZERO), known.actual.get((category, m)),
                         total(known.committed, category, m), inflow.get((category, m), ZERO)) for m in range(1, 13)]
        if any(figures.budget or figures.forecast for figures in months):
            year_cell = known.actual.get((category, None))
            categories.append(CategoryFigures(category=category, months=months, **_sums(months),
                                              **_children(year_cell)))
    months = [MonthFigures(month=dt.date(year, m, 1), **_sums([c.months[m - 1] for c in categories]),
                           children=_shown(known.actual.get((None, m))))
              for m in range(1, 13)]
    record(session, actor, AuditAction.READ, "budget", year, detail="budgetuppföljning")
    whole = _children(known.actual.get((None, None)))
    return BudgetFollowUp(year=year, unit=unit, actual_until=known.as_of, categories=categories, months=months,
                          **_sums(categories), children=whole["children"], small_cells=forecast.SMALL_CELLS)


def _month(year: int, month: int, budget: Decimal, actual: Cell | None, committed: Decimal, inflow: Decimal
           ) -> MonthFigures:
    spent = actual.total if actual else ZERO
    expected = spent + committed + inflow
    return MonthFigures(month=dt.date(year, month, 1), budget=budget, actual=spent, committed=committed,
                        inflow=inflow, forecast=expected, deviation=budget - expected,
                        care_days=actual.care_days if actual else 0, children=_shown(actual))


def _shown(cell: Cell | None) -> int | None:
    """The cell's children, or None where it is a small cell (core.disclosure; forecast.SMALL_CELLS says so)."""
    return disclosure.shown(cell.children if cell else 0)


def _children(cell: Cell | None) -> dict:
    """A category's or the year's children and cost per care day, each None where it is a small cell."""
    children = _shown(cell)
    cost = (cell.total / cell.care_days).quantize(Decimal("0.01"), ROUND_HALF_UP) \
        if cell and cell.care_days and children else None
    return {"children": children, "cost_per_care_day": cost}


def _sums(figures) -> dict:
    """The parts of a total: each the sum of its lines, so every table adds up."""
    sums = {part: sum((getattr(f, part) for f in figures), ZERO)
            for part in ("budget", "actual", "committed", "inflow", "forecast", "deviation")}
    return {**sums, "care_days": sum(f.care_days for f in figures)}


# ---------------------------------------------------------------- exports (CSV and XLSX)

EXPORT_COLUMNS = ["kategori", "månad", "budget", "utfall", "beslutat framåt", "förväntat inflöde", "prognos",
                  "avvikelse"]
CARE_DAY_COLUMNS = ["kategori", "vårddygn", "barn", "kostnad per vårddygn"]
_PARTS = ("budget", "actual", "committed", "inflow", "forecast", "deviation")
SUPPRESSED = "–"
"""A small cell, left out (BudgetFollowUp.small_cells says why)."""


def budget_sheet(figures: BudgetFollowUp) -> Sheet:
    """Every category and month, each category's year and the whole year, so the file adds up as the page does."""
    year = str(figures.year)
    rows = [(COST_CATEGORY[c.category], m.month.strftime("%Y-%m"), m) for c in figures.categories for m in c.months]
    rows += [(COST_CATEGORY[c.category], year, c) for c in figures.categories]
    rows += [("Summa", year, figures)]
    return Sheet(f"Budget {year}", EXPORT_COLUMNS,
                 [[category, period, *(getattr(f, part) for part in _PARTS)] for category, period, f in rows])


def care_day_sheet(figures: BudgetFollowUp) -> Sheet:
    """Care days and the cost of a care day per category (comparable with Kolada's N33100 HVB and N33101
    foster care); small cells as a dash, with the rule beneath."""
    def shown(value):
        return SUPPRESSED if value is None else value

    rows = [[COST_CATEGORY[c.category], c.care_days, shown(c.children), shown(c.cost_per_care_day)]
            for c in figures.categories]
    rows.append(["Summa", figures.care_days, shown(figures.children), None])
    rows.append([figures.small_cells, None, None, None])
    return Sheet(f"Vårddygn {figures.year}", CARE_DAY_COLUMNS, rows)


async def export_csv(session: AsyncSession, actor: Actor, year: int, *, unit: str | None = None,
                     table: str = "budget") -> str:
    """The follow-up as Swedish CSV (semicolons, decimal commas): the budget table, or with ``table="care_days"``
    the care days per category. The export is logged."""
    figures = await follow_up(session, actor, year, unit=unit)
    sheet = care_day_sheet(figures) if table == "care_days" else budget_sheet(figures)
    record(session, actor, AuditAction.EXPORT, "budget", year, detail=f"CSV-export av {sheet.title.lower()}")
    return csv_text(sheet)


async def export_xlsx(session: AsyncSession, actor: Actor, year: int, *, unit: str | None = None) -> bytes:
    """The follow-up as an XLSX workbook: the budget table and the care days, one sheet each. Logged."""
    figures = await follow_up(session, actor, year, unit=unit)
    record(session, actor, AuditAction.EXPORT, "budget", year, detail=f"XLSX-export av budgetuppföljningen {year}")
    return xlsx_bytes([budget_sheet(figures), care_day_sheet(figures)])


# ---------------------------------------------------------------- import from a spreadsheet, and its template

IMPORT_FIELD = "file"
"""The upload's field, in the API and on the page: every error about the file is reported on it."""
IMPORTED = "importerad från kalkylblad"
CATEGORY_SYNONYMS: dict[CostCategory, tuple[str, ...]] = {
    CostCategory.OWN_HOMES: ("Familjehem i egen regi", "Familjehem egen regi", "Egna familjehem", "Egen regi",
                             "Familjehem", "Förstärkta familjehem", "Kommunens familjehem"),
    CostCategory.KINSHIP_HOMES: ("Nätverkshem", "Nätverksplaceringar", "Nätverksfamiljehem", "Släktinghem",
                                 "Släkthem", "Anhörighem"),
    CostCategory.CONSULTANT_HOMES: ("Konsulentstödda familjehem", "Konsulentstött familjehem", "Konsulentstödda",
                                    "Konsulenthem", "Konsulentfamiljehem", "Familjehem via konsulentverksamhet"),
    CostCategory.EMERGENCY_HOMES: ("Jourhem", "Jourfamiljehem", "Jourfamiljer", "Jour"),
    CostCategory.HVB: ("HVB", "HVB-hem", "Hem för vård eller boende"),
    CostCategory.SIS: ("SiS", "SiS-hem", "Särskilda ungdomshem", "Statens institutionsstyrelse"),
    CostCategory.SUPPORTED_HOUSING: ("Stödboende", "Stödboenden"),
    CostCategory.OTHER: ("Övrigt", "Övriga", "Övriga placeringar", "Annat"),
}
"""The names a budget spreadsheet uses for each category, besides the name the pages show (costs/labels.py)."""
_CATEGORY_OF = {spreadsheet.heading_key(name): category for category in CostCategory
                for name in (COST_CATEGORY[category], category.value, *CATEGORY_SYNONYMS[category])}
_MONTHS = range(1, 13)
_MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
BUDGET_HEADINGS: dict[str, tuple[str, ...]] = {
    "category": ("kategori", "kostnadskategori", "placeringsform", "placeringskategori", "verksamhet"),
    "unit": ("enhet", "enhetsnamn", "avdelning"),
    "annual": ("årsbelopp", "årsbudget", "budget", "helår", "helårsbudget", "belopp", "summa", "totalt", "total"),
    **{f"month_{m}": (periods.MONTH_NAMES[m - 1], _MONTH_ABBREVIATIONS[m - 1], str(m), f"{m:02d}")
       for m in _MONTHS},
}
_MONTH_HEADINGS = ", ".join(a.capitalize() for a in _MONTH_ABBREVIATIONS)
IMPORT_NEEDED = (f"kategori, enhet (valfri) och antingen årsbelopp (fördelas efter dagar) eller tolv månader "
                 f"({_MONTH_HEADINGS}, eller Januari … December, eller 1–12)")
TEMPLATE_COLUMNS = ["Kategori", "Enhet", "Årsbelopp", *(a.capitalize() for a in _MONTH_ABBREVIATIONS)]


def _missing_columns(columns) -> list[str]:
    months = [m for m in _MONTHS if f"month_{m}" in columns]
    if "annual" in columns or len(months) == 12:
        return []
    if months:
        return [periods.MONTH_NAMES[m - 1] for m in _MONTHS if m not in months]
    return ["årsbelopp (eller tolv månader)"]


IMPORT_LAYOUT = spreadsheet.Layout(
    headings=BUDGET_HEADINGS, key="category", key_label="kategori", needed=IMPORT_NEEDED, missing=_missing_columns,
    noun="budgeten", field=IMPORT_FIELD, detail="Budgetfilen kan inte läsas in.",
    rows_detail="Budgetfilen kan inte läsas in: rätta raderna och försök igen. Ingenting är sparat.",
    max_bytes=BUDGET_IMPORT_MAX_BYTES, years_in_headings=True)


def _category(value: Any) -> CostCategory:
    category = _CATEGORY_OF.get(spreadsheet.heading_key(spreadsheet.text(value)))
    if category is None:
        raise CellError(f"”{spreadsheet.shown(value)}” är ingen kategori; ange någon av "
                        f"{', '.join(COST_CATEGORY.values())}.")
    return category


def _unit(value: Any) -> str:
    unit = spreadsheet.text(value)
    return WHOLE_COMMITTEE if unit.casefold() == WHOLE_COMMITTEE.casefold() else unit


def _amount(value: Any) -> Decimal:
    return spreadsheet.amount(value, BUDGET_MAX_AMOUNT)


def read_budget(content: bytes) -> BudgetIn:
    """A year's budget from a CSV or XLSX file with a row per category and unit (Kategori, Enhet) and either an
    annual amount (Årsbelopp, spread by days) or twelve months: the same input as the typed budget, validated by
    the same schemas. Anything wrong is one InvalidInputError naming each line and column."""
    table = spreadsheet.read_table(content, IMPORT_LAYOUT)
    repeated = [m for m in _MONTHS if len(table.all_columns.get(f"month_{m}", ())) > 1]
    if repeated:
        raise IMPORT_LAYOUT.invalid(
            f"Rad {table.heading_row}: fler än tolv månadskolumner; {', '.join(periods.MONTH_NAMES[m - 1] for m in repeated)} "
            "finns mer än en gång. En budgetrad har en kolumn per månad.")
    lines: list[BudgetLineIn] = []
    numbers: list[int] = []
    errors: list[FieldError] = []
    for number, row in table:
        category = table.value(row, "category")
        if spreadsheet.is_sum_row(row) and (category is None or spreadsheet.is_sum_row([category])):
            continue  # the sheet's own sum
        line = table.line(number, row)
        budget_line = _budget_line(line)
        if line.problems:
            errors.extend(line.problems)
            if len(errors) >= spreadsheet.MAX_ERRORS:
                break
        else:
            lines.append(budget_line)
            numbers.append(number)
    if errors:
        raise spreadsheet.rows_invalid(IMPORT_LAYOUT, errors)
    if not lines:
        raise IMPORT_LAYOUT.invalid("Filen har inga budgetrader under rubrikraden.")
    try:
        return BudgetIn.model_validate({"lines": lines})
    except ValidationError as error:
        raise spreadsheet.rows_invalid(IMPORT_LAYOUT, _whole_budget_problems(error, lines, numbers)) from None


def _budget_line(line: spreadsheet.Line) -> BudgetLineIn | None:
    """A row as the typed budget's line: twelve months where the row has any (or the file has no annual amount),
    else the annual amount; None where something is wrong (``line.problems`` says what)."""
    columns = line.table.columns
    category = line.read("category", _category)
    unit = line.read("unit", _unit, required=False) if "unit" in columns else None
    annual = line.read("annual", _amount, required=False) if "annual" in columns else None
    fields: dict[str, Any] = {"category": category, "unit": unit or WHOLE_COMMITTEE}
    if "annual" not in columns or any(line.table.value(line.row, f"month_{m}") is not None for m in _MONTHS):
        months = [line.read(f"month_{m}", _amount) for m in _MONTHS]
        if annual is not None and None not in months and annual != sum(months, ZERO):
            line.cell_problem("annual", f"årsbeloppet {annual:.2f} är inte summan av månaderna "
                                        f"({sum(months, ZERO):.2f}); ange det ena eller rätta det.")
        fields |= {"phasing": BudgetPhasing.PER_MONTH, "months": months}
    else:
        if line.table.value(line.row, "annual") is None:
            line.cell_problem("annual", "värde saknas (ange årsbeloppet eller tolv månadsbelopp, eller ta bort raden).")
        fields |= {"phasing": BudgetPhasing.EVEN_BY_DAYS, "annual": annual}
    if line.problems:
        return None
    try:
        return BudgetLineIn.model_validate(fields)
    except ValidationError as error:
        for problem in error.errors(include_url=False):
            _place(line, problem["loc"], swedish_message(problem))
        return None


def _place(line: spreadsheet.Line, location: tuple, message: str) -> None:
    """A schema's error on a budget line, at the column it is about."""
    if location and location[0] in ("category", "unit", "annual"):
        line.cell_problem(location[0], message)
    elif len(location) > 1 and location[0] == "months" and isinstance(location[1], int):
        line.cell_problem(f"month_{location[1] + 1}", message)
    else:
        line.problem(message)


def _whole_budget_problems(error: ValidationError, lines: list[BudgetLineIn], numbers: list[int]) -> list[FieldError]:
    """The schema's errors on the budget as a whole: a category and unit named twice at each line it repeats
    (with the line it repeats), anything else about the file."""
    first: dict[tuple[CostCategory, str], int] = {}
    repeats: list[FieldError] = []
    for line, number in zip(lines, numbers):
        key = (line.category, line.unit)
        if key in first:
            repeats.append(FieldError(IMPORT_FIELD, f"Rad {number}: {COST_CATEGORY[line.category]} för {line.unit} "
                                                    f"finns redan på rad {first[key]}."))
        first.setdefault(key, number)
    messages = [swedish_message(problem) for problem in error.errors(include_url=False)]
    return [FieldError(IMPORT_FIELD, message) for message in messages] + repeats


async def import_budget(session: AsyncSession, actor: Actor, year: int, content: bytes) -> BudgetFollowUp:
    """Replace the year's budget with the lines of an uploaded spreadsheet, saved and logged as a typed budget
    is; a file with any bad row saves nothing. The file is read, never stored."""
    await authorize(session, actor, Action.BUDGET_WRITE, "budget", year)
    return await save_budget(session, actor, year, read_budget(content), source=IMPORTED)


def template_sheet(year: int, lines: list[BudgetLineIn]) -> Sheet:
    """The import's template: its headings and a row per category for the whole committee, or the year's saved
    lines where it has a budget (so a budget can be exported, changed and imported again)."""
    if not lines:
        rows: list[list[Any]] = [[COST_CATEGORY[c], WHOLE_COMMITTEE, *([None] * 13)] for c in CostCategory]
    else:
        rows = [[COST_CATEGORY[line.category], line.unit, line.annual, *(line.months or [None] * 12)]
                for line in lines]
    return Sheet(f"Budget {year}", TEMPLATE_COLUMNS, rows)


async def import_template(session: AsyncSession, actor: Actor, year: int, *, xlsx: bool) -> str | bytes:
    """The template to fill in and import, as XLSX or Swedish CSV: the year's budget lines if it has any."""
    await authorize(session, actor, Action.BUDGET_WRITE, "budget", year)
    lines = await budget_lines(session, actor, year)
    if lines:
        record(session, actor, AuditAction.EXPORT, "budget", year,
               detail=f"importmall med budgeten {year} ({'XLSX' if xlsx else 'CSV'})")
    sheet = template_sheet(year, lines)
    return xlsx_bytes([sheet]) if xlsx else csv_text(sheet)
