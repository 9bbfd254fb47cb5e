"""HTML pages of the economy (Ekonomi), where the budget steering group lands: the year's budget against the
actual costs and the forecast per category and month (Budget / Utfall / Beslutat framåt / Förväntat inflöde /
Prognos / Avvikelse), care days and the cost of a care day, the forecast's range as a chart with its table;
the steering group's lists of placements (Ekonomi, Placeringar); and one placement's costs by its reference,
month by month with why each amount is what it is. Pseudonymous references, categories, dates and amounts
only, never a name."""

from __future__ import annotations

from decimal import Decimal

from fastapi import APIRouter, Request
from pydantic import Field
from fastapi.responses import Response

from core import clock, periods
from core.errors import FieldError, InvalidInputError
from core.permissions import Action
from costs import budget, forecast, steering
from costs import service as costs
from core.schemas import InputModel
from web.auth import require
from web.deps import Session
from web.pages import labels
from web.pages.economy_chart import forecast_chart
from web.pages.forms import FormErrors, FormState, collect_errors, parse_form, see_other, submit_form
from web.pages.placements import kronor
from web.pages.templating import render

router = APIRouter(include_in_schema=False)

CostReader = require(Action.COSTS_READ, "Din roll kan inte se kostnader och budget.")
BudgetWriter = require(Action.BUDGET_WRITE, "Din roll kan inte spara prognoser eller budget.")


class KeepForecastIn(InputModel):
    """Keep the year's forecast as it is made today."""

    year: int = Field(ge=periods.FIRST_YEAR, le=2100)
YEAR_HELP = f"Ange ett år mellan {periods.FIRST_YEAR} och {{last}}."
MONTH_NAMES = [name.capitalize() for name in periods.MONTH_NAMES]


def _year(value: str | None) -> int:
    """The year asked for (this year by default), within the planning range: else a clear error."""
    last = clock.today().year + periods.PLANNING_YEARS
    if not value:
        return clock.today().year
    if not value.strip().isdigit() or not periods.FIRST_YEAR <= int(value) <= last:
        raise InvalidInputError(FieldError("ar", YEAR_HELP.format(last=last)))
    return int(value)


def _chosen_year(request: Request) -> tuple[int, FormErrors]:
    try:
        return _year(request.query_params.get("ar")), FormErrors()
    except InvalidInputError as error:
        return clock.today().year, collect_errors(error.errors)


def percent(value: Decimal | None) -> str:
    """``42.5`` → ``42,5 %``; nothing to say is a dash."""
    return "–" if value is None else f"{value}".replace(".", ",") + "\u00a0%"


def page_context(year: int, errors: FormErrors, **more) -> dict:
    return {
        "year": year, "errors": errors, "kronor": kronor, "percent": percent, "label": labels.label,
        "years": list(range(clock.today().year + 1, clock.today().year - 4, -1)), "month_names": MONTH_NAMES,
        **more,
    }


@router.get("/ekonomi", name="economy_page")
async def economy_page(request: Request, session: Session, actor: CostReader) -> Response:
    year, errors = _chosen_year(request)
    follow_up = year_forecast = None
    if not errors:
        follow_up = await budget.follow_up(session, actor, year)
        year_forecast = await forecast.year_forecast(session, actor, year)
    context = page_context(year, errors, follow_up=follow_up, forecast=year_forecast,
                       chart=forecast_chart(year_forecast) if year_forecast else None)
    return render(request, "economy/page.html", context, status_code=422 if errors else 200)


@router.get("/ekonomi/prognos", name="economy_forecast")
async def economy_forecast(request: Request, session: Session, actor: CostReader) -> Response:
    """The forecast's bridge from last month-end, the forecasts kept this year, and how well the method
    would have done last year (the backtest), with what such a figure cannot show."""
    year, errors = _chosen_year(request)
    context: dict = {"can_keep": actor.can(Action.BUDGET_WRITE), "saved": request.query_params.get("sparat"),
                     "this_year": clock.today().year}
    if not errors:
        last_year = year - 1 if forecast.year_bounds(year)[1] > clock.today() else year
        context |= {
            "bridge": await forecast.bridge(session, actor, year) if year == clock.today().year else None,
            "accuracy": await forecast.accuracy(session, actor, last_year),
            "kept": await forecast.kept(session, actor, year),
            "backtested": last_year,
        }
    return render(request, "economy/forecast.html", page_context(year, errors, **context),
                  status_code=422 if errors else 200)


@router.post("/ekonomi/prognos", name="economy_forecast_keep")
async def economy_forecast_keep(request: Request, session: Session, actor: BudgetWriter) -> Response:
    """Spara månadens prognos: today's forecast kept as it is made."""
    submitted = parse_form(await request.form())

    async def show(state: FormState, status_code: int) -> Response:
        return await economy_forecast(request, session, actor)

    return await submit_form(
        session, submitted, KeepForecastIn, lambda data: forecast.keep(session, actor, data.year),
        saved_with=lambda kept: see_other(f"{request.app.url_path_for('economy_forecast')}?ar={kept.year}&sparat=1"),
        show=show)


@router.get("/ekonomi/placeringar", name="economy_placements")
async def economy_placements(request: Request, session: Session, actor: CostReader) -> Response:
    """The steering group's lists: the most expensive ongoing placements with the top ten's share, those past
    their planned end, those coming, and the candidates for an own home."""
    year, errors = _chosen_year(request)
    lists = {}
    if not errors:
        lists = {
            "expensive": await steering.most_expensive(session, actor, year),
            "past": await steering.past_planned_end(session, actor),
            "coming": await steering.coming(session, actor, year),
            "conversion": await steering.conversion_candidates(session, actor),
        }
    context = page_context(year, errors, **lists)
    return render(request, "economy/placements.html", context, status_code=422 if errors else 200)


@router.get("/ekonomi/placeringar/{reference}", name="economy_placement")
async def economy_placement(request: Request, session: Session, actor: CostReader, reference: str) -> Response:
    """One placement's costs this year (or the year asked for) by its pseudonymous reference: month by month,
    each with why the amount is what it is."""
    year, errors = _chosen_year(request)
    placement = await costs.placement_by_reference(session, actor, reference[:20])
    months = []
    if not errors:
        lines = await costs.month_costs(session, actor, periods.parse(str(year), field="ar"),
                                        placement_id=placement.placement_id, page_size=100)
        for line in lines.items:
            explained = await costs.explain(session, actor, placement.placement_id,
                                            periods.parse_month(line.month.strftime("%Y-%m")))
            months.append((line, explained.segments))
    context = page_context(year, errors, placement=placement, months=months, rule=costs.RULE, today=clock.today(),
                       total=sum((line.total for line, _ in months), Decimal("0.00")))
    return render(request, "economy/placement.html", context, status_code=422 if errors else 200)
