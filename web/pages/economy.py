"""HTML page of the economy (Ekonomi), where the budget steering group lands: the year's budget against the
actual costs per category and month (Budget / Utfall / Avvikelse). Amounts and categories only, never a name."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from core import clock, periods
from core.errors import FieldError, InvalidInputError
from core.permissions import Action
from costs import budget
from web.auth import require
from web.deps import Session
from web.pages import labels
from web.pages.forms import FormErrors, collect_errors
from web.pages.placements import kronor
from web.pages.templating import render

router = APIRouter(include_in_schema=False)

CostReader = require(Action.COSTS_READ, "Din roll kan inte se kostnader och budget.")
YEAR_HELP = f"Ange ett år mellan {periods.FIRST_YEAR} och {{last}}."


def _year(value: str | None) -> int:
    """The year asked for (this year by default), within the planning range: else a clear error."""
    last = clock.today().year + periods.PLANNING_YEARS
    if not value:
        return clock.today().year
    if not value.strip().isdigit() or not periods.FIRST_YEAR <= int(value) <= last:
        raise InvalidInputError(FieldError("ar", YEAR_HELP.format(last=last)))
    return int(value)


@router.get("/ekonomi", name="economy_page")
async def economy_page(request: Request, session: Session, actor: CostReader) -> Response:
    errors, follow_up, status_code = FormErrors(), None, 200
    try:
        year = _year(request.query_params.get("ar"))
    except InvalidInputError as error:
        errors, year, status_code = collect_errors(error.errors), clock.today().year, 422
    if not errors:
        follow_up = await budget.follow_up(session, actor, year)
    context = {
        "year": year, "follow_up": follow_up, "errors": errors, "kronor": kronor, "label": labels.label,
        "years": list(range(clock.today().year + 1, clock.today().year - 4, -1)),
        "month_names": [name.capitalize() for name in periods.MONTH_NAMES],
    }
    return render(request, "economy/page.html", context, status_code=status_code)
