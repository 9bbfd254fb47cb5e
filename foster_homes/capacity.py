"""A home's free places: THE occupancy rule, in Python, numpy and SQL from one definition.

A placed child occupies a place from ``placed_from`` up to the day before ``placed_until`` (the moving day
is the next home's). Two meanings, each with its name:

- **placed on a day** (:func:`placed_on`): the children living in the home that day. The home's page says
  how many live there now.
- **occupied from a day** (:func:`occupied_from`): the fullest day from that day on. A new placement is
  open-ended, so a booking from ``day`` needs a place on every later day too, and a child already booked to
  arrive later counts. Booking takes a place by this figure, matching offers it, and the register shows
  it as "lediga från <dag>", so the register never shows a place that a booking then refuses.

``free = max(places - occupied_from(day), 0)``. The numpy and SQL forms below compute the same figure for
many homes at once; ``tests/foster_homes/test_capacity.py`` holds all three to the same answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
from sqlalchemy import ColumnElement, Date, and_, func, literal, or_, select, union_all

from foster_homes.models import FosterHome, HouseholdChild
from foster_homes.schemas import HouseholdChildRelation

Stay = tuple[dt.date, dt.date | None]
"""A placed child's ``(placed_from, placed_until)``; ``placed_until`` is None while the placement is open."""


def _present(stay: Stay, day: dt.date) -> bool:
    placed_from, placed_until = stay
    return placed_from <= day and (placed_until is None or day < placed_until)


def placed_on(stays: Iterable[Stay], day: dt.date) -> int:
    """Children living in the home on ``day``."""
    return sum(1 for stay in stays if _present(stay, day))


def stays_from(stays: Iterable[Stay], day: dt.date) -> list[Stay]:
    """The stays not over by ``day``: living in the home then, or booked to arrive later."""
    return [stay for stay in stays if stay[1] is None or stay[1] > day]


def occupied_from(stays: Iterable[Stay], day: dt.date) -> int:
    """Places taken on the fullest day from ``day`` on: the figure a booking from ``day`` must fit under."""
    ahead = stays_from(stays, day)
    # Occupancy only rises on an arrival, so the fullest day is ``day`` itself or a later arrival day.
    days = {day} | {placed_from for placed_from, _ in ahead if placed_from > day}
    return max(placed_on(ahead, candidate) for candidate in days)


def free_from(places: int, stays: Iterable[Stay], day: dt.date) -> int:
    return max(places - occupied_from(stays, day), 0)


# ---------------------------------------------------------------- numpy: every home of a snapshot at once

def occupied_from_arrays(
    day: int, home: np.ndarray, placed_from: np.ndarray, placed_until: np.ndarray, homes: int
) -> np.ndarray:
    """:func:`occupied_from` per home index, from parallel arrays of stays (day ordinals; an open stay's
    ``placed_until`` is a day past every real one)."""
    present = (placed_from <= day) & (day < placed_until)
    occupied = np.bincount(home[present], minlength=homes)
    for index in np.unique(home[placed_from > day]):  # few homes have arrivals booked ahead
        rows = home == index
        starts, ends = placed_from[rows], placed_until[rows]
        for arrival in starts[starts > day]:
            occupied[index] = max(occupied[index], int(((starts <= arrival) & (arrival < ends)).sum()))
    return occupied


# ---------------------------------------------------------------- SQL: the register's lists

def _placed_children():
    return HouseholdChild.relation == HouseholdChildRelation.PLACED


def occupied_from_per_row(day: dt.date) -> ColumnElement[int]:
    """:func:`occupied_from` for the row's home (correlated to ``FosterHome``): cheap for one page of rows."""
    ahead = and_(HouseholdChild.home_id == FosterHome.id, _placed_children(),
                 or_(HouseholdChild.placed_until.is_(None), HouseholdChild.placed_until > day))
    candidates = union_all(
        select(literal(day, Date).label("day")),
        # The row's own later arrivals (correlated, or every home's arrivals would be candidates).
        select(HouseholdChild.placed_from.label("day")).where(ahead, HouseholdChild.placed_from > day)
        .correlate(FosterHome),
    ).subquery("candidate_days")
    on_candidate = (
        select(func.count()).select_from(HouseholdChild)
        .where(ahead, HouseholdChild.placed_from <= candidates.c.day,
               or_(HouseholdChild.placed_until.is_(None), candidates.c.day < HouseholdChild.placed_until))
        .correlate(FosterHome, candidates)
        .scalar_subquery()
    )
    return select(func.max(on_candidate)).select_from(candidates).correlate(FosterHome).scalar_subquery()


def occupied_from_per_home(day: dt.date):
    """:func:`occupied_from` for every home with placed children ahead, grouped once (a subquery of
    ``home_id, occupied`` to join), for filtering and sorting the whole register by free places.

    Those living there on ``day``, plus, for the few homes with arrivals booked after it, the highest running
    balance of those arrivals (+1) and of departures (-1); a departure sorts before an arrival on the same
    day, since the moving day belongs to the next child."""
    ahead = and_(_placed_children(), or_(HouseholdChild.placed_until.is_(None), HouseholdChild.placed_until > day))
    living = (
        select(HouseholdChild.home_id, func.count().label("living"))
        .where(ahead, HouseholdChild.placed_from <= day)
        .group_by(HouseholdChild.home_id)
        .subquery("living_on_day")
    )
    arriving = select(HouseholdChild.home_id).where(ahead, HouseholdChild.placed_from > day)
    events = union_all(
        select(HouseholdChild.home_id, HouseholdChild.placed_from.label("day"), literal(1).label("delta"))
        .where(ahead, HouseholdChild.placed_from > day),
        select(HouseholdChild.home_id, HouseholdChild.placed_until.label("day"), literal(-1).label("delta"))
        .where(ahead, HouseholdChild.placed_until.is_not(None), HouseholdChild.home_id.in_(arriving)),
    ).subquery("capacity_events")
    running = func.sum(events.c.delta).over(
        partition_by=events.c.home_id, order_by=(events.c.day, events.c.delta), rows=(None, 0))
    balances = select(events.c.home_id, running.label("balance")).subquery("capacity_balances")
    peaks = (
        select(balances.c.home_id, func.greatest(func.max(balances.c.balance), 0).label("peak"))
        .group_by(balances.c.home_id)
        .subquery("arrival_peaks")
    )
    both = living.join(peaks, living.c.home_id == peaks.c.home_id, full=True)
    return (
        select(func.coalesce(living.c.home_id, peaks.c.home_id).label("home_id"),
               (func.coalesce(living.c.living, 0) + func.coalesce(peaks.c.peak, 0)).label("occupied"))
        .select_from(both)
        .subquery("occupied_from")
    )
