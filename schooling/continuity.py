"""School continuity (SAMS, unbroken schooling): can the child keep its school from a candidate home?

Pure functions over plain values, so matching can score thousands of homes without the database. The score
itself is one numpy function (``scores``) that both ``assess`` (one home) and matching (every home) use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from core.geo import distance_km, km_text
from schooling.schemas import (
    FIRST_UPPER_SECONDARY_GRADE,
    AgeBandLimit,
    ContinuitySettings,
    ContinuityVerdict,
    grade_label,
)

# School years end in mid-June: the summer after year 6 or 9 is the natural time to change.
SCHOOL_YEAR_ENDS = (6, 15)
NEW_SCHOOL_YEAR = (8, 1)  # by 1 August a child has moved up a year (terms start mid-August)
TRANSITION_GRADES = {6, 9}  # finishing year 6 (to 7–9) or year 9 (to upper-secondary)


@dataclass(frozen=True)
class SchoolPlace:
    """Where the child goes to school now."""

    name: str
    latitude: float
    longitude: float
    grade: int


def grade_on(grade: int, started_on: dt.date, day: dt.date, taught: range) -> int:
    """The grade a child enrolled in ``grade`` on ``started_on`` is in on ``day``: one up for every new school
    year begun since, never past the school's highest grade. An enrolment made over the summer is for the
    coming year already. Preschool (-1) is not counted in years."""
    if grade < 0 or day <= started_on:
        return grade
    new_years = sum(
        1 for year in range(started_on.year, day.year + 1)
        if started_on <= dt.date(year, *SCHOOL_YEAR_ENDS) and dt.date(year, *NEW_SCHOOL_YEAR) <= day
    )
    return min(grade + new_years, taught[-1])


@dataclass(frozen=True)
class Continuity:
    verdict: ContinuityVerdict
    distance_km: float | None
    natural_transition: bool
    score: float
    explanation: str


def is_natural_transition(grade: int, move_on: dt.date, window_months: int) -> bool:
    """A move close to the end of year 6 or 9 (or into upper-secondary) changes school at a natural point."""
    if grade >= FIRST_UPPER_SECONDARY_GRADE:
        return False
    if grade not in TRANSITION_GRADES:
        return False
    year_end = dt.date(move_on.year, *SCHOOL_YEAR_ENDS)
    if move_on > year_end + dt.timedelta(days=75):  # after the summer the new stage has begun
        year_end = dt.date(move_on.year + 1, *SCHOOL_YEAR_ENDS)
    return (year_end - move_on).days <= window_months * 31


def band_for(settings: ContinuitySettings, age: int) -> AgeBandLimit:
    """The age band a child of ``age`` falls in: the one starting closest at or below it (bands start at 0 years)."""
    return max((b for b in settings.age_bands if b.from_age <= age), key=lambda b: b.from_age)


def scores(km: np.ndarray, band: AgeBandLimit, transition: bool, settings: ContinuitySettings) -> np.ndarray:
    """Continuity scores for homes ``km`` from the child's school, unrounded: 1.0 within own travel, 0.8 falling
    to 0.5 with school transport, and 0.5 × (1 − change cost) when the child must change school."""
    km = np.asarray(km, dtype=float)
    change_cost = settings.natural_transition_change_cost if transition else 1.0
    # A band whose two limits are equal has no transport span; its share is then never picked, so hush 0/0.
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.clip((km - band.own_travel_km) / (band.with_transport_km - band.own_travel_km), 0, 1)
    return np.where(km <= band.own_travel_km, 1.0,
                    np.where(km <= band.with_transport_km, 0.8 - 0.3 * share, 0.5 * (1 - change_cost)))


def assess(
    school: SchoolPlace | None,
    age: int,
    home_latitude: float,
    home_longitude: float,
    move_on: dt.date,
    settings: ContinuitySettings,
) -> Continuity:
    """The verdict and a one-sentence Swedish explanation for one child and one candidate home."""
    if school is None:
        return Continuity(ContinuityVerdict.NO_SCHOOL, None, False, 1.0, "Barnet har ingen registrerad skola att behålla.")
    km = distance_km(school.latitude, school.longitude, home_latitude, home_longitude)
    band = band_for(settings, age)
    transition = is_natural_transition(school.grade, move_on, settings.transition_window_months)
    score = round(float(scores(np.array([km]), band, transition, settings)[0]), 3)
    where = f"{school.name} ({grade_label(school.grade)})"
    if km <= band.own_travel_km:
        return Continuity(
            ContinuityVerdict.CAN_STAY, round(km, 1), transition, score,
            f"Kan gå kvar i {where}: {km_text(km)}, inom {km_text(band.own_travel_km)} för {age} år.",
        )
    if km <= band.with_transport_km:
        # Transport keeps the school but costs the child time; the farther, the more.
        return Continuity(
            ContinuityVerdict.STAY_WITH_TRANSPORT, round(km, 1), transition, score,
            f"Kan gå kvar i {where} med skolskjuts: {km_text(km)}, mer än {km_text(band.own_travel_km)} men "
            f"inom {km_text(band.with_transport_km)} för {age} år.",
        )
    reason = " vid ett naturligt stadiebyte, så bytet kostar mindre" if transition else ""
    return Continuity(
        ContinuityVerdict.MUST_CHANGE, round(km, 1), transition, score,
        f"Måste byta från {where}: {km_text(km)}, längre än {km_text(band.with_transport_km)} med skolskjuts "
        f"för {age} år{reason}.",
    )
