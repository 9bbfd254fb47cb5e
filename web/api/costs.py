"""JSON API of what placements cost: /api/costs (placement-months and why each amount is what it is),
/api/rate-cards (the dated rate cards), /api/budget (budget against actual) and /api/steering (the steering
group's lists). Pseudonymous placement references only, never a child's name."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, File, Path, Query, UploadFile
from fastapi.responses import Response

from core import clock, periods
from core.schemas import Page, PageNumber
from core.spreadsheet import CSV_BOM
from costs import budget, forecast, steering
from costs import service as costs
from costs.schemas import (
    BUDGET_IMPORT_MAX_BYTES,
    BudgetFollowUp,
    BudgetIn,
    CostExplanation,
    ExpensivePlacements,
    ForecastAccuracy,
    ForecastBridge,
    PlacementMonthCost,
    WatchedPlacement,
    YearForecast,
)
from foster_homes import rate_cards
from foster_homes.schemas import RateCardIn, RateCardOut
from web.auth import CurrentActor
from web.deps import Session

router = APIRouter(prefix="/api/costs", tags=["Kostnader"])
rate_card_router = APIRouter(prefix="/api/rate-cards", tags=["Kostnader"])
PeriodQuery = Annotated[str, Query(description="2026 (year), 2026-T2 (tertial) or 2026-05 (month)", max_length=10)]
MonthPath = Annotated[str, Path(description="The month, 2026-05", max_length=7)]


@router.get("", response_model=Page[PlacementMonthCost], summary="The placement-months of a period, priced")
async def list_costs(session: Session, actor: CurrentActor, period: PeriodQuery, placement_id: uuid.UUID | None = None,
                     page: PageNumber = 1, page_size: Annotated[int, Query(ge=1, le=5000)] = 500):
    return await costs.month_costs(session, actor, periods.parse_planning(period), placement_id=placement_id,
                                   page=page, page_size=page_size)


@router.get("/{placement_id}/{month}", response_model=CostExplanation,
            summary="Varför detta belopp? A placement-month and the segments it was computed from")
async def explain_cost(session: Session, actor: CurrentActor, placement_id: uuid.UUID, month: MonthPath):
    return await costs.explain(session, actor, placement_id, periods.parse_month(month))


@rate_card_router.get("", response_model=list[RateCardOut], summary="The rate card versions, oldest first")
async def list_rate_cards(session: Session, actor: CurrentActor):
    return await rate_cards.list_rate_cards(session, actor)


@rate_card_router.post("", response_model=RateCardOut, status_code=201, summary="A new rate card version from a date")
async def create_rate_card(session: Session, actor: CurrentActor, data: RateCardIn):
    return await rate_cards.create_rate_card(session, actor, data)


budget_router = APIRouter(prefix="/api/budget", tags=["Kostnader"])
Year = Annotated[int, Path(ge=2000, le=2100, description="The budget year")]


@budget_router.get("/{year}", response_model=BudgetFollowUp,
                   summary="Budget, actual and deviation per category and month (the whole committee, or one unit)")
async def get_budget(session: Session, actor: CurrentActor, year: Year,
                     unit: Annotated[str | None, Query(max_length=100)] = None):
    return await budget.follow_up(session, actor, year, unit=unit)


@budget_router.put("/{year}", response_model=BudgetFollowUp, summary="The year's budget, every category and unit at once")
async def put_budget(session: Session, actor: CurrentActor, year: Year, data: BudgetIn):
    return await budget.save_budget(session, actor, year, data)


async def read_upload(upload: UploadFile, limit: int) -> bytes:
    """An uploaded file, read no further than one byte past its limit (the reader says it is too large)."""
    return await upload.read(limit + 1)


@budget_router.post("/{year}/import", response_model=BudgetFollowUp,
                    summary="The year's budget from a spreadsheet (CSV or XLSX: Kategori, Enhet, Årsbelopp or twelve "
                            "months), replacing it as PUT does; a file with a bad row saves nothing")
async def import_budget(session: Session, actor: CurrentActor, year: Year,
                        file: Annotated[UploadFile, File(description="CSV (UTF-8) or XLSX, at most 2 MB")]):
    return await budget.import_budget(session, actor, year, await read_upload(file, BUDGET_IMPORT_MAX_BYTES))


@budget_router.get("/{year}/import-template.xlsx", response_class=Response,
                   summary="The import's template (the year's budget lines if it has any) as an XLSX workbook")
async def import_template_xlsx(session: Session, actor: CurrentActor, year: Year):
    return download(await budget.import_template(session, actor, year, xlsx=True), f"budgetmall-{year}.xlsx")


@budget_router.get("/{year}/import-template.csv", response_class=Response,
                   summary="The import's template (the year's budget lines if it has any) as Swedish CSV")
async def import_template_csv(session: Session, actor: CurrentActor, year: Year):
    return download(await budget.import_template(session, actor, year, xlsx=False), f"budgetmall-{year}.csv")


@budget_router.get("/{year}/forecast", response_model=YearForecast,
                   summary="Helårsprognos: expected value and simulated range (P10/P50/P90), per category and month")
async def get_forecast(session: Session, actor: CurrentActor, year: Year,
                       unit: Annotated[str | None, Query(max_length=100)] = None):
    return await forecast.year_forecast(session, actor, year, unit=unit)


@budget_router.get("/{year}/forecast/bridge", response_model=ForecastBridge,
                   summary="From last month-end's forecast (as recorded then) to today's, step by step")
async def get_forecast_bridge(session: Session, actor: CurrentActor, year: Year,
                              unit: Annotated[str | None, Query(max_length=100)] = None):
    return await forecast.bridge(session, actor, year, unit=unit)


@budget_router.post("/{year}/forecast/keep", response_model=YearForecast, status_code=201,
                    summary="Keep today's forecast as it is made (its accuracy is told when the year is over)")
async def keep_forecast(session: Session, actor: CurrentActor, year: Year,
                        unit: Annotated[str | None, Query(max_length=100)] = None):
    return await forecast.keep(session, actor, year, unit=unit)


@budget_router.get("/{year}/forecast-accuracy", response_model=ForecastAccuracy,
                   summary="Backtest: the forecast rebuilt at each past month-end from what was recorded then, "
                           "against the year's outcome (bias and MAPE by months left)")
async def get_forecast_accuracy(session: Session, actor: CurrentActor, year: Year,
                                years: Annotated[int, Query(ge=1, le=5)] = 1):
    return await forecast.accuracy(session, actor, year, years=years)


steering_router = APIRouter(prefix="/api/steering", tags=["Kostnader"])


@steering_router.get("/{year}/most-expensive", response_model=ExpensivePlacements,
                     summary="The ongoing placements with the largest forecast for the year, and the top ten's share")
async def most_expensive(session: Session, actor: CurrentActor, year: Year,
                         limit: Annotated[int, Query(ge=1, le=100)] = 20):
    return await steering.most_expensive(session, actor, year, limit=limit)


@steering_router.get("/past-planned-end", response_model=list[WatchedPlacement],
                     summary="Ongoing placements past their planned end, with what the days since have cost")
async def past_planned_end(session: Session, actor: CurrentActor):
    return await steering.past_planned_end(session, actor)


@steering_router.get("/{year}/coming", response_model=list[WatchedPlacement],
                     summary="Placements decided to start later this year, with their forecast to the year's end")
async def coming(session: Session, actor: CurrentActor, year: Year):
    return await steering.coming(session, actor, year)


@budget_router.get("/{year}/export.csv", response_class=Response,
                   summary="The follow-up as Swedish CSV (semicolons, decimal commas, UTF-8 with BOM); logged")
async def export_budget(session: Session, actor: CurrentActor, year: Year,
                        unit: Annotated[str | None, Query(max_length=100)] = None):
    body = await budget.export_csv(session, actor, year, unit=unit)
    return Response("\ufeff" + body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="budget-{year}.csv"'})


# ---------------------------------------------------------------- the steering group's exports (CSV and XLSX)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(body: str | bytes, filename: str) -> Response:
    """A file to save: Swedish CSV with the byte-order mark Excel needs, or an XLSX workbook."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if isinstance(body, bytes):
        return Response(body, media_type=XLSX, headers=headers)
    return Response(CSV_BOM + body, media_type="text/csv; charset=utf-8", headers=headers)


