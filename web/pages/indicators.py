"""HTML page of the self-check indicators (Indikatorer): one period's table, girls and boys apart, against the
targets, and a small trend chart of one indicator over the latest tertials, drawn on the server as SVG (no
script) with the same figures as a table beside it. Counts only: every role may see it."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from fastapi import APIRouter, Request
from fastapi.responses import Response

from core import clock, periods
from core.errors import InvalidInputError
from core.periods import PeriodKind
from core.permissions import Action, Actor
from placements import service as bookings
from indicators import service as service
from indicators.schemas import Figure, IndicatorRow, IndicatorsOut
from web.auth import CurrentActor
from web.deps import Session
from web.pages import labels
from web.pages.forms import FormErrors, FormState, collect_errors
from web.pages.templating import render

router = APIRouter(include_in_schema=False)

TEMPLATE = "indicators/page.html"
TREND_TERTIALS = 6
PICKER_TERTIALS = 9
PICKER_YEARS = 4
PICKER_MONTHS = 12
DEFAULT_TREND = "visits_per_child_year"
FIELD_LABELS = {"period": "Period", "indikator": "Indikator i diagrammet"}

# The chart's drawing area inside its viewBox (SVG user units); the text around it is sized in the same units.
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40
SERIES = (("total", "Alla", "series--total"), ("girls", "Flickor", "series--girls"), ("boys", "Pojkar", "series--boys"))


def number(value: float | None, unit: str = "") -> str:
    """``83.3`` → ``83,3 %`` for shares, ``4.2`` → ``4,2`` otherwise; nothing to measure is a dash."""
    if value is None:
        return "–"
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}".replace(".", ",")
    return f"{text}\u00a0%" if unit == "%" else text


def meets_target(row: IndicatorRow, figure: Figure) -> bool | None:
    """Whether a figure reaches the row's target (None: no target, no direction, or nothing measured)."""
    if row.target is None or row.higher_is_better is None or figure.value is None:
        return None
    return figure.value >= row.target if row.higher_is_better else figure.value <= row.target


# ---------------------------------------------------------------- the trend chart

@dataclass
class Line:
    name: str
    css: str
    segments: list[str]
    """Polyline point lists; a period with nothing to measure breaks the line."""
    dots: list[tuple[float, float, str]]
    """(x, y, the value as text) for each measured period."""


@dataclass
class Chart:
    title: str
    unit: str
    periods: list[str]
    x: list[float]
    y_ticks: list[tuple[float, str]]
    lines: list[Line]
    target_y: float | None
    target: str | None
    rows: list[dict] = field(default_factory=list)
    """The same figures as a table: period, then each series' value."""
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


def _nice_top(largest: float) -> float:
    """A round upper end for the y axis (1, 2, 2.5, 5 × a power of ten) at or above the largest value."""
    if largest <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(largest))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= largest:
            return step * power
    return 10 * power


def _ticks(top: float) -> list[float]:
    """Round steps up to the axis's top (see _nice_top): 0, 1, 2, 3, 4, 5 for 5; 0, 0,5, 1 … 2,5 for 2,5; never
    a step that one decimal cannot show (1,25 read as 1,2)."""
    power = 10 ** math.floor(math.log10(top))
    step = {1: 0.2, 2: 0.5, 2.5: 0.5, 5: 1, 10: 2}[round(top / power, 1)] * power
    return [round(step * i, 10) for i in range(int(round(top / step)) + 1)]


