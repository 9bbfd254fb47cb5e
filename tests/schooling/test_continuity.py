"""School continuity across age bands and stage transitions (pure function)."""

import datetime as dt

import pytest

from schooling.continuity import SchoolPlace, assess, is_natural_transition
from schooling.schemas import ContinuitySettings, ContinuityVerdict

SETTINGS = ContinuitySettings()
SCHOOL = (59.3940, 17.9020)  # Tensta
MID_TERM = dt.date(2026, 11, 23)


def home_at_km(km: float) -> tuple[float, float]:
    """A point straight north of the school (one degree of latitude ≈ 111.3 km)."""
    return SCHOOL[0] + km / 111.32, SCHOOL[1]


@pytest.mark.parametrize(
    ("age", "grade", "km", "verdict"),
    [
        (8, 2, 4.0, ContinuityVerdict.CAN_STAY),  # 7–9 år: 5 km on its own
        (8, 2, 6.0, ContinuityVerdict.STAY_WITH_TRANSPORT),
        (8, 2, 35.0, ContinuityVerdict.MUST_CHANGE),  # beyond 30 km with transport
        (14, 8, 11.0, ContinuityVerdict.CAN_STAY),  # 13–15 år: 12 km
        (14, 8, 45.0, ContinuityVerdict.STAY_WITH_TRANSPORT),
        (17, 11, 24.0, ContinuityVerdict.CAN_STAY),  # upper-secondary pupils travel farther
        (17, 11, 80.0, ContinuityVerdict.MUST_CHANGE),
    ],
)
def test_verdict_depends_on_distance_and_age(age, grade, km, verdict):
    result = assess(SchoolPlace("Tensta skola", *SCHOOL, grade), age, *home_at_km(km), MID_TERM, SETTINGS)
    assert result.verdict == verdict
    assert abs(result.distance_km - km) < 0.2


def test_scores_fall_from_staying_to_transport_to_changing():
    scores = [
        assess(SchoolPlace("Tensta skola", *SCHOOL, 4), 10, *home_at_km(km), MID_TERM, SETTINGS).score
        for km in (2, 20, 39, 60)
    ]
    assert scores[0] == 1.0 and scores[0] > scores[1] > scores[2] > scores[3] == 0.0


def test_changing_at_a_natural_transition_costs_less_and_says_so():
    far = home_at_km(100)
    in_year_5 = assess(SchoolPlace("Tensta skola", *SCHOOL, 5), 11, *far, dt.date(2026, 5, 20), SETTINGS)
    end_of_year_6 = assess(SchoolPlace("Tensta skola", *SCHOOL, 6), 12, *far, dt.date(2026, 5, 20), SETTINGS)
    end_of_year_9 = assess(SchoolPlace("Rinkeby skola", *SCHOOL, 9), 15, *far, dt.date(2026, 6, 10), SETTINGS)
    assert not in_year_5.natural_transition and in_year_5.score == 0.0
    assert end_of_year_6.natural_transition and end_of_year_6.score == pytest.approx(0.35)
    assert end_of_year_9.natural_transition
    assert "naturligt stadiebyte" in end_of_year_9.explanation


def test_transition_window():
    assert is_natural_transition(9, dt.date(2026, 4, 1), 3)
    assert not is_natural_transition(9, dt.date(2026, 1, 10), 3)  # mid-year
    assert is_natural_transition(6, dt.date(2026, 8, 1), 3)  # over the summer
    assert not is_natural_transition(7, dt.date(2026, 5, 20), 3)
    assert not is_natural_transition(11, dt.date(2026, 5, 20), 3)  # upper-secondary has no such break


def test_one_swedish_sentence_with_decimal_commas():
    result = assess(SchoolPlace("Tensta skola", *SCHOOL, 2), 8, *home_at_km(6.0), MID_TERM, SETTINGS)
    assert result.explanation.startswith("Kan gå kvar i Tensta skola (årskurs 2) med skolskjuts: 6,0 km")
    assert result.explanation.count(".") == 1 and result.explanation.endswith(".")


def test_no_school_is_neutral():
    result = assess(None, 3, *home_at_km(5), MID_TERM, SETTINGS)
    assert result.verdict == ContinuityVerdict.NO_SCHOOL and result.score == 1.0


def test_limits_are_settings():
    strict = ContinuitySettings(age_bands=[{"from_age": 0, "own_travel_km": 1, "with_transport_km": 2}])
    result = assess(SchoolPlace("Tensta skola", *SCHOOL, 2), 8, *home_at_km(4.0), MID_TERM, strict)
    assert result.verdict == ContinuityVerdict.MUST_CHANGE
    with pytest.raises(ValueError, match="börja på 0"):
        ContinuitySettings(age_bands=[{"from_age": 5, "own_travel_km": 1, "with_transport_km": 2}])


def test_a_child_moves_up_a_grade_each_new_school_year_but_not_past_the_school():
    from schooling.continuity import grade_on

    started = dt.date(2025, 8, 18)
    assert grade_on(4, started, dt.date(2026, 6, 10), range(0, 7)) == 4
    assert grade_on(4, started, dt.date(2026, 8, 1), range(0, 7)) == 5  # a new school year has begun
    assert grade_on(4, started, dt.date(2028, 9, 1), range(0, 7)) == 6  # an F–6 school ends with year 6
    assert grade_on(-1, started, dt.date(2028, 9, 1), range(-1, 0)) == -1  # preschool has no years
    assert grade_on(5, dt.date(2026, 7, 20), dt.date(2026, 8, 20), range(0, 10)) == 5  # enrolled for the new year