@budget_router.get("/{year}/export.xlsx", response_class=Response,
                   summary="The follow-up and the care days as an XLSX workbook; logged")
async def export_budget_xlsx(session: Session, actor: CurrentActor, year: Year,
                             unit: Annotated[str | None, Query(max_length=100)] = None):
    return download(await budget.export_xlsx(session, actor, year, unit=unit), f"budget-{year}.xlsx")


@budget_router.get("/{year}/care-days.csv", response_class=Response,
                   summary="Care days and the cost of a care day per category as Swedish CSV; logged")
async def export_care_days(session: Session, actor: CurrentActor, year: Year,
                           unit: Annotated[str | None, Query(max_length=100)] = None):
    return download(await budget.export_csv(session, actor, year, unit=unit, table="care_days"),
                     f"varddygn-{year}.csv")


@steering_router.get("/conversion-candidates", response_model=steering.ConversionCandidates,
                     summary="Consultant home placements of 12 months or more, with the yearly saving in an own home")
async def conversion_candidates(session: Session, actor: CurrentActor):
    return await steering.conversion_candidates(session, actor)


def _list_export(name: str, extension: str, *, with_year: bool):
    """The route exporting one of the steering group's lists in one format."""
    xlsx = extension == "xlsx"

    if with_year:
        async def export(session: Session, actor: CurrentActor, year: Year):
            return download(await steering.export_list(session, actor, name, year, xlsx=xlsx),
                             f"{name}-{year}.{extension}")
    else:
        async def export(session: Session, actor: CurrentActor):
            today = clock.today()
            return download(await steering.export_list(session, actor, name, today.year, xlsx=xlsx),
                             f"{name}-{today.isoformat()}.{extension}")

    export.__name__ = f"export_{name.replace('-', '_')}_{extension}"
    path = f"/{{year}}/{name}.{extension}" if with_year else f"/{name}.{extension}"
    steering_router.add_api_route(path, export, methods=["GET"], response_class=Response, name=export.__name__,
                                  summary=f"The list {name} as {'an XLSX workbook' if xlsx else 'Swedish CSV'}; logged")


for _name, _with_year in (("most-expensive", True), ("past-planned-end", False), ("coming", True),
                          ("conversion-candidates", False)):
    for _extension in ("csv", "xlsx"):
        _list_export(_name, _extension, with_year=_with_year)


@steering_router.get("/{year}/forecast.xlsx", response_class=Response,
                     summary="The year's forecast (per category, and cumulative per month) as an XLSX workbook; logged")
async def export_forecast_xlsx(session: Session, actor: CurrentActor, year: Year):
    return download(await steering.export_forecast(session, actor, year, xlsx=True), f"prognos-{year}.xlsx")


@steering_router.get("/{year}/forecast.csv", response_class=Response,
                     summary="The year's forecast per category (table=categories) or per month (table=months) as "
                             "Swedish CSV; logged")
async def export_forecast_csv(session: Session, actor: CurrentActor, year: Year,
                              table: Annotated[Literal["categories", "months"], Query()] = "categories"):
    body = await steering.export_forecast(session, actor, year, xlsx=False, table=table)
    return download(body, f"prognos-{year}.csv" if table == "categories" else f"prognos-per-manad-{year}.csv")