def trend_chart(tables: list[IndicatorsOut], key: str) -> Chart | None:
    rows = [next((row for row in table.rows if row.key == key), None) for table in tables]
    known = [row for row in rows if row is not None]
    if not known:
        return None
    first = known[0]
    values = {name: [getattr(row, name).value if row else None for row in rows] for name, _, _ in SERIES}
    measured = [v for series in values.values() for v in series if v is not None]
    top = _nice_top(max(measured + ([first.target] if first.target is not None else []), default=0))
    span_x = (WIDTH - RIGHT) - LEFT
    step = span_x / max(1, len(tables) - 1)
    xs = [LEFT + i * step if len(tables) > 1 else LEFT + span_x / 2 for i in range(len(tables))]

    def y(value: float) -> float:
        return round((HEIGHT - BOTTOM) - value / top * ((HEIGHT - BOTTOM) - TOP), 1)

    lines = []
    for name, label, css in SERIES:
        segments, current, dots = [], [], []
        for x, value in zip(xs, values[name], strict=True):
            if value is None:
                if current:
                    segments.append(" ".join(current))
                current = []
                continue
            current.append(f"{round(x, 1)},{y(value)}")
            dots.append((round(x, 1), y(value), number(value, first.unit)))
        if current:
            segments.append(" ".join(current))
        lines.append(Line(label, css, segments, dots))
    return Chart(
        title=first.title, unit=first.unit, periods=[table.period for table in tables], x=[round(x, 1) for x in xs],
        y_ticks=[(y(value), number(value, first.unit)) for value in _ticks(top)], lines=lines,
        target_y=y(first.target) if first.target is not None and first.target <= top else None,
        target=number(first.target, first.unit) if first.target is not None else None,
        rows=[{"period": table.period, **{label: number(values[name][i], first.unit) for name, label, _ in SERIES}}
              for i, table in enumerate(tables)],
    )


# ---------------------------------------------------------------- the page

def _period_choices() -> list[tuple[str, str]]:
    """The picker: the latest tertials, newest first, then the latest whole years, then the latest months."""
    today = clock.today()
    tertials = periods.last(PeriodKind.TERTIAL, PICKER_TERTIALS, today)[::-1]
    years = periods.last(PeriodKind.YEAR, PICKER_YEARS, today)[::-1]
    months = periods.last(PeriodKind.MONTH, PICKER_MONTHS, today)[::-1]
    return ([(period.key, f"{period.year} tertial {period.number}") for period in tertials]
            + [(period.key, f"Hela {period.year}") for period in years]
            + [(period.key, f"{periods.MONTH_NAMES[period.number - 1].capitalize()} {period.year}") for period in months])


async def _trend(session: Session, actor: Actor) -> list[IndicatorsOut]:
    keys = [period.key for period in periods.last(PeriodKind.TERTIAL, TREND_TERTIALS, clock.today())]
    return await service.trend(session, actor, keys)


@router.get("/indikatorer", name="indicator_page")
async def indicator_page(request: Request, session: Session, actor: CurrentActor) -> Response:
    choices = _period_choices()
    period = request.query_params.get("period", "").strip() or choices[0][0]
    errors, table = FormErrors(), None
    try:
        table = await service.indicators(session, actor, period)
    except InvalidInputError as error:
        errors = collect_errors(error.errors)
    trend_tables = await _trend(session, actor)
    keys = [row.key for row in trend_tables[-1].rows]
    chosen = request.query_params.get("indikator", DEFAULT_TREND)
    if chosen not in keys:
        if "indikator" in request.query_params:
            errors.add("indikator", "Välj en indikator i listan.")
        chosen = DEFAULT_TREND if DEFAULT_TREND in keys else keys[0]
    context = {
        "form": FormState(values={"period": period, "indikator": chosen}, errors=errors),
        "table": table,
        "periods": choices,
        "indicators": [(row.key, row.title) for row in trend_tables[-1].rows],
        "chart": trend_chart(trend_tables, chosen),
        "number": number,
        "meets_target": meets_target,
        "field_label": lambda name: FIELD_LABELS.get(name, name),
        "can_list": actor.can(Action.CHILD_READ),
    }
    return render(request, TEMPLATE, context, status_code=422 if errors else 200)


# ---------------------------------------------------------------- the placements behind a figure

GENDERS = {"flickor": ("girl", "flickor"), "pojkar": ("boy", "pojkar")}


@router.get("/indikatorer/{key}/placeringar", name="indicator_placements")
async def indicator_placements(request: Request, session: Session, actor: CurrentActor, key: str) -> Response:
    """The placements a figure counted (for the roles that may see children: the service refuses the rest)."""
    period = request.query_params.get("period", "")
    gender, group = GENDERS.get(request.query_params.get("kon", ""), (None, "alla barn"))
    ids = await service.placements_behind(session, actor, period, key, gender)
    table = await service.indicators(session, actor, period)
    row = next(row for row in table.rows if row.key == key)
    items = await bookings.placements_by_ids(session, actor, ids)
    context = {"row": row, "table": table, "group": group, "items": items, "total": len(ids),
               "target_kind": labels.target_kind}
    return render(request, "indicators/placements.html", context)
