"""The Ekonomi page's chart: the year's cumulative actual against the cumulative budget, with the forecast's
range (P10–P90 as a band, the expected value and the median as lines) month by month. Drawn on the server as
SVG (no script), a pure function of a YearForecast, with the same figures as a table beside it (the table
alternative). Lines differ in dash as well as colour, so the chart reads without colour too."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from core import periods
from costs.schemas import YearForecast
from web.pages.indicators import _nice_top
from web.pages.placements import kronor

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 76, 16, 16, 40

MILLION, THOUSAND = Decimal(1_000_000), Decimal(1_000)


@dataclass
class Series:
    """One line of the chart: its name, its look (stroke colour and dash) and its polyline points."""

    key: str
    name: str
    stroke: str
    dash: str | None
    points: str
    dots: list[tuple[float, float]] = field(default_factory=list)


@dataclass
class ForecastChart:
    title: str
    months: list[str]
    """Short month names under the x axis."""
    x: list[float]
    y_ticks: list[tuple[float, str]]
    y_unit: str
    band: str
    """The P10–P90 band as polygon points: P90 left to right, then P10 back."""
    series: list[Series]
    rows: list[dict]
    """The table alternative: per month the cumulative budget, actual, expected, P10, P50 and P90, as text."""
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


BAND_FILL = "#c9dcf2"
"""The range's band: light, behind the lines (the lines carry the figures; the band is a range)."""
LOOKS = {
    "budget": ("Budget", "#4a4a4a", "10 5"),
    "actual": ("Utfall", "#1a4d8f", None),
    "expected": ("Prognos (förväntat)", "#8a3b00", None),
    "p50": ("Prognos (median)", "#8a3b00", "3 4"),
}


def axis_unit(top: Decimal) -> tuple[Decimal, str]:
    """Millions of kronor for a large year, thousands for a small one."""
    return (MILLION, "mnkr") if top >= MILLION else (THOUSAND, "tkr")


def axis_label(value: Decimal, divisor: Decimal, unit: str) -> str:
    """``12 500 000`` → ``12,5 mnkr``, ``1 250 000`` → ``1,25 mnkr``: at most two decimals, no trailing zeros."""
    scaled = (value / divisor).quantize(Decimal("0.01"))
    text = f"{scaled:f}".rstrip("0").rstrip(".") if "." in f"{scaled:f}" else f"{scaled:f}"
    return f"{text.replace('.', ',')}\u00a0{unit}"


def forecast_chart(forecast: YearForecast) -> ForecastChart | None:
    """The chart and its table from a year's forecast; None when it has no months or nothing but zeros."""
    months = forecast.months
    values = [m.budget for m in months] + [m.p90 for m in months] + [m.expected for m in months]
    values += [m.actual for m in months if m.actual is not None]
    if not any(values):
        return None
    top = Decimal(str(_nice_top(float(max(values, default=Decimal(0))))))
    divisor, unit = axis_unit(top)
    span = (WIDTH - RIGHT) - LEFT
    step = span / max(1, len(months) - 1)
    xs = [round(LEFT + i * step, 1) for i in range(len(months))]

    def y(value: Decimal) -> float:
        return round((HEIGHT - BOTTOM) - float(value / top) * ((HEIGHT - BOTTOM) - TOP), 1)

    def points(pairs) -> str:
        return " ".join(f"{x},{y(v)}" for x, v in pairs)

    series = []
    for key, name_look in LOOKS.items():
        name, stroke, dash = name_look
        pairs = [(x, getattr(m, key)) for x, m in zip(xs, months, strict=True) if getattr(m, key) is not None]
        if pairs:
            dots = [(x, y(v)) for x, v in pairs] if key == "actual" else []
            series.append(Series(key, name, stroke, dash, points(pairs), dots))
    band = points([(x, m.p90) for x, m in zip(xs, months, strict=True)]
                  + [(x, m.p10) for x, m in reversed(list(zip(xs, months, strict=True)))])
    names = [periods.MONTH_NAMES[m.month.month - 1] for m in months]
    rows = [{"month": name.capitalize(), "budget": kronor(m.budget), "actual": kronor(m.actual),
             "expected": kronor(m.expected), "p10": kronor(m.p10), "p50": kronor(m.p50), "p90": kronor(m.p90)}
            for name, m in zip(names, months, strict=True)]
    last = months[-1]
    description = (
        f"Linjediagram över årets ackumulerade kostnader månad för månad. Vid årets slut: budget {kronor(last.budget)}, "
        f"prognos {kronor(last.expected)} (förväntat), med 8 av 10 utfall mellan {kronor(last.p10)} och "
        f"{kronor(last.p90)}."
        + (f" Utfall hittills {kronor(forecast.actual)}." if any(m.actual is not None for m in months) else "")
        + " Samma siffror per månad finns i tabellen under diagrammet.")
    return ForecastChart(
        title=f"Ackumulerat utfall mot budget {forecast.year}, med prognosens intervall",
        months=[name[:3] for name in names], x=xs,
        y_ticks=[(y(top * i / 4), axis_label(top * i / 4, divisor, unit)) for i in range(5)], y_unit=unit,
        band=band, series=series, rows=rows, description=description)
