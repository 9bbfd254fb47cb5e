"""School continuity (SAMS, unbroken schooling): can the child keep its school from a candidate home?

Pure functions over plain values, so matching can score thousands of homes without the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.geo import distance_km, km_text
from schooling.schemas import (
    FIRST_UPPER_SECONDARY_GRADE,
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
    band = max((b for b in settings.age_bands if b.from_age <= age), key=lambda b: b.from_age)
    transition = is_natural_transition(school.grade, move_on, settings.transition_window_months)
    where = f"{school.name} ({grade_label(school.grade)})"
    if km <= band.own_travel_km:
        return Continuity(
            ContinuityVerdict.CAN_STAY, round(km, 1), transition, 1.0,
            f"Kan gå kvar i {where}: {km_text(km)}, inom {km_text(band.own_travel_km)} för {age} år.",
        )
    if km <= band.with_transport_km:
        # Transport keeps the school but costs the child time; the farther, the more.
        share = (km - band.own_travel_km) / (band.with_transport_km - band.own_travel_km)
        return Continuity(
            ContinuityVerdict.STAY_WITH_TRANSPORT, round(km, 1), transition, round(0.8 - 0.3 * share, 3),
            f"Kan gå kvar i {where} med skolskjuts: {km_text(km)}, mer än {km_text(band.own_travel_km)} men "
            f"inom {km_text(band.with_transport_km)} för {age} år.",
        )
    change_cost = settings.natural_transition_change_cost if transition else 1.0
    reason = " vid ett naturligt stadiebyte, så bytet kostar mindre" if transition else ""
    return Continuity(
        ContinuityVerdict.MUST_CHANGE, round(km, 1), transition, round(0.5 * (1 - change_cost), 3),
        f"Måste byta från {where}: {km_text(km)}, längre än {km_text(band.with_transport_km)} med skolskjuts "
        f"för {age} år{reason}.",
    )
