"""HTML page of the year's budget (Ekonomi, Budget): the lines per category and unit, typed in with an annual
amount spread by days or twelve monthly amounts, or imported from a spreadsheet (XLSX or CSV, as POST
/api/budget/{year}/import). Saving replaces the whole year's budget (what is left out is no longer budgeted), as
PUT /api/budget/{year} does; the change is logged by the service."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from core import clock, periods
from core.errors import FieldError, InvalidInputError
from core.permissions import Action, Actor
from costs import budget
from costs.schemas import BUDGET_IMPORT_MAX_BYTES, WHOLE_COMMITTEE, BudgetIn, BudgetLineIn, BudgetPhasing, CostCategory
from web.api.costs import read_upload
from web.auth import require
from web.deps import Session
from web.pages import labels
from web.pages.economy import MONTH_NAMES, CostReader, page_context
from web.pages.forms import FormErrors, FormState, collect_errors, parse_form, see_other, submit_form
from web.pages.templating import render

router = APIRouter(include_in_schema=False)

BudgetWriter = require(Action.BUDGET_WRITE, "Din roll kan inte ändra budgeten.")
BLANK_ROWS = 3
"""Empty rows the form offers for new lines."""


def _planning_year(value: str | None) -> int:
    """The budget year asked for: this year by default, within the planning range."""
    last = clock.today().year + periods.PLANNING_YEARS
    if not value:
        return clock.today().year
    if not value.strip().isdigit() or not periods.FIRST_YEAR <= int(value) <= last:
        raise InvalidInputError(FieldError("ar", f"Ange ett år mellan {periods.FIRST_YEAR} och {last}."))
    return int(value)


def _form_values(lines: list[BudgetLineIn]) -> dict[str, str]:
    """The saved lines as the form's inputs (amounts with a decimal comma, as typed in Sweden)."""
    values: dict[str, str] = {}
    for row, line in enumerate(lines):
        values |= {f"lines.{row}.category": line.category.value, f"lines.{row}.unit": line.unit,
                   f"lines.{row}.phasing": line.phasing.value}
        if line.annual is not None:
            values[f"lines.{row}.annual"] = f"{line.annual:.2f}".replace(".", ",")
        for month, amount in enumerate(line.months or []):
            values[f"lines.{row}.months.{month}"] = f"{amount:.2f}".replace(".", ",")
    return values


def _amount_input(name: str) -> bool:
    return name.endswith(".annual") or ".months." in name


async def _page(request: Request, session: Session, actor: Actor, year: int, *, form: FormState | None = None,
                errors: FormErrors | None = None, import_form: FormState | None = None,
                status_code: int = 200) -> Response:
    lines = await budget.budget_lines(session, actor, year) if not errors else []
    state = form or FormState(values=_form_values(lines))
    rows = max((int(name.split(".")[1]) + 1 for name in state.values if name.startswith("lines.")), default=0)
    context = page_context(year, errors or FormErrors(), form=state, rows=range(rows + BLANK_ROWS), lines=lines,
                       can_write=actor.can(Action.BUDGET_WRITE), saved=request.query_params.get("sparat"),
                       imported=request.query_params.get("importerat"), import_form=import_form or FormState(),
                       categories=[(c.value, labels.label(c)) for c in CostCategory],
                       phasings=[(p.value, labels.label(p)) for p in BudgetPhasing], month_names=MONTH_NAMES,
                       whole_committee=WHOLE_COMMITTEE, field_label=labels.budget_field_label,
                       total=sum((sum(budget.phased(line, year)) for line in lines), budget.ZERO))
    return render(request, "economy/budget.html", context, status_code=status_code)


@router.get("/ekonomi/budget", name="budget_page")
async def budget_page(request: Request, session: Session, actor: CostReader) -> Response:
    try:
        year = _planning_year(request.query_params.get("ar"))
    except InvalidInputError as error:
        return await _page(request, session, actor, clock.today().year, errors=collect_errors(error.errors),
                           status_code=422)
    return await _page(request, session, actor, year)


@router.post("/ekonomi/budget", name="budget_save")
async def budget_save(request: Request, session: Session, actor: BudgetWriter) -> Response:
    form = await request.form()
    year = _planning_year(str(form.get("ar") or ""))
    submitted = parse_form(form, decimal_comma=[name for name in form.keys() if _amount_input(name)],
                           row_constants={"lines": {"unit", "phasing"}}, ignore=["ar"])

    async def show(state: FormState, status_code: int) -> Response:
        return await _page(request, session, actor, year, form=state, status_code=status_code)

    return await submit_form(
        session, submitted, BudgetIn, lambda data: budget.save_budget(session, actor, year, data),
        saved=lambda: see_other(f"{request.app.url_path_for('budget_page')}?ar={year}&sparat=1"), show=show,
        messages={"lines": "Ange minst en budgetrad."})


@router.post("/ekonomi/budget/import", name="budget_import")
async def budget_import(request: Request, session: Session, actor: BudgetWriter) -> Response:
    """The year's budget from an uploaded spreadsheet: the page with the saved lines, or the page again with each
    line's and column's error at the file field (nothing saved)."""
    form = await request.form()
    year = _planning_year(str(form.get("ar") or ""))
    upload = form.get(budget.IMPORT_FIELD)
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInputError(FieldError(budget.IMPORT_FIELD, "Välj budgetfilen (XLSX eller CSV)."))
        content = await read_upload(upload, BUDGET_IMPORT_MAX_BYTES)
        # A savepoint, as a typed save has: a refused import undoes what it wrote, the page's reads stay.
        async with session.begin_nested():
            await budget.import_budget(session, actor, year, content)
    except InvalidInputError as error:
        return await _page(request, session, actor, year, import_form=FormState(errors=collect_errors(error.errors)),
                           status_code=422)
    return see_other(f"{request.app.url_path_for('budget_page')}?ar={year}&importerat=1")
