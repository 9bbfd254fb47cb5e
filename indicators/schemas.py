"""The indicator figures (egenkontroll): each with its target, whether it meets it, and its rows."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from core.periods import PeriodKind


class Figure(BaseModel):
    value: float | None
    """None when there is nothing to measure (no child in the group)."""
    numerator: float | None = None
    denominator: float | None = None
    suppressed: bool = False
    """A small cell (fewer than three children) to a reader who may not see children: no figures."""


class IndicatorRow(BaseModel):
    key: str
    title: str
    unit: str
    """How to read the value: "per barn och år", "%", "dagar", "per 100 placeringar"."""
    target: float | None
    higher_is_better: bool | None
    girls: Figure
    boys: Figure
    total: Figure
    """All children (also those registered with another gender)."""


class IndicatorsOut(BaseModel):
    period: str
    period_kind: PeriodKind
    period_label: str
    starts_on: dt.date
    ends_on: dt.date
    """Last day of the period (inclusive)."""
    rows: list[IndicatorRow]
    placements_counted: int
    small_cells: str | None = None
    """The small-cell rule, where it hid a figure."""
